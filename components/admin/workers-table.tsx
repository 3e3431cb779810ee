import { TableScroll } from "@/components/ui/table-scroll";
import type { WorkerView } from "@/lib/health/lag";
import type { WorkerState } from "@/lib/health/workers";

const base = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";
const STATE: Record<WorkerState, { label: string; cls: string }> = {
  alive: { label: "alive", cls: "bg-emerald-50 text-emerald-900 ring-emerald-400" },
  failing: { label: "failing", cls: "bg-amber-50 text-amber-900 ring-amber-300" },
  stale: { label: "stale", cls: "bg-red-50 text-red-800 ring-red-300" },
  idle: { label: "idle", cls: "bg-slate-100 text-slate-800 ring-slate-300" },
  not_started: { label: "not started", cls: "bg-red-50 text-red-800 ring-red-300" },
  on_demand: { label: "on demand", cls: "bg-sky-50 text-sky-900 ring-sky-300" },
};

const utc = (iso: string) => `${iso.replace("T", " ").slice(0, 19)} UTC`;
function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return s < 90 ? `${s} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 360) / 10} h ago`;
}

function LastRun({ w, now }: { w: WorkerView; now: number }) {
  if (!w.lastStart) return <span className="text-muted">no pass yet</span>;
  return (
    <>
      <time dateTime={w.lastStart} title={utc(w.lastStart)}>
        {ago(w.lastStart, now)}
      </time>
      {w.running ? <span className="text-muted"> (running)</span> : null}
      <span className="block text-xs text-muted">
        {w.runs} pass{w.runs === 1 ? "" : "es"}
        {w.lastOutcome === "lock_held_elsewhere" ? "; another instance held the lock" : ""}
      </span>
    </>
  );
}

function LastError({ w }: { w: WorkerView }) {
  if (!w.lastError) return <span className="text-muted">none</span>;
  return (
    <>
      <span className="[overflow-wrap:anywhere]">{w.lastError.message}</span>
      <span className="block text-xs text-muted">
        <time dateTime={w.lastError.at}>{utc(w.lastError.at)}</time>
      </span>
    </>
  );
}

/**
 * The background workers of this instance (lib/health/workers.ts) with their lag from the store (lib/health/lag.ts):
 * state, last pass, lag and last error. On a phone the last three fold under the worker's name.
 */
export function WorkersTable({ workers, now }: { workers: WorkerView[]; now: number }) {
  return (
    <section aria-labelledby="workers-h" className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5" data-testid="workers-section">
      <h2 id="workers-h" className="text-lg font-semibold">
        Background workers
      </h2>
      <p className="mt-1 mb-4 text-sm text-muted">
        This instance&apos;s workers: a worker is alive while its last pass started within 3 of its intervals. Lag is read from the store,
        the same on every instance. <code className="text-xs">/api/ready</code> answers 503 while one is stale.
      </p>
      <TableScroll label="Background workers">
        <table className="w-full text-left text-sm" data-testid="workers-table">
          <caption className="sr-only">Each background worker with its state, last pass, lag and last error</caption>
          <thead className="border-b border-line bg-slate-50 text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-3 py-2">
                Worker
              </th>
              <th scope="col" className="px-3 py-2">
                State
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Last run
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Lag
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Last error
              </th>
            </tr>
          </thead>
          <tbody>
            {workers.map((w) => (
              <tr key={w.name} className="border-b border-line align-baseline last:border-0" data-testid="worker-row" data-worker={w.name}>
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {w.label}
                  {w.reason && <span className="block text-xs font-normal text-muted">{w.reason}</span>}
                  {/* On a phone the other columns fold in here. */}
                  <dl className="mt-1 space-y-1 text-xs font-normal md:hidden">
                    <div>
                      <dt className="inline text-muted">Last run: </dt>
                      <dd className="inline">
                        <LastRun w={w} now={now} />
                      </dd>
                    </div>
                    <div>
                      <dt className="inline text-muted">Lag: </dt>
                      <dd className="inline">{w.lagText}</dd>
                    </div>
                    <div>
                      <dt className="inline text-muted">Last error: </dt>
                      <dd className="inline">
                        <LastError w={w} />
                      </dd>
                    </div>
                  </dl>
                </th>
                <td className="px-3 py-2">
                  <span className={`${base} ${STATE[w.state].cls}`} data-testid="worker-state">
                    {STATE[w.state].label}
                  </span>
                </td>
                <td className="hidden px-3 py-2 md:table-cell" data-testid="worker-last-run">
                  <LastRun w={w} now={now} />
                </td>
                <td className="hidden px-3 py-2 md:table-cell" data-testid="worker-lag">
                  {w.lagText}
                </td>
                <td className="hidden px-3 py-2 md:table-cell" data-testid="worker-error">
                  <LastError w={w} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
