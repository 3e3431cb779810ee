import Link from "next/link";
import type { ModelAuditItem } from "@/lib/fairness/audits";
import { formatTime } from "@/lib/format";
import { VerdictBadge } from "./audit-verdict";
import { count, ratio } from "./format";
import { TableScroll } from "./group-tables";

/** The model's audits across its versions, newest first, with this one marked. */
export function VersionComparison({ audits, current, model }: { audits: ModelAuditItem[]; current: string; model: string }) {
  if (audits.length <= 1)
    return (
      <p className="text-sm text-muted">
        This is the only bias audit of {model} so far; later audits of other versions will be compared here.
      </p>
    );
  return (
    <TableScroll label={`Bias audits of ${model} by version`}>
      <table className="w-full text-left text-sm" data-testid="version-comparison">
        <caption className="sr-only">Bias audits of {model}, newest first</caption>
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Version
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Audit
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              Verdict
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium" title="lowest selection rate ÷ highest, worst attribute">
              Disparate impact
            </th>
            <th scope="col" className="hidden py-2 pr-3 text-right font-medium sm:table-cell">
              Records
            </th>
            <th scope="col" className="hidden py-2 pr-3 font-medium md:table-cell">
              Run
            </th>
          </tr>
        </thead>
        <tbody>
          {audits.map((a) => {
            const here = a.id === current;
            return (
              <tr
                key={a.id}
                className={`border-b border-line last:border-0 ${here ? "bg-sky-50" : ""}`}
                aria-current={here ? "page" : undefined}
              >
                <td className="py-2 pr-3 font-mono">{a.version}</td>
                <td className="py-2 pr-3">
                  {here ? (
                    <span className="font-medium">{a.name} (this audit)</span>
                  ) : (
                    <Link href={`/audits/${a.id}`} className="text-brand underline-offset-2 hover:underline">
                      {a.name}
                    </Link>
                  )}
                </td>
                <td className="py-2 pr-3">
                  <VerdictBadge passed={a.passed} />
                </td>
                <td
                  className={`py-2 pr-3 text-right tabular-nums ${a.disparateImpact !== null && a.disparateImpact < 0.8 ? "font-semibold text-bad" : ""}`}
                >
                  {ratio(a.disparateImpact)}
                </td>
                <td className="hidden py-2 pr-3 text-right tabular-nums sm:table-cell">{count(a.recordCount)}</td>
                <td className="hidden py-2 pr-3 md:table-cell">{formatTime(a.createdAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
