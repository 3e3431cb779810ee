import Link from "next/link";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState, secondaryButtonClass } from "@/components/ui/page";
import type { AuditEntry } from "@/lib/audit/chain";

/**
 * One subject's history (a model, a release): its audit entries oldest first, paged by seq, with the same exports
 * as the audit trail, filtered to it.
 */
export function SubjectHistory({
  items,
  nextSeq,
  after,
  filter,
  pageHref,
  what,
}: {
  items: AuditEntry[];
  nextSeq: number | null;
  after: number;
  filter: Record<string, string>;
  pageHref: (after: number) => string;
  what: string;
}) {
  const exportHref = (format: "ndjson" | "csv") => `/api/v1/audit?${new URLSearchParams({ format, ...filter })}`;
  return (
    <>
      <div className="mb-2 flex flex-wrap items-end justify-between gap-2">
        <p className="text-sm" data-testid="history-summary">
          {items.length
            ? `${items.length} entries, seq ${items[0].seq} to ${items[items.length - 1].seq}${nextSeq ? "; more on the next page" : ""}; oldest first.`
            : ""}
        </p>
        <div className="flex flex-wrap gap-2">
          <a href={exportHref("csv")} download className={secondaryButtonClass} data-testid="history-csv">
            Download CSV
          </a>
          <a href={exportHref("ndjson")} download className={secondaryButtonClass}>
            Download NDJSON
          </a>
          <Link href={`/audit?${new URLSearchParams(filter)}`} className={secondaryButtonClass}>
            Open in the audit trail
          </Link>
        </div>
      </div>
      {items.length === 0 ? (
        <EmptyState title={`Nothing is recorded about ${what}${after ? " after this point" : ""}.`} />
      ) : (
        <AuditTable items={items} caption={`History of ${what}`} />
      )}
      <nav aria-label="History pages" className="mt-3 flex gap-2">
        {after > 0 && (
          <Link href={pageHref(0)} className={secondaryButtonClass}>
            From the start
          </Link>
        )}
        {nextSeq && (
          <Link href={pageHref(nextSeq)} className={secondaryButtonClass}>
            Later entries
          </Link>
        )}
      </nav>
    </>
  );
}
