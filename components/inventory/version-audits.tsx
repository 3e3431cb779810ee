import type { BiasAuditListItem } from "@/lib/fairness/audits";
import { formatTime } from "@/lib/format";
import { AuditLink } from "./audit-link";

/** A version's bias audits, newest first (the first is the verdict that counts); each verdict opens its audit. */
export function VersionAudits({ audits }: { audits: BiasAuditListItem[] }) {
  if (audits.length === 0)
    return (
      <p className="text-sm text-muted" data-testid="version-audits">
        No bias audit of this version yet. A pipeline posts one with POST …/bias-audits.
      </p>
    );
  return (
    <ul className="space-y-3" data-testid="version-audits">
      {audits.map((a, i) => (
        <li key={a.id}>
          <div className="flex flex-wrap items-center gap-2">
            <AuditLink audit={a} />
            {i === 0 && audits.length > 1 && <span className="text-xs font-medium text-muted">latest</span>}
          </div>
          <p className="mt-1 text-sm wrap-anywhere">{a.name}</p>
          <p className="text-xs text-muted">
            <span className="wrap-anywhere">{a.dataset}</span> · {formatTime(a.createdAt)}
          </p>
        </li>
      ))}
    </ul>
  );
}
