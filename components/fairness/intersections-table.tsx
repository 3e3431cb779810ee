import { RATE_SHORT, RATES, type RateName } from "@/lib/fairness/rates";
import type { AuditResult, GroupResult } from "@/lib/fairness/verdict";
import { VerdictBadge } from "./audit-verdict";
import { count, rate, ratio } from "./format";
import { RateHeading, RateLegend, TableScroll } from "./group-tables";

function failing(g: GroupResult): string {
  const fails = g.flags.filter((f) => f.metric && f.kind !== "too_small");
  if (fails.length === 0) return "";
  const list = fails
    .map(
      (f) =>
        `${RATE_SHORT[f.metric as RateName]} ${f.disparity === null || f.disparity === undefined ? "(reference 0)" : `${ratio(f.disparity)}×`}`,
    )
    .join(", ");
  return g.tooSmall ? `not judged: ${list}` : list;
}

/** Each pair of attributes (e.g. race × sex): its verdict and a row per combined group. */
export function IntersectionsTable({
  intersections,
  attributes,
  enabled,
}: {
  intersections: AuditResult["intersections"];
  attributes: string[];
  enabled: boolean;
}) {
  const pairs = Object.entries(intersections.summary);
  if (!enabled) return <p className="text-sm text-muted">Intersections were turned off for this audit.</p>;
  if (pairs.length === 0)
    return (
      <p className="text-sm text-muted">
        {attributes.length < 2 ? "This audit has one sensitive attribute, so there are no intersections." : "No intersections were found."}
      </p>
    );
  return (
    <div className="space-y-6">
      {pairs.map(([pair, s]) => {
        const groups = intersections.groups.filter((g) => g.attribute === pair);
        return (
          <div key={pair} data-testid={`intersection-${pair}`}>
            <div className="mb-2 flex flex-wrap items-center gap-2">
              <h3 className="font-semibold">{pair}</h3>
              <VerdictBadge passed={s.passed} />
              <span className="text-sm text-muted">
                reference {s.referenceGroup ?? "none"} · disparate impact {ratio(s.disparateImpact)} · {s.tooSmallGroups.length} of{" "}
                {s.groups} groups too small to judge
              </span>
            </div>
            <TableScroll label={`Groups of ${pair}`}>
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Groups of {pair}</caption>
                <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      Group
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      n
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      TP
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      FP
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      TN
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      FN
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      <RateHeading r="selectionRate" />
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      <RateHeading r="fpr" />
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right font-medium">
                      <RateHeading r="fnr" />
                    </th>
                    <th scope="col" className="hidden py-2 pr-3 font-medium sm:table-cell">
                      Outside the band
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {groups.map((g) => (
                    <tr
                      key={g.group}
                      className={`border-b border-line last:border-0 ${g.tooSmall ? "bg-slate-50 text-slate-600" : !g.passed ? "bg-red-50/60" : ""}`}
                    >
                      <th scope="row" className="py-2 pr-3 text-left font-normal whitespace-nowrap">
                        <span className="font-medium">{g.group}</span>
                        {g.isReference && (
                          <span className="ml-1.5 rounded bg-slate-100 px-1.5 text-xs ring-1 ring-slate-300">reference</span>
                        )}
                        {g.tooSmall && (
                          <span className="ml-1.5 rounded bg-slate-100 px-1.5 text-xs ring-1 ring-slate-300">too small to judge</span>
                        )}
                        {failing(g) && (
                          // On a phone the findings sit under the name, where they are seen without scrolling sideways.
                          <span className={`block max-w-64 text-xs whitespace-normal sm:hidden ${!g.passed ? "font-medium text-bad" : ""}`}>
                            {!g.passed && "✗ "}
                            {failing(g)}
                          </span>
                        )}
                      </th>
                      <td className="py-2 pr-3 text-right tabular-nums">{count(g.n)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{count(g.tp)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{count(g.fp)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{count(g.tn)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{count(g.fn)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{rate(g.selectionRate)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{rate(g.fpr)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{rate(g.fnr)}</td>
                      <td className={`hidden min-w-64 py-2 pr-3 sm:table-cell ${!g.passed ? "font-medium text-bad" : ""}`}>
                        {!g.passed && <span aria-hidden>✗ </span>}
                        {failing(g) || (g.isReference ? "" : "—")}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <RateLegend rates={RATES.filter((r) => r !== "prevalence" && r !== "accuracy")} />
            </TableScroll>
          </div>
        );
      })}
    </div>
  );
}
