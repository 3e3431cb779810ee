import type { Metadata } from "next";
import Link from "next/link";
import { PrintButton } from "@/components/cards/card-buttons";
import { CardSections } from "@/components/cards/card-sections";
import { versionPath } from "@/components/cards/paths";
import { EmptyState, secondaryButtonClass } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { formatDay, formatTime } from "@/lib/format";
import { type CardParams, loadCard } from "../load";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<CardParams> }): Promise<Metadata> {
  const p = await params;
  // The title is what "Save as PDF" offers as the file name.
  return { title: `Model card ${p.name} ${decodeURIComponent(p.version)}` };
}

type SP = Record<string, string | string[] | undefined>;

/** The card as a document to hand an auditor: who and what it describes, which revision, the nine sections. */
export default async function PrintCardPage({ params, searchParams }: { params: Promise<CardParams>; searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const sp = await searchParams;
  const asked = Number(Array.isArray(sp.revision) ? sp.revision[0] : sp.revision);
  const { m, v, card } = await loadCard(actor, await params, Number.isInteger(asked) && asked >= 1 ? asked : undefined);
  const back = versionPath(m.name, v.version);
  const latest = v.card?.revision;
  return (
    <article className="print-document mx-auto max-w-3xl" data-testid="print-document">
      <div className="no-print mb-6 flex flex-wrap items-center gap-2 rounded-lg border border-line bg-panel p-3 text-sm">
        <PrintButton label="Print or save as PDF" />
        <Link href={`${back}#card`} className={secondaryButtonClass}>
          Back to the version
        </Link>
        <span className="text-muted">Navigation and buttons are left out of the printed page.</span>
      </div>
      <header className="mb-6 border-b-2 border-ink pb-4">
        <h1 className="text-2xl font-semibold break-words">
          Model card: {m.name} <span className="font-mono">{v.version}</span>
        </h1>
        {m.title && <p className="mt-1 text-muted">{m.title}</p>}
        {card ? (
          <dl className="mt-3 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_minmax(0,1fr)_max-content_minmax(0,1fr)]">
            {(
              [
                [
                  "Model",
                  <span key="m" className="font-mono">
                    {m.name}
                  </span>,
                ],
                [
                  "Version",
                  <span key="v" className="font-mono">
                    {v.version}
                  </span>,
                ],
                ["Stage", v.stage],
                ["Risk tier", m.riskTier],
                ["Owner", m.owner],
                ["Team", m.team ?? "—"],
                ["Revision", `${card.revision}${latest && card.revision !== latest ? ` (the latest is ${latest})` : " (latest)"}`],
                ["Saved", `${formatTime(card.savedAt)} by ${card.savedBy}`],
                ["Completeness", `${card.completeness}%${card.needsReview ? ", needs review (copied from the previous version)" : ""}`],
                ["Printed", formatDay(new Date().toISOString())],
              ] as [string, React.ReactNode][]
            ).map(([k, val]) => (
              <div key={k} className="contents">
                <dt className="text-muted">{k}</dt>
                <dd className="min-w-0 wrap-anywhere">{val}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </header>
      {card ? (
        <>
          <CardSections card={card.card} level={2} evaluations={v.evaluations} audits={v.audits} />
          <footer className="mt-8 border-t border-line pt-3 text-xs text-muted">
            Revision {card.revision} of the card of {m.name} {v.version}, from Steward. Every save of the card is kept as a numbered
            revision with who saved it and when; the audit trail holds each change.
          </footer>
        </>
      ) : (
        <EmptyState title="No card has been saved for this version yet.">There is nothing to print.</EmptyState>
      )}
    </article>
  );
}
