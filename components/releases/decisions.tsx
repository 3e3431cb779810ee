import { formatTime } from "@/lib/format";
import type { ReleaseDecisionView } from "@/lib/releases/schemas";

const WORD = { approve: "approved", reject: "rejected", request_changes: "requested changes" } as const;
const TONE = { approve: "text-ok", reject: "text-bad", request_changes: "text-warn" } as const;

/** Every decision, oldest first, grouped by round. */
export function Decisions({ decisions, round }: { decisions: ReleaseDecisionView[]; round: number }) {
  if (decisions.length === 0) return <p className="text-sm text-muted">No decisions yet.</p>;
  return (
    <ol className="space-y-3" data-testid="decisions">
      {decisions.map((d) => (
        <li key={`${d.round}/${d.reviewer}`} className="rounded-md border border-line p-3">
          <p className="text-sm">
            <span className="font-medium">{d.reviewerName}</span>{" "}
            <span className="text-muted">
              ({d.reviewer}; {d.reviewerRoles.join(", ")})
            </span>{" "}
            <span className={`font-semibold ${TONE[d.decision]}`}>{WORD[d.decision]}</span>
            {round > 1 && <span className="text-muted"> · round {d.round}</span>}
          </p>
          <p className="mt-1 text-sm whitespace-pre-wrap">{d.comment}</p>
          <p className="mt-1 text-xs text-muted">{formatTime(d.at)}</p>
        </li>
      ))}
    </ol>
  );
}
