"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ApiError, apiFetch } from "@/components/ui/api-form";
import type { OnCallViewData, Range } from "@/lib/dashboards/schemas";

/** Polled: an on-call screen stays open, so it refreshes itself without a reload. */
export const REFRESH_MS = 30_000;

export const onCallKey = (range: Range, model: string | null) => ["dashboards", "on-call", range, model ?? ""] as const;

export function useOnCall(range: Range, model: string | null, initial: OnCallViewData) {
  const matches = initial.range === range && (initial.model ?? null) === model;
  return useQuery<OnCallViewData, ApiError>({
    queryKey: onCallKey(range, model),
    queryFn: () => apiFetch<OnCallViewData>(`/api/v1/dashboards/on-call?${new URLSearchParams({ range, ...(model ? { model } : {}) })}`, "GET"),
    initialData: matches ? initial : undefined,
    initialDataUpdatedAt: matches ? Date.parse(initial.generatedAt) : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
    staleTime: 10_000,
    retry: (n, e) => e.status >= 500 && n < 2,
  });
}
