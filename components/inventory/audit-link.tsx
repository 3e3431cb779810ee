import Link from "next/link";
import { VerdictBadge } from "@/components/fairness/audit-verdict";

/**
 * A bias-audit verdict that opens the audit. The link's name starts with the badge's own words ("Bias audit passed")
 * and adds the rest for screen readers only, so what is seen and what is announced agree (axe label-content-name-mismatch).
 */
export function AuditLink({
  audit,
  label = "Bias audit",
  showVersion = false,
}: {
  audit: { id: string; passed: boolean; name?: string; version?: string } | null | undefined;
  label?: string;
  showVersion?: boolean;
}) {
  if (!audit) return <span className="text-sm text-muted">No bias audit</span>;
  return (
    <Link href={`/audits/${audit.id}`} className="inline-flex flex-wrap items-center gap-1.5 rounded-full focus-visible:outline-2">
      <VerdictBadge passed={audit.passed} label={label || undefined} />
      {showVersion && audit.version && <span className="font-mono text-xs text-muted">{audit.version}</span>}
      <span className="sr-only">
        {audit.name ? `, “${audit.name}”` : ""}
        {audit.version && !showVersion ? ` of version ${audit.version}` : ""}: open the audit
      </span>
    </Link>
  );
}
