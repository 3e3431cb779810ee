"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ApiError, apiFetch } from "@/components/ui/api-form";

/**
 * A dashboard's one read, polled so an open screen refreshes itself without a reload. The server render is the
 * initial data while it still answers the same question (`matches`); switching filters keeps the previous figures
 * on screen until the new ones arrive. Shared by the on-call, debug and executive dashboards.
 */
export function usePolledView<T extends { generatedAt: string }>(o: {
  key: readonly unknown[];
  url: string;
  initial: T;
  matches: boolean;
  refreshMs: number;
  staleMs: number;
}) {
  return useQuery<T, ApiError>({
    queryKey: o.key,
    queryFn: () => apiFetch<T>(o.url, "GET"),
    initialData: o.matches ? o.initial : undefined,
    initialDataUpdatedAt: o.matches ? Date.parse(o.initial.generatedAt) : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: o.refreshMs,
    refetchIntervalInBackground: false,
    staleTime: o.staleMs,
    retry: (n, e) => e.status >= 500 && n < 2,
  });
}
