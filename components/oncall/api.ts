"use client";
import { usePolledView } from "@/components/ui/polled-view";
import type { OnCallViewData, Range } from "@/lib/dashboards/schemas";

/** Polled: an on-call screen stays open, so it refreshes itself without a reload. */
export const REFRESH_MS = 30_000;

export const onCallKey = (range: Range, model: string | null) => ["dashboards", "on-call", range, model ?? ""] as const;

export function useOnCall(range: Range, model: string | null, initial: OnCallViewData) {
  const matches = initial.range === range && (initial.model ?? null) === model;
  return usePolledView({
    key: onCallKey(range, model),
    url: `/api/v1/dashboards/on-call?${new URLSearchParams({ range, ...(model ? { model } : {}) })}`,
    initial,
    matches,
    refreshMs: REFRESH_MS,
    staleMs: 10_000,
  });
}
