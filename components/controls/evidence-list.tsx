import Link from "next/link";
import type { EvidenceItem } from "@/lib/controls/types";
import { EvidenceStatusBadge } from "./status";

/** A control's evidence items: kind, status, why, and a link to the record (or to where it would be recorded). */
export function EvidenceList({ items }: { items: EvidenceItem[] }) {
  return (
    <ul className="space-y-1">
      {items.map((e) => (
        <li key={e.ref} className="flex flex-wrap items-baseline gap-x-2 text-sm">
          <EvidenceStatusBadge status={e.status} />
          {e.href ? (
            <Link href={e.href} className="font-mono text-xs text-brand underline underline-offset-2">
              {e.ref}
            </Link>
          ) : (
            <span className="font-mono text-xs">{e.ref}</span>
          )}
          <span className="text-muted">{e.reason}</span>
        </li>
      ))}
    </ul>
  );
}
