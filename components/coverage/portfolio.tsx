import Link from "next/link";
import { Panel } from "@/components/ui/page";
import type { PortfolioCoverage } from "@/lib/coverage/read";

/** Per failure mode, how many production versions are blind to it: a table with bars, then the versions by blind spots. */
export function PortfolioCoveragePanel({ portfolio }: { portfolio: PortfolioCoverage }) {
  const { versions, counts, items } = portfolio;
  const worst = [...items]
    .filter((i) => i.blind.length > 0)
    .sort((a, b) => b.blind.length - a.blind.length || a.model.localeCompare(b.model));
  return (
    <Panel title="Blind spots across production" id="coverage-portfolio">
      <div className="text-sm" data-testid="coverage-portfolio">
        {versions === 0 ? (
          <p className="text-muted">No version is in production.</p>
        ) : (
          <>
            <table className="w-full text-left text-sm">
              <caption className="mb-2 text-left text-xs text-muted">
                Of {versions} production version{versions === 1 ? "" : "s"}, how many are blind to each failure mode.
              </caption>
              <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th scope="col" className="py-1 pr-2">
                    Failure mode
                  </th>
                  <th scope="col" className="py-1 pr-2">
                    Blind
                  </th>
                  <th scope="col" className="w-2/5 py-1">
                    <span className="sr-only">Share of production versions blind</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {counts.map((c) => (
                  <tr key={c.mode} className="border-b border-line last:border-0" data-testid={`coverage-count-${c.mode}`}>
                    <th scope="row" className="py-1 pr-2 font-normal">
                      <span className="font-mono text-xs text-muted">{c.mode}</span> {c.title}
                    </th>
                    <td className="py-1 pr-2 tabular-nums">{c.blind}</td>
                    <td className="py-1" aria-hidden="true">
                      <div className="h-2.5 w-full rounded bg-slate-100">
                        <div className="h-2.5 rounded bg-slate-700" style={{ width: `${(100 * c.blind) / versions}%` }} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {worst.length > 0 && (
              <ul className="mt-3 space-y-1">
                {worst.slice(0, 20).map((v) => (
                  <li key={`${v.model}/${v.version}`}>
                    <Link
                      href={`/models/${encodeURIComponent(v.model)}#coverage`}
                      className="font-mono text-brand underline underline-offset-2"
                    >
                      {v.model} {v.version}
                    </Link>
                    <span className="text-xs text-muted"> blind to {v.blind.join(", ")}</span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </Panel>
  );
}
