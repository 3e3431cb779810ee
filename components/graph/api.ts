"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ApiError, apiFetch } from "@/components/ui/api-form";
import type { Graph, GraphNode, Impact, NodeDetail } from "@/lib/lineage/graph";

import { START_DEPTH } from "./depth";

/** The lineage reads of /api/v1/lineage, keyed for react-query. */

export const graphKey = (node: string, depth: number) => ["lineage", "graph", node, depth] as const;

export function fetchGraph(node: string, depth: number): Promise<Graph> {
  return apiFetch<Graph>(`/api/v1/lineage/graph?${new URLSearchParams({ node, direction: "both", depth: String(depth) })}`, "GET");
}

export function useGraph(node: string | null, initial?: Graph) {
  return useQuery<Graph, ApiError>({
    queryKey: graphKey(node ?? "", START_DEPTH),
    queryFn: () => fetchGraph(node as string, START_DEPTH),
    enabled: Boolean(node),
    initialData: initial && node === initial.root ? initial : undefined,
    retry: (n, e) => e.status >= 500 && n < 1,
  });
}

export function useNodeDetail(node: string) {
  return useQuery<NodeDetail, ApiError>({
    queryKey: ["lineage", "node", node],
    queryFn: () => apiFetch<NodeDetail>(`/api/v1/lineage/node?${new URLSearchParams({ node })}`, "GET"),
    retry: (n, e) => e.status >= 500 && n < 1,
  });
}

export function useImpact(node: string) {
  return useQuery<Impact, ApiError>({
    queryKey: ["lineage", "impact", node],
    queryFn: () => apiFetch<Impact>(`/api/v1/lineage/impact?${new URLSearchParams({ node })}`, "GET"),
    retry: (n, e) => e.status >= 500 && n < 1,
  });
}

export function useNodeSearch(q: string) {
  return useQuery<{ items: GraphNode[] }, ApiError>({
    queryKey: ["lineage", "search", q],
    queryFn: () => apiFetch<{ items: GraphNode[] }>(`/api/v1/lineage/nodes?${new URLSearchParams({ q, limit: "12" })}`, "GET"),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}
