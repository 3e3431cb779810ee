import Link from "next/link";

const base = "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

/** Passed / failed, in words and colour (never colour alone). */
export function VerdictBadge({ passed, label }: { passed: boolean; label?: string }) {
  return passed ? (
    <span className={`${base} bg-emerald-50 text-emerald-900 ring-emerald-400`}>
      <span aria-hidden>✓</span> {label ? `${label} passed` : "Passed"}
    </span>
  ) : (
    <span className={`${base} bg-red-50 text-red-800 ring-red-300`}>
      <span aria-hidden>✗</span> {label ? `${label} failed` : "Failed"}
    </span>
  );
}

/**
 * A version's (or model's) latest bias-audit verdict, linking to the audit; for the version page and the inventory.
 * Takes the `latestBiasAudit` of GET /api/v1/models/{name}, or an item of a version's `audits`.
 */
export function AuditVerdict({ audit }: { audit: { id: string; passed: boolean; name?: string; version?: string } | null | undefined }) {
  if (!audit) return <span className="text-sm text-muted">No bias audit</span>;
  const what = [audit.name && `“${audit.name}”`, audit.version && `of version ${audit.version}`].filter(Boolean).join(" ");
  return (
    // The accessible name starts with the visible words (axe: label-content-name-mismatch); the rest is for screen readers.
    <Link href={`/audits/${audit.id}`} className="rounded-full focus-visible:outline-2">
      <VerdictBadge passed={audit.passed} label="Bias audit" />
      {what && <span className="sr-only"> {what}</span>}
    </Link>
  );
}
