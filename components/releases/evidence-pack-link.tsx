import { secondaryButtonClass } from "@/components/ui/page";

/** The release's evidence pack as one download (compliance and admin; the page decides whether to show it). */
export function EvidencePackLink({ releaseId }: { releaseId: string }) {
  const hintId = `evidence-pack-hint-${releaseId}`;
  return (
    <div className="mt-4 border-t border-line pt-4" data-testid="evidence-pack">
      {/* A plain link: the browser downloads the zip itself, with the file name the server gives. */}
      <a href={`/api/v1/releases/${releaseId}/evidence-pack`} download className={secondaryButtonClass} aria-describedby={hintId}>
        Download evidence pack (zip)
      </a>
      <p id={hintId} className="mt-2 text-xs text-muted">
        The release and its decisions, the policy version and checks, the model card, bias audits, evaluations, training inputs, and every
        audit entry about it with the hash-chain proof; README.md summarises it along the EU AI Act&rsquo;s Annex IV.
      </p>
    </div>
  );
}
