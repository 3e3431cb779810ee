"use client";
import ELK, { type ElkExtendedEdge } from "elkjs/lib/elk.bundled.js";

/** Every node is drawn this size, so ELK and React Flow agree on it without measuring. */
export const NODE_W = 224;
export const NODE_H = 84;

let elk: InstanceType<typeof ELK> | null = null;

export type Point = { x: number; y: number };
export type Layout = { positions: Map<string, Point>; routes: Map<string, Point[]> };
export const edgeKey = (e: { source: string; target: string }) => `${e.source}>${e.target}`;

/**
 * Positions for a lineage graph: ELK's layered algorithm, sources on the left, consumers on the right, and each
 * edge's orthogonal route (so an edge that skips a layer goes around the nodes in it, not through them).
 */
export async function layoutGraph(nodes: { id: string }[], edges: { source: string; target: string }[]): Promise<Layout> {
  elk ??= new ELK();
  const ids = new Set(nodes.map((n) => n.id));
  const laid = await elk.layout({
    id: "lineage",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "56",
      "elk.spacing.nodeNode": "28",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
      "elk.separateConnectedComponents": "false",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.layered.spacing.edgeNodeBetweenLayers": "20",
    },
    children: nodes.map((n) => ({ id: n.id, width: NODE_W, height: NODE_H })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: edgeKey(e), sources: [e.source], targets: [e.target] })),
  });
  const routes = new Map<string, Point[]>();
  for (const e of (laid.edges ?? []) as ElkExtendedEdge[]) {
    const s = e.sections?.[0];
    if (s) routes.set(e.id, [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
  }
  return { positions: new Map((laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }])), routes };
}
