"use client";
import "@xyflow/react/dist/style.css";
import {
  Background,
  BaseEdge,
  Controls,
  type Edge,
  type EdgeProps,
  MarkerType,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { GraphEdge, GraphNode } from "@/lib/lineage/graph";
import { nodeTitle } from "./kinds";
import { edgeKey, type Layout, layoutGraph, NODE_H, NODE_W, type Point } from "./layout";
import { type CardNode, NodeCard } from "./node-card";

type Props = {
  nodes: GraphNode[];
  edges: GraphEdge[];
  root: string;
  selected: string;
  expanded: ReadonlySet<string>;
  expanding: string | null;
  onSelect: (id: string) => void;
  onExpand: (id: string) => void;
};

type RouteData = { points?: Point[]; active: boolean };
type RoutedEdge = Edge<RouteData, "routed">;

/** An orthogonal path through ELK's bend points, corners rounded; the straight handle-to-handle line until a route exists. */
function routePath(points: Point[], r = 8): string {
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const len1 = Math.hypot(b.x - a.x, b.y - a.y);
    const len2 = Math.hypot(c.x - b.x, c.y - b.y);
    const k = Math.min(r, len1 / 2, len2 / 2);
    const p1 = { x: b.x - ((b.x - a.x) / (len1 || 1)) * k, y: b.y - ((b.y - a.y) / (len1 || 1)) * k };
    const p2 = { x: b.x + ((c.x - b.x) / (len2 || 1)) * k, y: b.y + ((c.y - b.y) / (len2 || 1)) * k };
    d += ` L ${p1.x} ${p1.y} Q ${b.x} ${b.y} ${p2.x} ${p2.y}`;
  }
  const last = points[points.length - 1];
  return `${d} L ${last.x} ${last.y}`;
}

function RoutedEdgeView({ sourceX, sourceY, targetX, targetY, data, markerEnd, style }: EdgeProps<RoutedEdge>) {
  const points =
    data?.points && data.points.length >= 2
      ? data.points
      : [
          { x: sourceX, y: sourceY },
          { x: targetX, y: targetY },
        ];
  return <BaseEdge path={routePath(points)} markerEnd={markerEnd} style={style} />;
}

const nodeTypes = { lineage: NodeCard };
/** Below this zoom a node's name is too small to read, so the view frames part of the graph instead. */
const READABLE_ZOOM = 0.75;
const edgeTypes = { routed: RoutedEdgeView };

