import Link from "next/link";
import { TableScroll } from "@/components/ui/table-scroll";
import type { VersionDetail } from "@/lib/inventory/versions";

type Row = { source: string; metric: string; before: number | undefined; after: number | undefined };

/** Registration metrics, and evaluations on the same dataset and slice (latest of each), side by side. */
export function comparisonRows(now: VersionDetail, prev: VersionDetail): Row[] {
  const rows: Row[] = [];
  for (const k of [...new Set([...Object.keys(prev.metrics), ...Object.keys(now.metrics)])].sort())
    rows.push({ source: "at registration", metric: k, before: prev.metrics[k], after: now.metrics[k] });
  const latest = (v: VersionDetail) => {
    const m = new Map<string, Record<string, number>>();
    for (const e of v.evaluations) {
      const key = e.slice ? `${e.dataset} (${e.slice})` : e.dataset;
      if (!m.has(key)) m.set(key, e.metrics); // newest first
    }
    return m;
  };
  const a = latest(prev);
  const b = latest(now);
  for (const ds of [...b.keys()].filter((k) => a.has(k)).sort()) {
    const x = a.get(ds) ?? {};
    const y = b.get(ds) ?? {};
    for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort())
      rows.push({ source: ds, metric: k, before: x[k], after: y[k] });
  }
  return rows;
}

const num = (n: number | undefined) => (n === undefined ? "—" : Number.isInteger(n) ? String(n) : n.toFixed(4).replace(/\.?0+$/, ""));

export function VersionComparison({ model, now, prev }: { model: string; now: VersionDetail; prev: VersionDetail }) {
  const rows = comparisonRows(now, prev);
  const vHref = (v: string) => `/models/${model}/versions/${encodeURIComponent(v)}`;
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        {[
          ["In production now", prev],
          ["This release", now],
        ].map(([label, v]) => {
          const d = v as VersionDetail;
          return (
            <div key={label as string} className="rounded-md border border-line p-3 text-sm">
              <p className="text-xs uppercase tracking-wide text-muted">{label as string}</p>
              <p className="font-mono font-medium">
                <Link href={vHref(d.version)} className="text-brand underline underline-offset-2">
                  {d.version}
                </Link>
              </p>
              <p className="text-muted">
                Card: {d.card ? `revision ${d.card.revision}, ${d.card.completeness}% complete` : "none"} · {d.evaluations.length}{" "}
                evaluation
                {d.evaluations.length === 1 ? "" : "s"} · {d.audits.length} bias audit{d.audits.length === 1 ? "" : "s"}
              </p>
              {d.card && (
                <Link href={`${vHref(d.version)}#card`} className="text-brand underline underline-offset-2">
                  Read the card
                </Link>
              )}
            </div>
          );
        })}
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-muted">The two versions share no metric or evaluation dataset to compare.</p>
      ) : (
        <TableScroll label="Metrics compared">
          <table className="w-full text-left text-sm" data-testid="metrics-compared">
            <caption className="sr-only">Metrics of the version in production and of this release</caption>
            <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="py-1.5 pr-3">
                  Metric
                </th>
                <th scope="col" className="py-1.5 pr-3 text-right">
                  {prev.version}
                </th>
                <th scope="col" className="py-1.5 pr-3 text-right">
                  {now.version}
                </th>
                <th scope="col" className="py-1.5 text-right">
                  Change
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {rows.map((r) => (
                <tr key={`${r.source}/${r.metric}`}>
                  <th scope="row" className="py-1.5 pr-3 font-normal">
                    {r.metric} <span className="text-xs text-muted">{r.source}</span>
                  </th>
                  <td className="py-1.5 pr-3 text-right font-mono">{num(r.before)}</td>
                  <td className="py-1.5 pr-3 text-right font-mono">{num(r.after)}</td>
                  <td className="py-1.5 text-right font-mono">
                    {r.before !== undefined && r.after !== undefined
                      ? `${r.after - r.before >= 0 ? "+" : "−"}${num(Math.abs(r.after - r.before))}`
                      : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}
