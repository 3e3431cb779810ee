"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { FormError } from "@/components/ui/field";
import { buttonClass, secondaryButtonClass } from "@/components/ui/page";
import { completeness } from "@/lib/cards/completeness";
import { filledSections } from "@/lib/cards/content";
import { type ModelCard, SECTIONS } from "@/lib/cards/schemas";
import { formatTime } from "@/lib/format";
import type { CitedAudit, CitedEvaluation } from "./card-sections";
import { CompletenessMeter } from "./completeness-meter";
import { ConflictNotice, KeptDraft, type Theirs } from "./conflict";
import { type Draft, fromDraft, toDraft } from "./draft";
import { fieldId } from "./editor-fields";
import { EditorSections, type Update } from "./editor-sections";
import { cardApiPath, versionPath } from "./paths";

export type EditorStart = { card: ModelCard; revision: number; savedBy: string | null; savedAt: string | null; needsReview: boolean };
type Base = { revision: number; savedBy: string | null; savedAt: string | null };
type ErrorBody = { error?: { code?: string; message?: string; details?: { path: string; message: string }[] } };

const summary = (n: number) =>
  n === 1 ? "One field needs a change: see the message under it." : `${n} fields need a change: see the messages under them.`;

/**
 * The card editor: the whole card as one form, saved with PUT and If-Match (the revision it was loaded from). When
 * someone saved in between, the save is refused (409) and the person chooses: reload theirs (keeping this draft
 * beside it, section by section) or save this one on top anyway.
 */
