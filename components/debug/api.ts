"use client";
import { usePolledView } from "@/components/ui/polled-view";
import type { Compare, DebugRange, DebugViewData } from "@/lib/dashboards/debug-schemas";

/** Polled once a minute: drift and quality move by the hour; the samples and resources a little faster. */
export const REFRESH_MS = 60_000;

export type DebugParams = { model: string; version: string | null; range: DebugRange; compare: Compare; trace: string | null };

/** The URL of the page (or, with api, of the read) for these parameters; defaults left out. */
export function debugSearch(p: DebugParams): string {
  return new URLSearchParams({
    model: p.model,
    ...(p.version ? { version: p.version } : {}),
    ...(p.range !== "24h" ? { range: p.range } : {}),
    ...(p.compare !== "week" ? { compare: p.compare } : {}),
    ...(p.trace ? { trace: p.trace } : {}),
  }).toString();
}
export const debugHref = (p: DebugParams) => `/dashboards/debug?${debugSearch(p)}`;

export function useDebug(p: DebugParams, initial: DebugViewData) {
  const matches =
    initial.model === p.model &&
    (p.version === null || initial.version === p.version) &&
    initial.range === p.range &&
    initial.compare === p.compare &&
    initial.trace === p.trace;
  return usePolledView({
    key: ["dashboards", "debug", p.model, p.version ?? "", p.range, p.compare, p.trace ?? ""],
    url: `/api/v1/dashboards/debug?${debugSearch(p)}`,
    initial,
    matches,
    refreshMs: REFRESH_MS,
    staleMs: 20_000,
  });
}
