"use client";
import Link from "next/link";
import { useRef } from "react";
import { buttonClass, secondaryButtonClass } from "@/components/ui/page";
import type { GraphNode } from "@/lib/lineage/graph";
import { ImpactList } from "./impact-list";
import { isProduction, KindBadge, nodeTitle, ProductionMark, RunStateBadge, versionHrefOf } from "./kinds";
import { NodeDetails } from "./node-details";

export type PanelTab = "details" | "impact";
const TABS: { id: PanelTab; label: string }[] = [
  { id: "details", label: "Details" },
  { id: "impact", label: "Impact" },
];

type Props = {
  node: GraphNode;
  isRoot: boolean;
  expanded: boolean;
  expanding: boolean;
  tab: PanelTab;
  onTab: (t: PanelTab) => void;
  onCentre: (id: string) => void;
  onExpand: (id: string) => void;
  inGraph: (id: string) => boolean;
  onPick: (id: string) => void;
};

/** The side panel of the chosen node: what it is, actions, and two tabs: its details, and its impact downstream. */
export function NodePanel({ node, isRoot, expanded, expanding, tab, onTab, onCentre, onExpand, inGraph, onPick }: Props) {
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const title = nodeTitle(node);
  const href = versionHrefOf(node);
  const onTabKey = (e: React.KeyboardEvent, i: number) => {
    const next =
      e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const j = (next + TABS.length) % TABS.length;
    onTab(TABS[j].id);
    tabRefs.current[j]?.focus();
  };
  return (
    <section aria-labelledby="node-panel-title" className="rounded-lg border border-line bg-panel p-4" data-testid="node-panel">
      <div className="flex flex-wrap items-center gap-2">
        <KindBadge type={node.type} />
        {isProduction(node) && <ProductionMark />}
        {node.type === "job" && <RunStateBadge state={node.lastRun?.state} />}
        {isRoot && <span className="text-xs text-muted">centre of the graph</span>}
      </div>
      <h2 id="node-panel-title" className="mt-2 text-lg font-semibold break-all">
        {title}
      </h2>
      {(node.type === "dataset" || node.type === "job") && <p className="text-xs break-all text-muted">{node.namespace}</p>}
      <div className="mt-3 flex flex-wrap gap-2">
        {href && (
          <Link href={href} className={buttonClass}>
            Open version page
          </Link>
        )}
        {!isRoot && (
          <button type="button" className={secondaryButtonClass} onClick={() => onCentre(node.id)}>
            Centre the graph here
          </button>
        )}
        {!isRoot && !expanded && (
          <button type="button" className={secondaryButtonClass} onClick={() => onExpand(node.id)} disabled={expanding}>
            {expanding ? "Expanding…" : "Expand one hop"}
          </button>
        )}
      </div>
      <div role="tablist" aria-label={`About ${title}`} className="mt-4 flex gap-1 border-b border-line">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`node-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={tab === t.id ? `node-tabpanel-${t.id}` : undefined}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => onTab(t.id)}
            onKeyDown={(e) => onTabKey(e, i)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === t.id ? "border-brand text-brand" : "border-transparent text-muted hover:text-ink"}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`node-tabpanel-${tab}`} aria-labelledby={`node-tab-${tab}`} className="pt-4">
        {tab === "details" ? <NodeDetails node={node} inGraph={inGraph} onPick={onPick} /> : <ImpactList node={node.id} title={title} />}
      </div>
    </section>
  );
}
