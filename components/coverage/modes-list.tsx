import type { ModeCoverage, ModeState, VersionCoverage } from "@/lib/coverage/modes";

const badge = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";
const STATE: Record<ModeState, { label: string; className: string }> = {
  ok: { label: "ok", className: "bg-emerald-50 text-emerald-900 ring-emerald-400" },
  warning: { label: "warning", className: "bg-amber-50 text-amber-900 ring-amber-300" },
  firing: { label: "firing", className: "bg-red-50 text-red-800 ring-red-300" },
  unknown: { label: "unknown", className: "bg-slate-100 text-slate-800 ring-slate-300" },
};

function LiveBadge({ live }: { live: boolean }) {
  return live ? (
    <span className={`${badge} bg-white text-emerald-900 ring-emerald-400`}>live</span>
  ) : (
    <span className={`${badge} bg-slate-800 text-white ring-slate-800`}>blind</span>
  );
}

function ModeRow({ m }: { m: ModeCoverage }) {
  const state = STATE[m.state];
  // The runbook is the model's own (an absolute URL) or the portal's guide.
  const external = m.runbookUrl.startsWith("http");
  return (
    <li className="border-b border-line py-2 last:border-0" data-testid={`coverage-${m.mode}`}>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span className="font-mono text-xs text-muted">{m.mode}</span>
        <span className="font-medium">{m.title}</span>
        <LiveBadge live={m.live} />
        <span className={`${badge} ${state.className}`}>{state.label}</span>
        <a
          href={m.runbookUrl}
          className="ml-auto text-xs text-brand underline underline-offset-2"
          {...(external ? { rel: "noopener noreferrer" } : {})}
        >
          Runbook<span className="sr-only"> for {m.title}</span>
        </a>
      </div>
      <p className="mt-0.5 text-xs text-muted">{m.signal}</p>
      {m.detail && <p className={`mt-0.5 text-xs ${m.state === "firing" ? "text-bad" : "text-warn"}`}>{m.detail}</p>}
      {m.reason && <p className="mt-0.5 text-xs">{m.reason}</p>}
      {m.note && <p className="mt-0.5 text-xs text-muted">{m.note}</p>}
    </li>
  );
}

/** The eight failure modes of one version: live or blind, state, runbook. */
export function ModesList({ coverage }: { coverage: VersionCoverage }) {
  const n = coverage.blind.length;
  const firing = coverage.modes.filter((m) => m.state === "firing").map((m) => m.mode);
  return (
    <div className="text-sm" data-testid="coverage-modes">
      <p className={n ? "font-medium text-warn" : "text-ok"}>
        {n === 0
          ? `Every failure mode of ${coverage.model} ${coverage.version} has a live signal.`
          : `${coverage.model} ${coverage.version} is blind to ${n} of 8 failure modes: ${coverage.blind.join(", ")}.`}
        {firing.length > 0 && <span className="text-bad"> Firing now: {firing.join(", ")}.</span>}
      </p>
      <ul className="mt-2">
        {coverage.modes.map((m) => (
          <ModeRow key={m.mode} m={m} />
        ))}
      </ul>
    </div>
  );
}
