import Link from "next/link";
import { buttonClass, secondaryButtonClass } from "@/components/ui/page";
import type { CardView } from "@/lib/cards/cards";
import { filledSections } from "@/lib/cards/content";
import { formatTime } from "@/lib/format";
import { CopyPreviousButton } from "./card-buttons";
import { CardSections, type CitedAudit, type CitedEvaluation } from "./card-sections";
import { CompletenessMeter } from "./completeness-meter";
import { cardApiPath, cardPagePath } from "./paths";

const SOURCE: Record<string, string> = {
  api: "through the API",
  browser: "in the browser",
  import: "imported",
  copy: "copied from the previous version",
};

/** Who saved the revision, when and how: one line, under the card's heading and on the print page. */
export function RevisionLine({ card }: { card: Pick<CardView, "revision" | "savedBy" | "savedAt" | "source"> }) {
  return (
    <p className="text-sm text-muted" data-testid="card-revision">
      Revision <span className="font-medium text-ink">{card.revision}</span>, saved by <span className="wrap-anywhere">{card.savedBy}</span>{" "}
      on {formatTime(card.savedAt)}, {SOURCE[card.source] ?? card.source}
    </p>
  );
}

export function NeedsReview() {
  return (
    <span
      className="inline-flex items-center gap-1 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900 ring-1 ring-amber-300 ring-inset"
      data-testid="needs-review"
    >
      <span aria-hidden>!</span> Needs review
    </span>
  );
}

/**
 * The card on the version page: its sections, completeness, revision, and what one can do with it (edit, print,
 * export, history); or, when there is none, what to do next.
 */
export function CardPanel({
  model,
  version,
  card,
  editable,
  owner,
  previousWithCard,
  evaluations,
  audits,
}: {
  model: string;
  version: string;
  card: CardView | null;
  editable: boolean;
  owner: string;
  previousWithCard: string | null;
  evaluations: CitedEvaluation[];
  audits: CitedAudit[];
}) {
  const api = cardApiPath(model, version);
  return (
    <section aria-labelledby="card" className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5" data-testid="card-panel">
      <div className="mb-3 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id="card" className="flex flex-wrap items-center gap-2 text-lg font-semibold">
            Model card {card?.needsReview && <NeedsReview />}
          </h2>
          {card && <RevisionLine card={card} />}
        </div>
        {card && (
          <div className="no-print flex flex-wrap gap-2">
            {editable && (
              <Link href={cardPagePath(model, version, "edit")} className={buttonClass}>
                Edit
              </Link>
            )}
            <Link href={cardPagePath(model, version, "print")} className={secondaryButtonClass}>
              Print
            </Link>
            <a href={`${api}?format=mct`} download={`model-card-${model}-${version}.mct.json`} className={secondaryButtonClass}>
              Export MCT JSON
            </a>
            <a href={`${api}?format=markdown`} download={`model-card-${model}-${version}.md`} className={secondaryButtonClass}>
              Export Markdown
            </a>
            <Link href={cardPagePath(model, version, "history")} className={secondaryButtonClass}>
              History
            </Link>
          </div>
        )}
      </div>
      {card ? (
        <>
          <div className="mb-4 max-w-md">
            <CompletenessMeter value={card.completeness} filled={filledSections(card.card)} />
          </div>
          {card.needsReview && (
            <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
              This card was copied from the previous version&apos;s and has not been reviewed for this version yet.
              {editable
                ? " Check each section, change what differs, and save: saving clears the mark."
                : ` The model's owner (${owner}) reviews it.`}
            </p>
          )}
          <CardSections card={card.card} evaluations={evaluations} audits={audits} />
        </>
      ) : (
        <div className="rounded-lg border border-dashed border-line p-6 text-center" data-testid="card-empty">
          <p className="font-medium">No model card for this version yet.</p>
          {editable ? (
            <>
              <p className="mt-2 text-sm text-muted">
                Reviewers decide releases from the card. Write it in the editor
                {previousWithCard ? `, or start from version ${previousWithCard}'s card and review what changed` : ""}. A pipeline can also
                import a Model Card Toolkit or Hugging Face card with POST …/card/import.
              </p>
              <div className="mt-4 flex flex-wrap justify-center gap-2">
                {previousWithCard && <CopyPreviousButton model={model} version={version} from={previousWithCard} />}
                <Link href={cardPagePath(model, version, "edit")} className={previousWithCard ? secondaryButtonClass : buttonClass}>
                  Write the card
                </Link>
              </div>
            </>
          ) : (
            <p className="mt-2 text-sm text-muted">
              The model&apos;s owner (<span className="wrap-anywhere">{owner}</span>) or an admin writes it, in the browser or by the API.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
