"use client";
import { ReferenceArea } from "recharts";
import type { OnCallVersionView } from "@/lib/dashboards/schemas";
import { count, hhmm, ms, pct, when } from "./format";

const MINUTE = 60_000;
/** The start-up window of a deployment step: the 10 minutes from its minute (lib/operations/cold-start.ts). */
const START_UP_MINUTES = 10;
export const STARTUP_FILL = "#7c3aed";

type Step = OnCallVersionView["deployments"][number];

const windowOf = (d: Step) => {
  const from = d.startup ? Date.parse(d.startup.cold.from) : Math.floor(d.t / MINUTE) * MINUTE;
  return { from, to: from + START_UP_MINUTES * MINUTE };
};

/** Ten minutes are a sliver on a day's chart: the shaded area is drawn at least 6 px wide (it starts at the step), over the bars (zIndex 350; bars are 300, lines 400). */
function atLeast(p: { x?: number; y?: number; width?: number; height?: number; fill?: string; fillOpacity?: number }) {
  const width = Math.max(Number(p.width) || 0, 6);
  return <rect x={p.x} y={p.y} width={width} height={Math.max(0, Number(p.height) || 0)} fill={p.fill} fillOpacity={p.fillOpacity} />;
}

/** The start-up window after each deployment step, shaded on a chart (called as a function: recharts reads its direct children). */
export function startupAreas(v: OnCallVersionView, yAxisId?: string) {
  return v.deployments.map((d) => {
    const w = windowOf(d);
    return (
      <ReferenceArea
        key={`startup-${d.t}-${d.status}`}
        {...(yAxisId ? { yAxisId } : {})}
        x1={w.from}
        x2={w.to}
        fill={STARTUP_FILL}
        fillOpacity={0.22}
        stroke="none"
        ifOverflow="hidden"
        shape={atLeast}
        zIndex={350}
      />
    );
  });
}

function windowText(d: Step): string {
  const w = windowOf(d);
  const head = `${when(w.from)} to ${hhmm(w.to)} UTC, after ${d.strategy} ${d.status} at ${d.trafficPercent}% (${d.environment})`;
  const s = d.startup;
  if (!s || s.cold.requests === 0) return `${head}: no requests yet.`;
  const steady = s.steady && s.steady.requests > 0 ? `, steady state ${pct(s.steady.errorRate)}` : ", no steady state yet";
  const verdict = s.coldStart ? "; cold start: over 3 times the steady rate" : "";
  return `${head}: start-up error rate ${pct(s.cold.errorRate)} of ${count(s.cold.requests)} requests${steady}, start-up p99 ${ms(s.cold.p99)}${verdict}.`;
}

/** The legend of the shaded windows, and for screen readers the list of them with their start-up error rates. */
export function StartupLegend({ v }: { v: OnCallVersionView }) {
  if (!v.deployments.length) return null;
  return (
    <div data-testid="startup-windows">
      <p className="mt-1 flex items-center gap-1.5 text-xs text-muted" aria-hidden>
        <span className="inline-block h-3 w-3 shrink-0 rounded-sm" style={{ background: STARTUP_FILL, opacity: 0.35 }} />
        start-up window: the 10 minutes after each deployment
      </p>
      <ul className="sr-only" aria-label={`Start-up windows of ${v.model} ${v.version}`}>
        {v.deployments.map((d) => (
          <li key={`${d.t}-${d.status}`} data-testid="startup-window" data-cold-start={d.startup?.coldStart ? "true" : "false"}>
            Start-up window {windowText(d)}
          </li>
        ))}
      </ul>
    </div>
  );
}
