import Link from "next/link";
import { TableScroll } from "@/components/ui/table-scroll";
import type { FindingView } from "@/lib/findings/schemas";
import { FindingSeverityBadge, MrmStatusBadge, OverdueBadge } from "./badges";

/** Findings as a table: overdue rows highlighted, each title linking to its page. */
export function FindingsTable({ items, showModel = true }: { items: FindingView[]; showModel?: boolean }) {
  return (
    <TableScroll label="Findings">
      <table className="w-full text-sm" data-testid="findings-table">
        <thead className="text-left text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-2 pr-3">
              Finding
            </th>
            {showModel && (
              <th scope="col" className="py-2 pr-3">
                Model
              </th>
            )}
            <th scope="col" className="py-2 pr-3">
              Severity
            </th>
            <th scope="col" className="py-2 pr-3">
              Status
            </th>
            <th scope="col" className="py-2 pr-3">
              Owner
            </th>
            <th scope="col" className="py-2 pr-3">
              Due
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {items.map((f) => (
            <tr key={f.id} className={f.overdue ? "bg-red-50" : undefined} data-testid="finding-row">
              <td className="py-2 pr-3">
                <Link href={`/findings/${f.id}`} className="font-medium text-brand underline underline-offset-2">
                  {f.title}
                </Link>
              </td>
              {showModel && (
                <td className="py-2 pr-3">
                  <Link href={`/models/${encodeURIComponent(f.model)}`} className="underline underline-offset-2">
                    {f.model}
                  </Link>
                  {f.version && <span className="font-mono text-muted"> {f.version}</span>}
                </td>
              )}
              <td className="py-2 pr-3">
                <FindingSeverityBadge severity={f.severity} />
              </td>
              <td className="py-2 pr-3">
                <MrmStatusBadge status={f.status} />
              </td>
              <td className="py-2 pr-3 break-all">{f.owner}</td>
              <td className="py-2 pr-3 whitespace-nowrap">
                <time dateTime={f.dueDate}>{f.dueDate}</time> {f.overdue && <OverdueBadge days={f.overdueDays} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