export function CardEditor({
  model,
  version,
  start,
  evaluations,
  audits,
}: {
  model: string;
  version: string;
  start: EditorStart;
  evaluations: CitedEvaluation[];
  audits: CitedAudit[];
}) {
  const router = useRouter();
  const api = cardApiPath(model, version);
  const [draft, setDraft] = useState<Draft>(() => toDraft(start.card));
  const [base, setBase] = useState<Base>({ revision: start.revision, savedBy: start.savedBy, savedAt: start.savedAt });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ message: string; theirs: Theirs | null } | null>(null);
  const [kept, setKept] = useState<{ draft: Draft; from: number } | null>(null);
  const [clean, setClean] = useState(() => JSON.stringify(toDraft(start.card)));
  const conflictRef = useRef<HTMLDivElement>(null);

  const card = useMemo(() => fromDraft(draft).card, [draft]);
  const score = completeness(card);
  const dirty = JSON.stringify(draft) !== clean;

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  const update: Update = (section, patch) => setDraft((d) => ({ ...d, [section]: { ...d[section], ...patch } }));

  function showErrors(next: Record<string, string>, message: string) {
    setErrors(next);
    setFormError(message);
    const first = Object.keys(next)[0];
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  }

  async function save(ifMatch: number) {
    const local = fromDraft(draft);
    if (Object.keys(local.errors).length) return showErrors(local.errors, summary(Object.keys(local.errors).length));
    setSaving(true);
    setFormError(null);
    setErrors({});
    try {
      const res = await fetch(api, {
        method: "PUT",
        headers: { "content-type": "application/json", "if-match": `"${ifMatch}"` },
        body: JSON.stringify(local.card),
        credentials: "same-origin",
      });
      const body = (await res.json().catch(() => null)) as ErrorBody | null;
      if (res.ok) {
        setClean(JSON.stringify(draft));
        setConflict(null);
        router.push(`${versionPath(model, version)}#card`);
        return;
      }
      const e = body?.error;
      if (res.status === 409 && e?.code === "revision_conflict") {
        const cur = await fetch(api, { credentials: "same-origin" });
        setConflict({ message: e.message ?? "Someone saved the card in between.", theirs: cur.ok ? ((await cur.json()) as Theirs) : null });
        return;
      }
      const details = e?.details ?? [];
      if (res.status === 400 && details.length) {
        return showErrors(Object.fromEntries(details.map((x) => [x.path, x.message])), summary(details.length));
      }
      setFormError(e?.message ?? `The server answered ${res.status}. Try again, or reload the page.`);
    } catch {
      setFormError("The portal could not be reached. Your changes are still here; try again in a moment.");
    } finally {
      setSaving(false);
    }
  }

  function reloadTheirs(theirs: Theirs) {
    setKept({ draft, from: base.revision });
    setDraft(toDraft(theirs.card));
    setClean(JSON.stringify(toDraft(theirs.card)));
    setBase({ revision: theirs.revision, savedBy: theirs.savedBy, savedAt: theirs.savedAt });
    setConflict(null);
    setErrors({});
    setFormError(null);
  }

  const back = `${versionPath(model, version)}#card`;
  return (
    // Block on a phone (so the sticky bar's containing block is the whole form, not a grid row of its own); a grid from lg.
    <div className="lg:grid lg:grid-cols-[minmax(0,1fr)_17rem] lg:gap-6">
      <div className="min-w-0">
        {conflict && (
          <ConflictNotice
            ref={conflictRef}
            message={conflict.message}
            theirs={conflict.theirs}
            base={base.revision}
            saving={saving}
            onReload={reloadTheirs}
            onSaveAnyway={(rev) => save(rev)}
          />
        )}
        {kept && (
          <KeptDraft
            mine={kept.draft}
            current={draft}
            from={kept.from}
            onUse={(k) => setDraft((d) => ({ ...d, [k]: kept.draft[k] }))}
            onDismiss={() => setKept(null)}
          />
        )}
        <form
          id="card-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save(base.revision);
          }}
        >
          <EditorSections draft={draft} update={update} errors={errors} evaluations={evaluations} audits={audits} />
        </form>
      </div>
      {/* A bar stuck to the bottom of a phone's screen; a box beside the form, stuck to the top, on a wide one. */}
      <aside aria-label="Save the card" className="sticky bottom-0 z-10 lg:top-4 lg:bottom-auto lg:self-start">
        <div className="-mx-4 flex flex-wrap items-center gap-x-3 gap-y-2 border-t border-line bg-panel px-4 py-3 shadow-[0_-4px_12px_rgba(15,23,42,0.08)] lg:mx-0 lg:block lg:rounded-lg lg:border lg:p-4 lg:shadow-none">
          <div className="min-w-32 flex-1">
            <CompletenessMeter value={score} filled={filledSections(card)} detailClassName="hidden lg:block" />
          </div>
          <p className="mt-3 hidden text-xs text-muted lg:block" data-testid="editing-revision">
            {base.revision === 0
              ? "A new card: no revision saved yet."
              : `Editing revision ${base.revision}${base.savedBy ? `, saved by ${base.savedBy}` : ""}${base.savedAt ? ` on ${formatTime(base.savedAt)}` : ""}.`}
          </p>
          {start.needsReview && base.revision === start.revision && (
            <p className="mt-2 hidden text-xs text-amber-900 lg:block">Copied from the previous version: saving marks it reviewed.</p>
          )}
          {formError && (
            <div className="basis-full lg:mt-3">
              <FormError message={formError} />
            </div>
          )}
          <div className="flex shrink-0 flex-wrap gap-2 lg:mt-3">
            <button type="submit" form="card-form" className={buttonClass} disabled={saving}>
              {saving ? "Saving…" : "Save card"}
            </button>
            <Link href={back} className={secondaryButtonClass}>
              Cancel
            </Link>
          </div>
          <p className="mt-2 hidden text-xs text-muted lg:block">{dirty ? "Unsaved changes." : "No changes yet."}</p>
        </div>
        <nav aria-label="Card sections" className="mt-4 hidden text-sm lg:block">
          <ul className="space-y-1">
            {SECTIONS.map((s) => (
              <li key={s.key}>
                <a href={`#edit-${s.key}`} className="text-brand underline-offset-2 hover:underline">
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
    </div>
  );
}
