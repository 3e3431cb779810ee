import { EmailText } from "@/components/ui/email-text";
import { SECURITY_EVENT_KINDS, type SecurityEventView, type SecuritySummaryView } from "@/lib/security/schemas";
import { KIND_COLOUR, KIND_LABEL, KIND_ONE } from "./kinds";
import { SecurityChart } from "./security-chart";

const utc = (iso: string) => iso.replace("T", " ").slice(0, 19);
const dayLabel = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", timeZone: "UTC" });

function Who({ e }: { e: SecurityEventView }) {
  return (
    <>
      {e.email ? <EmailText email={e.email} /> : <span className="text-muted">unknown</span>}
      {e.token && <span className="block text-xs text-muted [overflow-wrap:anywhere]">token {e.token}</span>}
      {e.address && <span className="block text-xs text-muted [overflow-wrap:anywhere]">from {e.address}</span>}
    </>
  );
}

const Route = ({ e }: { e: SecurityEventView }) =>
  e.path ? (
    <span className="font-mono text-xs [overflow-wrap:anywhere]">
      {e.method} {e.path}
    </span>
  ) : (
    <span className="text-muted">—</span>
  );

/**
 * The security audit SLI from the security log: refused sign-ins, refused tokens and permission denials over 24 hours
 * and 7 days, the week by UTC day, and the most recent events. For compliance and admins (/admin, /audit).
 */
export function SecuritySection({ summary }: { summary: SecuritySummaryView }) {
  const week = SECURITY_EVENT_KINDS.reduce((n, k) => n + summary.counts[k].last7d, 0);
  return (
    <section aria-labelledby="security-h" className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5" data-testid="security-section">
      <h2 id="security-h" className="text-lg font-semibold">
        Security
      </h2>
      <p className="mt-1 mb-4 text-sm text-muted">
        Refused sign-ins, refused API tokens and permission denials, from the security log (kept 90 days). Times are UTC.
      </p>
      <ul className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-3">
        {SECURITY_EVENT_KINDS.map((k) => (
          <li key={k} className="rounded-md border border-line p-3" data-testid="security-count" data-kind={k}>
            <p className="flex items-center gap-2 text-sm font-medium">
              <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ background: KIND_COLOUR[k] }} />
              {KIND_LABEL[k]}
            </p>
            <p className="mt-1">
              <span className="text-2xl font-semibold tabular-nums" data-testid="security-count-24h">
                {summary.counts[k].last24h}
              </span>{" "}
              <span className="text-sm text-muted">in 24 h</span>
            </p>
            <p className="text-sm text-muted">
              <span className="tabular-nums text-ink" data-testid="security-count-7d">
                {summary.counts[k].last7d}
              </span>{" "}
              in 7 days
            </p>
          </li>
        ))}
      </ul>
      {week === 0 ? (
        <p className="rounded-md border border-dashed border-line p-6 text-center text-sm text-muted" data-testid="security-empty">
          No refused sign-ins, tokens or permission denials in the last 7 days.
        </p>
      ) : (
        <>
          <h3 className="mb-2 text-sm font-semibold">The week, by UTC day</h3>
          <SecurityChart days={summary.daily.map((d) => ({ ...d, label: dayLabel(d.day) }))} />
          <h3 className="mt-5 mb-2 text-sm font-semibold">Most recent{summary.recent.length === 20 ? " 20" : ""}</h3>
          <div className="overflow-x-auto rounded-md border border-line">
            <table className="w-full text-left text-sm" data-testid="security-events">
              <caption className="sr-only">The most recent security events, newest first</caption>
              <thead className="border-b border-line bg-slate-50 text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th scope="col" className="hidden whitespace-nowrap px-3 py-2 sm:table-cell">
                    Time
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Kind
                  </th>
                  <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                    Who
                  </th>
                  <th scope="col" className="hidden px-3 py-2 lg:table-cell">
                    Route
                  </th>
                  <th scope="col" className="hidden px-3 py-2 md:table-cell">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody>
                {summary.recent.map((e) => (
                  <tr
                    key={e.id}
                    className="border-b border-line align-baseline last:border-0"
                    data-testid="security-event"
                    data-kind={e.kind}
                  >
                    <td className="hidden whitespace-nowrap px-3 py-2 font-mono text-xs tabular-nums sm:table-cell">
                      <time dateTime={e.at}>{utc(e.at)}</time>
                    </td>
                    <td className="px-3 py-2">
                      <span className="whitespace-nowrap font-medium">{KIND_ONE[e.kind]}</span>
                      {e.count > 1 && (
                        <span className="ml-1 whitespace-nowrap text-xs text-muted" data-testid="security-event-count">
                          ×{e.count} that minute
                        </span>
                      )}
                      {/* On a phone the other columns fold in here. */}
                      <div className="mt-0.5 space-y-0.5 text-xs text-muted sm:hidden">
                        <div>
                          <time dateTime={e.at}>{utc(e.at)} UTC</time>
                        </div>
                        <div>
                          <Who e={e} />
                        </div>
                        <div>
                          <Route e={e} />
                        </div>
                        <div className="text-ink">{e.reason}</div>
                      </div>
                      <div className="mt-0.5 hidden space-y-0.5 text-xs text-muted sm:block lg:hidden">
                        <Route e={e} />
                        <div className="text-ink md:hidden">{e.reason}</div>
                      </div>
                    </td>
                    <td className="hidden px-3 py-2 sm:table-cell">
                      <Who e={e} />
                    </td>
                    <td className="hidden px-3 py-2 lg:table-cell">
                      <Route e={e} />
                    </td>
                    <td className="hidden px-3 py-2 md:table-cell">{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
