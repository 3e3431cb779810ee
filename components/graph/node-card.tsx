"use client";
import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import type { GraphNode } from "@/lib/lineage/graph";
import { isProduction, KIND_LABEL, KIND_STYLE, KindIcon, nodeSubtitle, nodeTitle } from "./kinds";
import { NODE_H, NODE_W } from "./layout";

export type CardData = {
  node: GraphNode;
  root: boolean;
  expanded: boolean;
  expanding: boolean;
  onExpand: (id: string) => void;
};
export type CardNode = Node<CardData, "lineage">;

/** One node on the canvas: its kind (icon, label, shape, colour), its name, and its state (production, failed run, centre). */
export function NodeCard({ data, selected }: NodeProps<CardNode>) {
  const { node, root, expanded, expanding, onExpand } = data;
  const failed = node.type === "job" && node.lastRun?.state === "FAIL";
  const prod = isProduction(node);
  const style = KIND_STYLE[node.type];
  // Selection is a ring outside the card; the card's own border says production (green) or a failed run (red).
  const ring = selected ? "ring-3 ring-brand ring-offset-2" : "";
  const border = failed
    ? "border-2 border-red-600"
    : prod
      ? "border-2 border-emerald-600"
      : root
        ? "border-2 border-brand"
        : `border ${style.border}`;
  const bg = failed ? "bg-red-50" : style.bg;
  // On the card the kind is already in its header, so a deployment reads "production" over "fraud-card-tx 3.6.0".
  const title = node.type === "deployment" ? node.name : nodeTitle(node);
  const subtitle = node.type === "deployment" ? `${node.namespace}${node.version ? ` ${node.version}` : ""}` : nodeSubtitle(node);
  return (
    <div
      className={`relative flex flex-col justify-between px-3 py-2 text-left shadow-sm ${style.shape} ${border} ${bg} ${ring}`}
      style={{ width: NODE_W, height: NODE_H }}
      data-testid="lineage-node"
      data-kind={node.type}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="h-2! w-2! border-0! bg-slate-400!" />
      {root && (
        <span className="absolute -top-5 left-2 rounded-t bg-brand px-1.5 py-0.5 text-[10px] font-semibold leading-none text-white">
          centre
        </span>
      )}
      <div className="flex items-center gap-1.5 text-[11px] font-semibold uppercase tracking-wide text-slate-700">
        <span className={style.icon}>
          <KindIcon type={node.type} />
        </span>
        <span className="whitespace-nowrap">{KIND_LABEL[node.type]}</span>
        {prod && (
          <span className="ml-auto rounded-full bg-emerald-700 px-1.5 py-px text-[10px] font-semibold whitespace-nowrap text-white normal-case">
            ★ production
          </span>
        )}
        {failed && (
          <span className="ml-auto rounded-full bg-red-700 px-1.5 py-px text-[10px] font-semibold whitespace-nowrap text-white normal-case">
            ✗ run failed
          </span>
        )}
      </div>
      <div className="truncate text-sm font-semibold text-ink" title={title}>
        {title}
      </div>
      <div className="flex items-center gap-2">
        <span className={`min-w-0 flex-1 truncate text-xs ${failed ? "text-red-800" : "text-slate-700"}`} title={subtitle}>
          {failed ? "last run failed" : subtitle}
        </span>
        {!root && !expanded && (
          <button
            type="button"
            className="nodrag nopan shrink-0 rounded border border-slate-400 bg-white px-1.5 text-xs font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60"
            onClick={(e) => {
              e.stopPropagation();
              onExpand(node.id);
            }}
            disabled={expanding}
            aria-label={`Expand ${nodeTitle(node)}: show its neighbours`}
          >
            {expanding ? "…" : "+ expand"}
          </button>
        )}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="h-2! w-2! border-0! bg-slate-400!" />
    </div>
  );
}
