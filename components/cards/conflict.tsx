"use client";
import { buttonClass, secondaryButtonClass } from "@/components/ui/page";
import { type ModelCard, SECTIONS, type SectionKey } from "@/lib/cards/schemas";
import { formatTime } from "@/lib/format";
import { CardSectionBody } from "./card-sections";
import { type Draft, fromDraft } from "./draft";

/** The card as GET …/card returns it: what the other person saved. */
export type Theirs = { revision: number; savedBy: string; savedAt: string; card: ModelCard };

/** Said when a save was refused because someone saved in between: who, when, and the two ways on. */
export function ConflictNotice({
  ref,
  message,
  theirs,
  base,
  saving,
  onReload,
  onSaveAnyway,
}: {
  ref: React.Ref<HTMLDivElement>;
  message: string;
  theirs: Theirs | null;
  base: number;
  saving: boolean;
  onReload: (t: Theirs) => void;
  onSaveAnyway: (revision: number) => void;
}) {
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="status"
      aria-live="polite"
      className="mb-6 rounded-lg border border-amber-400 bg-amber-50 p-4 focus:outline-2"
      data-testid="conflict"
    >
      <h2 className="text-base font-semibold">Not saved: someone else saved this card while you were editing.</h2>
      {theirs ? (
        <p className="mt-1 text-sm">
          <span className="font-medium wrap-anywhere">{theirs.savedBy}</span> saved revision {theirs.revision} on{" "}
          {formatTime(theirs.savedAt)}, after you opened revision {base}. Your changes are still in the form below and nothing of yours is
          lost.
        </p>
      ) : (
        <p className="mt-1 text-sm">{message} Your changes are still in the form below.</p>
      )}
      {theirs && (
        <>
          <ul className="mt-2 list-disc pl-5 text-sm">
            <li>
              <strong>Reload their version</strong> puts revision {theirs.revision} in the form and keeps your draft beside it, so you can
              take back what you need section by section.
            </li>
            <li>
              <strong>Save mine anyway</strong> saves your draft as the next revision on top of theirs; theirs stays in the history.
            </li>
          </ul>
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" className={secondaryButtonClass} onClick={() => onReload(theirs)} disabled={saving}>
              Reload their version
            </button>
            <button type="button" className={buttonClass} onClick={() => onSaveAnyway(theirs.revision)} disabled={saving}>
              {saving ? "Saving…" : "Save mine anyway"}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** After reloading theirs: the sections where the person's own draft differs, each with a way to take it back. */
export function KeptDraft({
  mine,
  current,
  from,
  onUse,
  onDismiss,
}: {
  mine: Draft;
  current: Draft;
  from: number;
  onUse: (k: SectionKey) => void;
  onDismiss: () => void;
}) {
  const card = fromDraft(mine).card;
  const differ = SECTIONS.filter((s) => JSON.stringify(mine[s.key]) !== JSON.stringify(current[s.key]));
  return (
    <section aria-labelledby="kept-h" className="mb-6 rounded-lg border border-sky-300 bg-sky-50 p-4" data-testid="kept-draft">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id="kept-h" className="text-base font-semibold">
          Your draft (started from revision {from})
        </h2>
        <button type="button" className={secondaryButtonClass} onClick={onDismiss}>
          Discard my draft
        </button>
      </div>
      {differ.length === 0 ? (
        <p className="mt-1 text-sm">The form now holds everything your draft had.</p>
      ) : (
        <>
          <p className="mt-1 text-sm">
            The form now shows their version. Here is yours where it differs; use yours for a section, or copy from it, then save.
          </p>
          <div className="mt-3 space-y-3">
            {differ.map((s) => (
              <div key={s.key} className="rounded-md border border-line bg-white p-3" data-testid={`kept-${s.key}`}>
                <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                  <h3 className="text-sm font-semibold">{s.title}: yours</h3>
                  <button type="button" className={secondaryButtonClass} onClick={() => onUse(s.key)}>
                    Use mine for {s.title}
                  </button>
                </div>
                <CardSectionBody k={s.key} card={card} />
                {mine[s.key].text.trim() !== "" && (
                  <details className="mt-2 text-sm">
                    <summary className="cursor-pointer text-brand">Your text as written, to copy</summary>
                    <textarea
                      readOnly
                      aria-label={`Your ${s.title} text, as written`}
                      value={mine[s.key].text}
                      rows={Math.min(12, mine[s.key].text.split("\n").length + 1)}
                      className="mt-1 block w-full rounded-md border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-xs"
                    />
                  </details>
                )}
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
