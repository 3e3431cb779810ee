"use client";
import type { GraphNode } from "@/lib/lineage/graph";
import type { NodeType } from "@/lib/lineage/ids";
import { isProduction, KIND_LABEL, KindIcon, nodeTitle } from "./kinds";

const ORDER: NodeType[] = ["dataset", "job", "model", "deployment"];
const PLURAL: Record<NodeType, string> = { dataset: "Datasets", job: "Jobs", model: "Model versions", deployment: "Deployments" };

/**
 * Every node on the canvas as a list of buttons, by kind: the keyboard's (and a screen reader's) way to choose a node
 * without the canvas.
 */
export function NodeList({
  nodes,
  root,
  selected,
  onSelect,
}: {
  nodes: GraphNode[];
  root: string;
  selected: string;
  onSelect: (id: string) => void;
}) {
  const groups = ORDER.map((t) => ({
    type: t,
    items: nodes.filter((n) => n.type === t).sort((a, b) => nodeTitle(a).localeCompare(nodeTitle(b))),
  })).filter((g) => g.items.length);
  return (
    <details className="group rounded-lg border border-line bg-panel" data-testid="node-list">
      <summary className="cursor-pointer px-4 py-2.5 text-sm font-medium">Choose from a list of the {nodes.length} nodes in view</summary>
      <div className="grid gap-x-6 gap-y-3 border-t border-line px-4 py-3 sm:grid-cols-2 lg:grid-cols-4">
        {groups.map((g) => (
          <div key={g.type}>
            <h3 className="mb-1 flex items-center gap-1.5 text-xs font-semibold uppercase tracking-wide text-muted">
              <KindIcon type={g.type} className="h-3.5 w-3.5" /> {PLURAL[g.type]} ({g.items.length})
            </h3>
            <ul className="space-y-0.5">
              {g.items.map((n) => {
                const failed = n.type === "job" && n.lastRun?.state === "FAIL";
                return (
                  <li key={n.id}>
                    <button
                      type="button"
                      aria-pressed={n.id === selected}
                      onClick={() => onSelect(n.id)}
                      className={`w-full rounded px-2 py-1 text-left text-sm break-all hover:bg-slate-100 ${n.id === selected ? "bg-sky-100 font-semibold" : ""}`}
                    >
                      <span className="sr-only">{KIND_LABEL[n.type]}: </span>
                      {nodeTitle(n)}
                      {n.id === root && <span className="text-xs text-muted"> (centre)</span>}
                      {isProduction(n) && <span className="text-xs font-semibold text-emerald-800"> ★ production</span>}
                      {failed && <span className="text-xs font-semibold text-bad"> ✗ last run failed</span>}
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </details>
  );
}
