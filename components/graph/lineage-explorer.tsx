"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import type { ApiError } from "@/components/ui/api-form";
import { EmptyState, secondaryButtonClass } from "@/components/ui/page";
import type { Graph, GraphEdge, GraphNode } from "@/lib/lineage/graph";
import type { Suggestions } from "@/lib/lineage/views";
import { fetchGraph, graphKey, useGraph } from "./api";
import { KindBadge, nodeTitle } from "./kinds";
import { Legend } from "./legend";
import { LineageCanvas } from "./lineage-canvas";
import { NodeList } from "./node-list";
import { NodePanel, type PanelTab } from "./node-panel";
import { NodeSearch } from "./node-search";
import { StartHere } from "./start-here";

type View = { root: string | null; selected: string | null; tab: PanelTab; extra: Graph[]; expanded: string[] };
const fresh = (root: string | null, tab: PanelTab = "details"): View => ({ root, selected: null, tab, extra: [], expanded: [] });

/** The graph asked for, with every one-hop expansion merged in (a node keeps what the first answer said of it). */
function merge(base: Graph | undefined, extra: Graph[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const g of base ? [base, ...extra] : extra) {
    for (const n of g.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of g.edges) edges.set(`${e.source}>${e.target}`, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const graphH = "h-[420px] sm:h-[560px]";

/** /lineage: find a node, see its neighbourhood as a graph, expand it a hop at a time, read a node's details and impact. */
export function LineageExplorer({
  initialGraph,
  missing,
  suggestions,
}: {
  initialGraph: Graph | null;
  missing: string | null;
  suggestions: Suggestions;
}) {
  const params = useSearchParams();
  const node = params.get("node");
  const qc = useQueryClient();
  // The server already found that this node does not exist: say so at once rather than ask again.
  const known404 = node !== null && node === missing;
  const graph = useGraph(known404 ? null : node, initialGraph ?? undefined);
  const [view, setView] = useState<View>(() => fresh(node));
  const [expanding, setExpanding] = useState<string | null>(null);
  const [announce, setAnnounce] = useState("");
  // A new centre (search, a link, Back) starts a new view; the tab chosen stays.
  if (view.root !== node) setView(fresh(node, view.tab));

  const merged = useMemo(() => merge(graph.data, view.extra), [graph.data, view.extra]);
  const byId = useMemo(() => new Map(merged.nodes.map((n) => [n.id, n])), [merged]);
  const expanded = useMemo(() => new Set(view.expanded), [view.expanded]);
  const selectedId = view.selected && byId.has(view.selected) ? view.selected : (graph.data?.root ?? node ?? "");
  const selected = byId.get(selectedId);

  const choose = useCallback(
    (id: string) => {
      if (id === node) return;
      window.history.pushState(null, "", `/lineage?node=${encodeURIComponent(id)}`);
      setAnnounce("");
    },
    [node],
  );
  const select = useCallback((id: string) => setView((v) => (v.selected === id ? v : { ...v, selected: id })), []);
  const inGraph = useCallback((id: string) => byId.has(id), [byId]);
  const pick = useCallback(
    (id: string) => {
      if (byId.has(id)) select(id);
      else choose(id);
    },
    [byId, select, choose],
  );

  const expand = useCallback(
    async (id: string) => {
      const root = node;
      const title = byId.get(id) ? nodeTitle(byId.get(id) as GraphNode) : id;
      setExpanding(id);
      try {
        const g = await qc.fetchQuery({ queryKey: graphKey(id, 1), queryFn: () => fetchGraph(id, 1) });
        const added = g.nodes.filter((n) => !byId.has(n.id)).length;
        setView((v) => (v.root !== root ? v : { ...v, extra: [...v.extra, g], expanded: [...v.expanded, id], selected: id }));
        setAnnounce(
          added
            ? `Expanded ${title}: ${added} more ${added === 1 ? "node" : "nodes"} shown.`
            : `${title} has no other neighbours: all of them were already shown.`,
        );
      } catch (e) {
        setAnnounce(`Could not expand ${title}: ${(e as ApiError).message} Try again.`);
      } finally {
        setExpanding(null);
      }
    },
    [node, byId, qc],
  );

  let body: React.ReactNode;
  if (!node) {
    body = <StartHere suggestions={suggestions} onChoose={choose} />;
  } else if (known404 || (graph.isError && graph.error.status === 404)) {
    body = (
      <EmptyState title="No such node in the lineage graph.">
        <p>
          Nothing is recorded as <code className="font-mono text-xs break-all">{node}</code>. The link may be wrong, or the dataset or job
          was never reported. Search for it by name above.
        </p>
      </EmptyState>
    );
  } else if (graph.isPending) {
    body = (
      <div role="status" className={`flex ${graphH} items-center justify-center rounded-lg border border-line bg-panel text-sm text-muted`}>
        Loading the lineage of {node.split(":").slice(1).map(decodeURIComponent).join(" ")}…
      </div>
    );
  } else if (graph.isError) {
    body = (
      <div className="rounded-lg border-2 border-red-300 bg-red-50 p-5 text-sm">
        <p className="font-semibold text-bad">The graph could not be loaded.</p>
        <p className="mt-1">{graph.error.message} Try again; if it keeps failing, reload the page or tell the team that runs Steward.</p>
        <button type="button" className={`${secondaryButtonClass} mt-3`} onClick={() => graph.refetch()}>
          Try again
        </button>
      </div>
    );
  } else if (selected && graph.data) {
    const g = graph.data;
    body = (
      <>
        {g.truncated && (
          <p className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
            This neighbourhood is very large, so only the nearest {g.nodes.length} nodes are shown. Centre the graph on a node nearer what
            you are looking for.
          </p>
        )}
        <div className="mb-3">
          <NodeList nodes={merged.nodes} root={g.root} selected={selectedId} onSelect={select} />
        </div>
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
          <div className={`${graphH} overflow-hidden rounded-lg border border-line bg-white lg:col-span-2`} data-testid="lineage-graph">
            <LineageCanvas
              nodes={merged.nodes}
              edges={merged.edges}
              root={g.root}
              selected={selectedId}
              expanded={expanded}
              expanding={expanding}
              onSelect={select}
              onExpand={expand}
            />
          </div>
          <div className="min-w-0 lg:max-h-[560px] lg:overflow-y-auto">
            <NodePanel
              node={selected}
              isRoot={selected.id === g.root}
              expanded={expanded.has(selected.id)}
              expanding={expanding === selected.id}
              tab={view.tab}
              onTab={(tab) => setView((v) => ({ ...v, tab }))}
              onCentre={choose}
              onExpand={expand}
              inGraph={inGraph}
              onPick={pick}
            />
          </div>
        </div>
        <Legend />
      </>
    );
  }

  return (
    <div>
      <div className="mb-4 max-w-2xl">
        <NodeSearch onChoose={(n) => choose(n.id)} />
      </div>
      {node && graph.data && (
        <p className="mb-3 flex flex-wrap items-center gap-2 text-sm text-muted">
          Centred on {byId.get(graph.data.root) && <KindBadge type={(byId.get(graph.data.root) as GraphNode).type} />}
          <span className="font-medium text-ink break-all">
            {byId.get(graph.data.root) ? nodeTitle(byId.get(graph.data.root) as GraphNode) : node}
          </span>
          <span>· two hops each way; expand a node for more</span>
        </p>
      )}
      {body}
      <p aria-live="polite" className="sr-only" data-testid="lineage-announce">
        {announce}
      </p>
    </div>
  );
}
