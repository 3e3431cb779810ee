"use client";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { FilterSelect, SegmentLinks } from "@/components/ui/filters";
import { secondaryButtonClass } from "@/components/ui/page";
import { PERIOD_KEYS } from "@/lib/dashboards/executive-schemas";
import { RISK_TIERS, type RiskTier } from "@/lib/inventory/schemas";
import { executiveHref, type Filters } from "./api";

/** Period, team and risk tier, kept in the URL (?period=90d&team=&riskTier=), so a link shows what its sender saw. */
export function Controls({ filters, teams }: { filters: Filters; teams: string[] }) {
  const id = useId();
  const router = useRouter();
  return (
    <div className="no-print flex flex-wrap items-end gap-3">
      <SegmentLinks
        label="Period"
        items={PERIOD_KEYS.map((p) => ({ key: p, href: executiveHref({ ...filters, period: p }) }))}
        current={filters.period}
      />
      <form
        className="flex flex-wrap items-end gap-2"
        action="/dashboards/executive"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const team = String(data.get("team") ?? "");
          const tier = String(data.get("riskTier") ?? "");
          router.push(executiveHref({ period: filters.period, team: team || null, riskTier: (tier || null) as RiskTier | null }), {
            scroll: false,
          });
        }}
      >
        <input type="hidden" name="period" value={filters.period} />
        <FilterSelect
          id={`${id}-team`}
          label="Team"
          name="team"
          value={filters.team ?? ""}
          options={[{ value: "", label: "Every team" }, ...teams.map((t) => ({ value: t, label: t }))]}
        />
        <FilterSelect
          id={`${id}-tier`}
          label="Risk tier"
          name="riskTier"
          value={filters.riskTier ?? ""}
          options={[{ value: "", label: "Every tier" }, ...RISK_TIERS.map((t) => ({ value: t, label: t }))]}
        />
        <button type="submit" className={`${secondaryButtonClass} py-1.5`}>
          Show
        </button>
      </form>
    </div>
  );
}
