import type { Metadata } from "next";
import { Suspense } from "react";
import { START_DEPTH } from "@/components/graph/depth";
import { LineageExplorer } from "@/components/graph/lineage-explorer";
import { PageHeader } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { type Graph, lineageGraph } from "@/lib/lineage/graph";
import { lineageSuggestions } from "@/lib/lineage/views";

export const metadata: Metadata = { title: "Lineage" };
export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;

export default async function LineagePage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const raw = (await searchParams).node;
  const node = (Array.isArray(raw) ? raw[0] : raw)?.trim() || null;
  // The first paint comes from here; the explorer fetches what is chosen after it (and a node not found says so there).
  const [initialGraph, suggestions] = await Promise.all([
    node
      ? lineageGraph(actor, { node, direction: "both", depth: START_DEPTH }).catch((e): Graph | null => {
          if (e instanceof AppError && e.status === 404) return null;
          throw e;
        })
      : null,
    lineageSuggestions(actor),
  ]);
  return (
    <>
      <PageHeader
        title="Lineage"
        subtitle="Where each model's data comes from, what each dataset feeds, and which production models a change would reach."
      />
      <Suspense>
        <LineageExplorer initialGraph={initialGraph} missing={node && !initialGraph ? node : null} suggestions={suggestions} />
      </Suspense>
    </>
  );
}
