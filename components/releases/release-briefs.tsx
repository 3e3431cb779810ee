import Link from "next/link";
import { formatTime } from "@/lib/format";
import type { ReleaseBrief } from "@/lib/releases/brief";
import { KindBadge, ReleaseStatusBadge } from "./badges";

/** A short list of releases for the model and version pages. */
export function ReleaseBriefs({
  items,
  showVersion = false,
  empty,
}: {
  items: ReleaseBrief[];
  showVersion?: boolean;
  empty: React.ReactNode;
}) {
  if (items.length === 0) return <p className="text-sm text-muted">{empty}</p>;
  return (
    <ul className="divide-y divide-line" data-testid="release-briefs">
      {items.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-2 text-sm">
          <Link href={`/releases/${r.id}`} className="font-medium text-brand underline-offset-2 hover:underline">
            {showVersion ? (
              <>
                <span className="font-mono">{r.version}</span> → {r.targetStage}
              </>
            ) : (
              `To ${r.targetStage}`
            )}
          </Link>
          <ReleaseStatusBadge status={r.status} />
          <KindBadge kind={r.kind} />
          <span className="basis-full text-xs text-muted">
            requested by {r.requestedBy}, {formatTime(r.requestedAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}
