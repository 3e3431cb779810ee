import type { Metadata } from "next";
import Link from "next/link";
import { CardEditor } from "@/components/cards/card-editor";
import { versionPath } from "@/components/cards/paths";
import { StageBadge } from "@/components/ui/badges";
import { PageHeader } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { canEditCard } from "@/lib/cards/cards";
import { type CardParams, loadCard } from "../load";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<CardParams> }): Promise<Metadata> {
  const p = await params;
  return { title: `Edit card · ${p.name} ${decodeURIComponent(p.version)}` };
}

export default async function EditCardPage({ params }: { params: Promise<CardParams> }) {
  const actor = await requirePageActor();
  const { m, v, card } = await loadCard(actor, await params);
  const back = versionPath(m.name, v.version);
  const header = (
    <PageHeader
      crumbs={[
        { href: "/models", label: "Models" },
        { href: `/models/${m.name}`, label: m.name },
        { href: back, label: v.version },
      ]}
      title={card ? "Edit the model card" : "Write the model card"}
      subtitle={
        <span className="flex flex-wrap items-center gap-2">
          {m.name} <span className="font-mono">{v.version}</span> <StageBadge stage={v.stage} />
        </span>
      }
    />
  );
  if (!canEditCard(actor, m))
    return (
      <>
        {header}
        <div className="rounded-lg border border-amber-300 bg-amber-50 p-6" data-testid="read-only">
          <h2 className="text-lg font-semibold">You can read this card but not edit it.</h2>
          <p className="mt-2 text-sm">
            Only the model&apos;s owner (<span className="wrap-anywhere">{m.owner}</span>) or an admin edits its card. Ask them for a
            change, or ask an admin to make you the owner if the model is yours now.
          </p>
          <p className="mt-2 text-sm">
            <Link href={`${back}#card`} className="text-brand underline">
              Read the card
            </Link>
          </p>
        </div>
      </>
    );
  return (
    <>
      {header}
      <CardEditor
        model={m.name}
        version={v.version}
        start={{
          card: card?.card ?? {},
          revision: card?.revision ?? 0,
          savedBy: card?.savedBy ?? null,
          savedAt: card?.savedAt ?? null,
          needsReview: card?.needsReview ?? false,
        }}
        evaluations={v.evaluations}
        audits={v.audits}
      />
    </>
  );
}
