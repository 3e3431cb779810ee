import type { CardDiffView } from "@/lib/cards/cards";
import type { LineChange, SectionDiff } from "@/lib/cards/diff";
import type { ModelCard, SectionKey } from "@/lib/cards/schemas";
import { CardSectionBody, type CitedAudit, type CitedEvaluation } from "./card-sections";

const NAMES: Record<string, string> = {
  evaluationIds: "evaluations cited",
  biasAuditIds: "bias audits cited",
  items: "risks and mitigations",
  license: "licence",
};
const words = (field: string) => NAMES[field] ?? field.replace(/([A-Z])/g, " $1").toLowerCase();

/** One side of a text change: the lines it keeps, with the lines only this side has marked. */
function TextSide({ lines, side }: { lines: LineChange[]; side: "before" | "after" }) {
  const mine = side === "before" ? "remove" : "add";
  const shown = lines.filter((l) => l.op === "equal" || l.op === mine);
  if (!shown.length) return <p className="text-sm text-muted italic">No text.</p>;
  return (
    <div className="rounded border border-line bg-white font-mono text-xs" data-testid={`text-${side}`}>
      {shown.map((l, i) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
          key={i}
          className={`px-2 py-0.5 whitespace-pre-wrap break-words ${l.op === "equal" ? "" : side === "before" ? "bg-red-50 text-red-900" : "bg-emerald-50 text-emerald-900"}`}
        >
          <span aria-hidden className="mr-1 inline-block w-3 select-none text-muted">
            {l.op === "equal" ? " " : side === "before" ? "−" : "+"}
          </span>
          {l.op !== "equal" && <span className="sr-only">{side === "before" ? "removed: " : "added: "}</span>}
          {l.text || "\u00a0"}
        </div>
      ))}
    </div>
  );
}

function Side({
  s,
  side,
  evaluations,
  audits,
}: {
  s: SectionDiff;
  side: "before" | "after";
  evaluations: CitedEvaluation[];
  audits: CitedAudit[];
}) {
  const value = s[side] as Record<string, unknown> | null;
  const text = s.fields.find((f) => f.field === "text");
  // The text as a line diff when it changed; the structured fields as the card shows them.
  const rest = value ? Object.fromEntries(Object.entries(value).filter(([k]) => !(k === "text" && text?.changed))) : null;
  const card = { [s.section]: rest ?? undefined } as ModelCard;
  return (
    <div className="min-w-0">
      <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">{side === "before" ? "Before" : "After"}</p>
      {value !== null && text?.changed && text.lines && (
        <div className="mb-2">
          <TextSide lines={text.lines} side={side} />
        </div>
      )}
      {value === null ? (
        <p className="text-sm text-muted italic">Empty.</p>
      ) : rest && Object.keys(rest).length ? (
        <CardSectionBody k={s.section as SectionKey} card={card} evaluations={evaluations} audits={audits} />
      ) : null}
    </div>
  );
}

/** Section by section: changed sections highlighted, before and after side by side (stacked on a phone). */
export function DiffView({
  diff,
  evaluations = [],
  audits = [],
  between,
}: {
  diff: CardDiffView;
  evaluations?: CitedEvaluation[];
  audits?: CitedAudit[];
  /** What is compared, when not two revisions of one card (e.g. "version 1.1.0's card and version 1.2.0's"). */
  between?: string;
}) {
  const changed = diff.sections.filter((s) => s.changed).length;
  return (
    <div data-testid="card-diff">
      <p className="mb-4 text-sm">
        {changed === 0
          ? `${between ? "They" : "The two revisions"} hold the same card.`
          : `${changed} of ${diff.sections.length} sections changed between ${between ?? `revision ${diff.from.revision} and revision ${diff.to.revision}`}.`}
      </p>
      <div className="space-y-4">
        {diff.sections.map((s) =>
          s.changed ? (
            <section
              key={s.section}
              aria-labelledby={`diff-${s.section}`}
              className="rounded-lg border-2 border-amber-300 bg-amber-50/40 p-4"
              data-testid={`diff-${s.section}`}
              data-changed="true"
            >
              <h3 id={`diff-${s.section}`} className="flex flex-wrap items-center gap-2 text-base font-semibold">
                {s.title}
                <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-300 ring-inset">
                  changed
                </span>
              </h3>
              <p className="mb-3 text-xs text-muted">
                Changed:{" "}
                {s.fields
                  .filter((f) => f.changed)
                  .map((f) => words(f.field))
                  .join(", ")}
              </p>
              <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
                <Side s={s} side="before" evaluations={evaluations} audits={audits} />
                <Side s={s} side="after" evaluations={evaluations} audits={audits} />
              </div>
            </section>
          ) : (
            <section
              key={s.section}
              aria-labelledby={`diff-${s.section}`}
              className="rounded-lg border border-line bg-panel p-4"
              data-testid={`diff-${s.section}`}
              data-changed="false"
            >
              <h3 id={`diff-${s.section}`} className="flex flex-wrap items-center gap-2 text-base font-semibold">
                {s.title} <span className="text-xs font-normal text-muted">unchanged</span>
              </h3>
              {s.after !== null && (
                <details className="mt-2 text-sm">
                  <summary className="cursor-pointer text-brand">Show the section</summary>
                  <div className="mt-2">
                    <CardSectionBody
                      k={s.section as SectionKey}
                      card={{ [s.section]: s.after } as ModelCard}
                      evaluations={evaluations}
                      audits={audits}
                    />
                  </div>
                </details>
              )}
            </section>
          ),
        )}
      </div>
    </div>
  );
}
