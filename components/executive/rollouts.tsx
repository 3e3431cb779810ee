import Link from "next/link";
import { EmptyState } from "@/components/ui/page";
import { TableScroll } from "@/components/ui/table-scroll";
import type { RolloutViewData } from "@/lib/dashboards/executive-schemas";
import { dayTime, kpiValue, STATUS_LABEL, share, signed } from "./format";

/**
 * The start-up cell of a metric row: the error rate and p99 of the rollout's first 10 minutes (its first step), with the
 * steady state beside the error rate; other metrics have none.
 */
function Startup({ r, m }: { r: RolloutViewData; m: RolloutViewData["metrics"][number] }) {
  const s = r.startup;
  if (!s || (m.key !== "error_rate" && m.key !== "p99")) return <span className="text-muted">—</span>;
  if (s.cold.requests === 0) return <span className="text-xs text-muted">no requests</span>;
  if (m.key === "p99") return <>{kpiValue(s.cold.p99, "ms")}</>;
  const steady = s.steady && s.steady.requests > 0 ? share(s.steady.errorRate, 3) : null;
  return (
    <span
      className={s.coldStart ? "font-medium text-bad" : ""}
      title={`${s.cold.requests.toLocaleString("en")} requests in the first 10 minutes${steady ? `; steady state (minutes 10–70) ${steady}` : "; no steady state yet"}${s.coldStart ? "; a cold start: over 3× the steady rate" : ""}`}
    >
      {share(s.cold.errorRate, 3)}
      <span className="block text-xs font-normal text-muted">{steady ? `steady ${steady}` : "no steady state"}</span>
    </span>
  );
}

/** Error rates are shares (0–1); every other metric is in its own unit. */
const shown = (m: RolloutViewData["metrics"][number], v: number | null) => (m.key === "error_rate" ? share(v, 3) : kpiValue(v, m.unit));

function Verdict({ m }: { m: RolloutViewData["metrics"][number] }) {
  if (m.regression)
    return <span className="rounded bg-red-50 px-1.5 py-0.5 text-xs font-medium text-bad ring-1 ring-red-300 ring-inset">regression</span>;
  if (m.improvement)
    return (
      <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-medium text-ok ring-1 ring-emerald-300 ring-inset">better</span>
    );
  return m.delta === null ? <span className="text-xs text-muted">no data</span> : <span className="text-xs text-muted">within 0.5%</span>;
}

/** Each production rollout in the period: traffic split, the version it replaces, and the canary delta of every metric. */
export function Rollouts({ rollouts }: { rollouts: RolloutViewData[] }) {
  if (!rollouts.length)
    return (
      <EmptyState title="No production rollouts in this period.">
        The serving platform reports each step of a rollout with <code className="text-xs">POST /api/v1/deployments</code>; KPIs posted per
        version then give each canary its delta.
      </EmptyState>
    );
  return (
    <ul className="space-y-4">
      {rollouts.map((r) => {
        const back = r.status === "rolled_back" || r.status === "failed";
        const live = r.endedAt === null;
        return (
          <li
            key={`${r.model}-${r.version}-${r.startedAt}`}
            className={`rounded-lg border bg-panel p-4 print-keep ${back ? "border-red-300 border-l-4 border-l-bad" : "border-line"}`}
            data-testid="rollout"
            data-status={r.status}
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="font-medium">
                <Link href={`/models/${r.model}`} className="text-brand underline underline-offset-2">
                  {r.model}
                </Link>{" "}
                <Link
                  href={`/models/${r.model}/versions/${encodeURIComponent(r.version)}`}
                  className="font-mono underline underline-offset-2"
                >
                  {r.version}
                </Link>
                {r.baseline && (
                  <span className="text-sm font-normal text-muted">
                    {" "}
                    replacing <span className="font-mono">{r.baseline}</span>
                  </span>
                )}
              </h3>
              <span className={`text-sm font-medium ${back ? "text-bad" : live ? "text-warn" : "text-ok"}`}>
                {back ? "Rolled back" : live ? "In progress" : STATUS_LABEL[r.status]}
                {r.regression && !back ? " · regression" : ""}
              </span>
            </div>
            <p className="mt-1 text-sm text-muted">
              {r.strategy},{" "}
              {r.endedAt === r.startedAt ? dayTime(r.startedAt) : `${dayTime(r.startedAt)} to ${r.endedAt ? dayTime(r.endedAt) : "now"}`}.
              Traffic: {r.trafficPercent}% to {r.version}
              {r.baseline ? `, ${100 - r.trafficPercent}% to ${r.baseline}` : ""} (peak {r.peakTrafficPercent}%).
            </p>
            <div className="mt-2" aria-hidden>
              <div className="flex h-2 overflow-hidden rounded bg-slate-200">
                <div className={back ? "bg-bad" : "bg-brand"} style={{ width: `${r.peakTrafficPercent}%` }} />
              </div>
            </div>
            <TableScroll label={`Canary deltas of ${r.model} ${r.version}`}>
              <table className="relative mt-3 w-full text-sm sm:min-w-[32rem]" data-testid="deltas">
                <caption className="sr-only">
                  {r.version} against {r.baseline ?? "no baseline"} over the rollout's window: (canary − baseline) ÷ baseline; start-up: the
                  error rate and p99 of {r.version} in the first 10 minutes of the rollout, beside its steady state
                </caption>
                <thead>
                  <tr className="border-b border-line text-left">
                    <th scope="col" className="py-1.5 pr-2 font-medium sm:pr-3">
                      Metric
                    </th>
                    <th scope="col" className="py-1.5 pr-2 text-right font-medium sm:pr-3">
                      {r.version}
                    </th>
                    <th scope="col" className="py-1.5 pr-2 text-right font-medium sm:pr-3">
                      {r.baseline ?? "baseline"}
                    </th>
                    <th scope="col" className="py-1.5 pr-2 text-right font-medium sm:pr-3">
                      Delta
                    </th>
                    <th scope="col" className="py-1.5 pr-2 text-right font-medium sm:pr-3">
                      Start-up <span className="block text-xs font-normal text-muted">first 10 min</span>
                    </th>
                    <th scope="col" className="py-1.5 font-medium">
                      <span className="sr-only">Verdict</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.metrics.map((m) => (
                    <tr key={m.key} className="border-b border-line last:border-0" data-testid="delta" data-metric={m.key}>
                      <th scope="row" className="py-1.5 pr-3 text-left font-normal">
                        {m.title}{" "}
                        <span className="hidden text-xs text-muted sm:inline">({m.higherIsBetter ? "higher" : "lower"} is better)</span>
                      </th>
                      <td className="py-1.5 pr-3 text-right tabular-nums">{shown(m, m.canary)}</td>
                      <td className="py-1.5 pr-3 text-right tabular-nums">{shown(m, m.baseline)}</td>
                      <td
                        className={`py-1.5 pr-3 text-right font-medium tabular-nums ${m.regression ? "text-bad" : m.improvement ? "text-ok" : ""}`}
                      >
                        {signed(m.delta)}
                      </td>
                      <td className="py-1.5 pr-3 text-right tabular-nums" data-testid="startup">
                        <Startup r={r} m={m} />
                      </td>
                      <td className="py-1.5">
                        <Verdict m={m} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </li>
        );
      })}
    </ul>
  );
}
