import Link from "next/link";
import type { Check } from "@/lib/releases/checks";
import { CheckBadge } from "./badges";

/** Each check with its status, what it found, and the evidence to open. */
export function ChecksList({ checks, headingId }: { checks: Check[]; headingId?: string }) {
  if (checks.length === 0) return <p className="text-sm text-muted">The policy runs no checks for this release.</p>;
  return (
    <ul className="divide-y divide-line" aria-labelledby={headingId} data-testid="checks">
      {checks.map((c) => (
        <li key={c.name} className="grid grid-cols-[6.5rem_minmax(0,1fr)] gap-x-3 py-2.5" data-check={c.name} data-status={c.status}>
          <div>
            <CheckBadge status={c.status} />
          </div>
          <div className="min-w-0">
            <p className="font-medium">
              {c.title}
              <span className="ml-2 text-xs font-normal text-muted">{c.blocking ? "blocks approval" : "advisory"}</span>
            </p>
            <p className="text-sm text-muted">{c.detail}</p>
            {c.evidence.length > 0 && (
              <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm">
                {c.evidence.map((e) => (
                  <li key={`${e.type}:${e.id}`}>
                    <Link href={e.href} className="text-brand underline underline-offset-2">
                      {e.label}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
