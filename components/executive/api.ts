"use client";
import { usePolledView } from "@/components/ui/polled-view";
import type { ExecutiveViewData, Period } from "@/lib/dashboards/executive-schemas";
import type { RiskTier } from "@/lib/inventory/schemas";

/** Figures for a meeting change slowly: a minute between reads is plenty. */
export const REFRESH_MS = 60_000;

export type Filters = { period: Period; team: string | null; riskTier: RiskTier | null };

export const executiveParams = (f: Filters) =>
  new URLSearchParams({ period: f.period, ...(f.team ? { team: f.team } : {}), ...(f.riskTier ? { riskTier: f.riskTier } : {}) });
export const executiveHref = (f: Filters) => `/dashboards/executive?${executiveParams(f)}`;

export function useExecutive(f: Filters, initial: ExecutiveViewData) {
  const matches = initial.period === f.period && initial.team === f.team && initial.riskTier === f.riskTier;
  return usePolledView({
    key: ["dashboards", "executive", f.period, f.team ?? "", f.riskTier ?? ""],
    url: `/api/v1/dashboards/executive?${executiveParams(f)}`,
    initial,
    matches,
    refreshMs: REFRESH_MS,
    staleMs: 30_000,
  });
}
