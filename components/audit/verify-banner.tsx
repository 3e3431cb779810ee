import Link from "next/link";
import type { AuditVerifyResult } from "@/lib/audit/read";
import { JsonCheckpointLink } from "./json-checkpoint-link";

/** The result of recomputing the whole hash chain, said plainly, with what to do when it fails. */
export function VerifyBanner({
  result,
  checkedAt,
  showFromHref,
  checkpoint,
}: {
  result: AuditVerifyResult;
  checkedAt: string;
  showFromHref?: string;
  /** Whether a signing key is configured, so a signed checkpoint of the head can be downloaded. */
  checkpoint?: boolean;
}) {
  if (result.ok)
    return (
      <section
        aria-labelledby="verify-h"
        className="mb-5 rounded-lg border border-emerald-300 bg-emerald-50 p-4"
        data-testid="verify-result"
        data-ok="true"
      >
        <h2 id="verify-h" className="flex items-center gap-2 font-semibold text-ok">
          <span aria-hidden>✓</span> Chain verified
        </h2>
        {result.head ? (
          <>
            <p className="mt-1 text-sm">
              All {result.entries.toLocaleString("en-GB")} entries check out: seq {result.head.seq - result.entries + 1} to{" "}
              {result.head.seq} with no gap, every hash recomputed and linked to the one before
              {result.head.seq - result.entries + 1 > 1
                ? ", the first continuing the archive of the entries before it (docs/RETENTION.md)"
                : ""}
              .
            </p>
            {result.published && result.published.checked > 0 && (
              <p className="mt-1 text-sm" data-testid="verify-published">
                The Merkle roots recomputed from the entries match all {result.published.checked} published checkpoints, the latest of{" "}
                {result.published.latestSize?.toLocaleString("en-GB")} entries: nothing before it was rewritten after it was published.
              </p>
            )}
            <p className="mt-1 text-sm">
              Head: seq {result.head.seq}, hash <code className="break-all font-mono text-xs">{result.head.hash}</code>
            </p>
          </>
        ) : (
          <p className="mt-1 text-sm">
            The trail is empty, so there is nothing to verify yet. Every change made in Steward will appear here.
          </p>
        )}
        <p className="mt-1 text-xs text-muted">
          Checked {checkedAt} UTC, when this page loaded.{" "}
          <a href="/audit" className="text-brand underline">
            Verify again
          </a>
        </p>
        {checkpoint && result.head && (
          <p className="mt-2 text-sm">
            <JsonCheckpointLink filename={`steward-audit-checkpoint-${result.head.seq}.json`}>
              Save a signed checkpoint of this head
            </JsonCheckpointLink>{" "}
            <span className="text-muted">
              — keep it outside Steward; later,{" "}
              <code className="font-mono text-xs">npm run portal -- audit verify EXPORT --checkpoint FILE</code> proves the export still
              reaches this head, so a cut tail is caught.
            </span>
          </p>
        )}
      </section>
    );
  return (
    <section
      aria-labelledby="verify-h"
      className="mb-5 rounded-lg border-2 border-red-400 bg-red-50 p-4"
      data-testid="verify-result"
      data-ok="false"
    >
      <h2 id="verify-h" className="flex items-center gap-2 font-semibold text-bad">
        <span aria-hidden>✗</span> Chain broken at seq {result.firstBadSeq}
      </h2>
      <p className="mt-1 text-sm">
        <strong>Reason:</strong> {result.reason}.
      </p>
      <p className="mt-1 text-sm">
        The {result.entries.toLocaleString("en-GB")} entries before it verify. Entries from seq {result.firstBadSeq} on cannot be trusted as
        recorded: download the trail as NDJSON below, keep that file, and report this to your security team. Anyone can re-check the file
        with <code className="font-mono text-xs">npm run portal -- audit verify FILE</code>.
      </p>
      {showFromHref && (
        <p className="mt-2 text-sm">
          <Link href={showFromHref} className="text-brand underline">
            Show the entries from seq {result.firstBadSeq}
          </Link>
        </p>
      )}
      <p className="mt-1 text-xs text-muted">Checked {checkedAt} UTC, when this page loaded.</p>
    </section>
  );
}
