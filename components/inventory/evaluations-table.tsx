import { TableScroll } from "@/components/ui/table-scroll";
import { formatTime } from "@/lib/format";
import type { EvaluationView } from "@/lib/inventory/views";

type Group = { dataset: string; metrics: string[]; rows: EvaluationView[] };

/** Evaluations grouped by dataset: one table each, a row per slice (the whole dataset first), a column per metric. */
export function groupEvaluations(evaluations: EvaluationView[]): Group[] {
  const by = new Map<string, EvaluationView[]>();
  for (const e of evaluations) by.set(e.dataset, [...(by.get(e.dataset) ?? []), e]);
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([dataset, rows]) => ({
      dataset,
      metrics: [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].sort(),
      // Whole dataset first, then slices by name; within one slice the newest first.
      rows: [...rows].sort(
        (a, b) =>
          Number(a.slice !== null) - Number(b.slice !== null) ||
          (a.slice ?? "").localeCompare(b.slice ?? "") ||
          b.createdAt.localeCompare(a.createdAt),
      ),
    }));
}

const num = (n: number | undefined) => (n === undefined ? "—" : String(Number(n.toFixed(4))));

export function EvaluationsTables({ evaluations }: { evaluations: EvaluationView[] }) {
  return (
    <div className="space-y-5" data-testid="evaluations">
      {groupEvaluations(evaluations).map((g) => (
        <div key={g.dataset}>
          <h3 className="mb-1 text-sm font-semibold wrap-anywhere">{g.dataset}</h3>
          <TableScroll label={`${g.dataset}, by slice`}>
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Evaluations on {g.dataset}, by slice</caption>
              <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Slice
                  </th>
                  {g.metrics.map((m) => (
                    <th key={m} scope="col" className="py-2 pr-3 text-right font-medium normal-case">
                      <span className="font-mono">{m}</span>
                    </th>
                  ))}
                  <th scope="col" className="hidden py-2 pr-3 font-medium md:table-cell">
                    Recorded
                  </th>
                </tr>
              </thead>
              <tbody>
                {g.rows.map((e) => (
                  <tr key={e.id} className="border-b border-line last:border-0">
                    <th scope="row" className="py-2 pr-3 font-normal wrap-anywhere">
                      {e.slice ?? <span className="text-muted">whole dataset</span>}
                    </th>
                    {g.metrics.map((m) => (
                      <td key={m} className="py-2 pr-3 text-right font-mono text-xs tabular-nums">
                        {num(e.metrics[m])}
                      </td>
                    ))}
                    <td className="hidden py-2 pr-3 md:table-cell">
                      {formatTime(e.createdAt)} <span className="text-muted">by {e.createdBy}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      ))}
    </div>
  );
}