function Canvas({ nodes, edges, root, selected, expanded, expanding, onSelect, onExpand }: Props) {
  const flow = useReactFlow();
  const box = useRef<HTMLDivElement>(null);
  const [layout, setLayout] = useState<Layout | null>(null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  // Lay out again only when the set of nodes or edges changes, not when a node is selected.
  const structure = useMemo(
    () =>
      `${nodes
        .map((n) => n.id)
        .sort()
        .join("|")}#${edges.map(edgeKey).sort().join("|")}`,
    [nodes, edges],
  );
  const latest = useRef({ nodes, edges });
  latest.current = { nodes, edges };

  // biome-ignore lint/correctness/useExhaustiveDependencies: `structure` stands for the nodes and edges read through `latest`
  useEffect(() => {
    let live = true;
    layoutGraph(latest.current.nodes, latest.current.edges)
      .then((l) => {
        if (live) {
          setLayout(l);
          setLayoutError(null);
        }
      })
      .catch((e: unknown) => live && setLayoutError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [structure]);

  // Frame the graph after each layout: all of it when it fits at a readable size; otherwise the node in focus (the
  // centre at first, the node just expanded after) with its neighbours, and the rest a pan away.
  const focus = useRef(selected);
  focus.current = selected;
  const framedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!layout || framedFor.current === structure) return;
    framedFor.current = structure;
    const el = box.current;
    const [w, h] = [el?.clientWidth ?? 1000, el?.clientHeight ?? 500];
    const pts = [...layout.positions.values()];
    const gw = Math.max(...pts.map((p) => p.x)) - Math.min(...pts.map((p) => p.x)) + NODE_W;
    const gh = Math.max(...pts.map((p) => p.y)) - Math.min(...pts.map((p) => p.y)) + NODE_H;
    const fits = Math.min((w * 0.9) / gw, (h * 0.9) / gh) >= READABLE_ZOOM;
    const near = new Set([focus.current]);
    for (const e of latest.current.edges) {
      if (e.source === focus.current) near.add(e.target);
      if (e.target === focus.current) near.add(e.source);
    }
    const at = layout.positions.get(focus.current);
    const id = requestAnimationFrame(() => {
      if (fits) flow.fitView({ padding: 0.1, maxZoom: 1 });
      // A phone has room for one node: that one, whole, with the edges leading off it.
      else if (w < 640 && at) flow.setCenter(at.x + NODE_W / 2, at.y + NODE_H / 2, { zoom: 0.85 });
      else flow.fitView({ nodes: [...near].map((n) => ({ id: n })), padding: 0.1, minZoom: READABLE_ZOOM, maxZoom: 1 });
    });
    return () => cancelAnimationFrame(id);
  }, [layout, structure, flow]);

  const rfNodes: CardNode[] = useMemo(
    () =>
      layout
        ? nodes
            .filter((n) => layout.positions.has(n.id))
            .map((n) => ({
              id: n.id,
              type: "lineage" as const,
              position: layout.positions.get(n.id) as Point,
              width: NODE_W,
              height: NODE_H,
              selected: n.id === selected,
              ariaLabel: `${nodeTitle(n)} (${n.type})`,
              data: { node: n, root: n.id === root, expanded: expanded.has(n.id), expanding: expanding === n.id, onExpand },
            }))
        : [],
    [layout, nodes, selected, root, expanded, expanding, onExpand],
  );
  const rfEdges: RoutedEdge[] = useMemo(() => {
    const title = new Map(nodes.map((n) => [n.id, nodeTitle(n)]));
    return edges.map((e) => {
      const active = e.source === selected || e.target === selected;
      const color = active ? "#1f5f8b" : "#94a3b8";
      return {
        id: edgeKey(e),
        source: e.source,
        target: e.target,
        type: "routed" as const,
        data: { points: layout?.routes.get(edgeKey(e)), active },
        markerEnd: { type: MarkerType.ArrowClosed, color, width: 16, height: 16 },
        style: { stroke: color, strokeWidth: active ? 2.25 : 1.5 },
        zIndex: active ? 1 : 0,
        ariaLabel: `${title.get(e.source) ?? e.source} feeds ${title.get(e.target) ?? e.target}`,
      };
    });
  }, [edges, nodes, layout, selected]);

  const onNodesChange = (changes: NodeChange<CardNode>[]) => {
    // Keyboard selection (Enter on a focused node) arrives as a select change; clicks come through onNodeClick too.
    const picked = changes.find((c) => c.type === "select" && c.selected);
    if (picked && "id" in picked) onSelect(picked.id);
  };

  return (
    <div ref={box} className="relative h-full w-full">
      {!layout && !layoutError && (
        <p role="status" className="absolute inset-0 z-10 flex items-center justify-center text-sm text-muted">
          Laying out {nodes.length} nodes…
        </p>
      )}
      {layoutError && (
        <p role="status" className="absolute inset-x-0 top-2 z-10 mx-auto w-fit rounded bg-red-50 px-3 py-2 text-sm text-bad">
          The graph could not be laid out ({layoutError}). Use the list of nodes above, or reload the page.
        </p>
      )}
      <ReactFlow<CardNode, RoutedEdge>
        nodes={rfNodes}
        edges={rfEdges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onNodeClick={(_, n) => onSelect(n.id)}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        minZoom={0.2}
        maxZoom={1.5}
        aria-label="Lineage graph: data flows from left to right. Drag to pan, scroll or pinch to zoom."
        proOptions={{ hideAttribution: false }}
      >
        <Background gap={24} color="#d9dee5" />
        <Controls showInteractive={false} position="bottom-right" />
      </ReactFlow>
    </div>
  );
}

/** The interactive graph: React Flow drawing an ELK layout. */
export function LineageCanvas(props: Props) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}
