import { TableScroll } from "@/components/ui/table-scroll";
import type { PipelineSummaryView } from "@/lib/dashboards/schemas";
import { RunBadge } from "./badges";
import { ago, pct } from "./format";

/** Retraining pipelines over the last 30 days: the last run, the last success, failures and the success rate. */
export function PipelinesPanel({ pipelines, now }: { pipelines: PipelineSummaryView[]; now: number }) {
  return (
    <section
      aria-labelledby="oc-pipelines"
      className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5"
      data-testid="pipelines-panel"
    >
      <h2 id="oc-pipelines" className="mb-3 text-lg font-semibold">
        Retraining pipelines <span className="text-base font-normal text-muted">(last 30 days)</span>
      </h2>
      {pipelines.length === 0 ? (
        <p className="text-sm text-muted">
          No pipeline has reported a run. Pipelines report each run with <code className="text-xs">POST /api/v1/pipeline-runs</code>{" "}
          <code className="text-xs">{"{pipeline, model, status, trigger, startedAt}"}</code>.
        </p>
      ) : (
        <TableScroll label="Retraining pipelines">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-line bg-slate-50 text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Pipeline
                </th>
                <th scope="col" className="px-3 py-2">
                  Last run
                </th>
                <th scope="col" className="px-3 py-2">
                  Last success
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Success rate
                </th>
                <th scope="col" className="hidden px-3 py-2 md:table-cell">
                  Latest failure
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line bg-white">
              {pipelines.map((p) => {
                const failure = p.recent.find((r) => r.status === "failed");
                return (
                  <tr key={`${p.model}/${p.pipeline}`} data-testid="pipeline-row">
                    <td className="px-3 py-2 align-top">
                      <div className="font-medium">{p.model}</div>
                      <div className="font-mono text-xs text-muted break-all">{p.pipeline}</div>
                    </td>
                    <td className="px-3 py-2 align-top whitespace-nowrap">
                      <RunBadge status={p.lastRun.status} /> <span className="text-xs text-muted">{ago(p.lastRun.startedAt, now)}</span>
                      <div className="text-xs text-muted">{p.lastRun.trigger}</div>
                    </td>
                    <td className="px-3 py-2 align-top whitespace-nowrap">
                      {p.lastSuccessAt ? ago(p.lastSuccessAt, now) : <span className="text-bad">none in 30 d</span>}
                    </td>
                    <td className="px-3 py-2 align-top text-right whitespace-nowrap tabular-nums">
                      {pct(p.successRate, 0)}
                      <div className="text-xs text-muted">
                        {p.failures} of {p.runs} failed
                      </div>
                    </td>
                    <td className="hidden max-w-sm px-3 py-2 align-top text-xs md:table-cell">
                      {failure ? (
                        <>
                          <span className="text-muted">{ago(failure.startedAt, now)}:</span> {failure.message ?? "no message"}
                        </>
                      ) : (
                        <span className="text-muted">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
