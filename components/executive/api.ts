"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ApiError, apiFetch } from "@/components/ui/api-form";
import type { ExecutiveViewData, Period } from "@/lib/dashboards/executive-schemas";
import type { RiskTier } from "@/lib/inventory/schemas";

/** Figures for a meeting change slowly: a minute between reads is plenty. */
export const REFRESH_MS = 60_000;

export type Filters = { period: Period; team: string | null; riskTier: RiskTier | null };

export const executiveParams = (f: Filters) => new URLSearchParams({ period: f.period, ...(f.team ? { team: f.team } : {}), ...(f.riskTier ? { riskTier: f.riskTier } : {}) });
export const executiveHref = (f: Filters) => `/dashboards/executive?${executiveParams(f)}`;

export function useExecutive(f: Filters, initial: ExecutiveViewData) {
  const matches = initial.period === f.period && initial.team === f.team && initial.riskTier === f.riskTier;
  return useQuery<ExecutiveViewData, ApiError>({
    queryKey: ["dashboards", "executive", f.period, f.team ?? "", f.riskTier ?? ""],
    queryFn: () => apiFetch<ExecutiveViewData>(`/api/v1/dashboards/executive?${executiveParams(f)}`, "GET"),
    initialData: matches ? initial : undefined,
    initialDataUpdatedAt: matches ? Date.parse(initial.generatedAt) : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
    staleTime: 30_000,
    retry: (n, e) => e.status >= 500 && n < 2,
  });
}
