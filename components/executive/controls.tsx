"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { inputClass, secondaryButtonClass } from "@/components/ui/page";
import { PERIOD_KEYS } from "@/lib/dashboards/executive-schemas";
import { RISK_TIERS, type RiskTier } from "@/lib/inventory/schemas";
import { executiveHref, type Filters } from "./api";

/** Period, team and risk tier, kept in the URL (?period=90d&team=&riskTier=), so a link shows what its sender saw. */
export function Controls({ filters, teams }: { filters: Filters; teams: string[] }) {
  const id = useId();
  const router = useRouter();
  return (
    <div className="no-print flex flex-wrap items-end gap-3">
      <nav aria-label="Period">
        <ul className="flex overflow-hidden rounded-md border border-line bg-white">
          {PERIOD_KEYS.map((p) => (
            <li key={p} className="border-line not-first:border-l">
              <Link
                href={executiveHref({ ...filters, period: p })}
                scroll={false}
                aria-current={p === filters.period ? "page" : undefined}
                className={`block px-3 py-1.5 text-sm ${p === filters.period ? "bg-brand font-semibold text-white" : "text-ink hover:bg-slate-50"}`}
              >
                {p}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form
        className="flex flex-wrap items-end gap-2"
        action="/dashboards/executive"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const team = String(data.get("team") ?? "");
          const tier = String(data.get("riskTier") ?? "");
          router.push(executiveHref({ period: filters.period, team: team || null, riskTier: (tier || null) as RiskTier | null }), { scroll: false });
        }}
      >
        <input type="hidden" name="period" value={filters.period} />
        <div>
          <label htmlFor={`${id}-team`} className="mb-1 block text-xs font-medium text-muted">
            Team
          </label>
          <select id={`${id}-team`} name="team" defaultValue={filters.team ?? ""} key={`t${filters.team ?? ""}`} className={`${inputClass} py-1.5`}>
            <option value="">Every team</option>
            {teams.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-tier`} className="mb-1 block text-xs font-medium text-muted">
            Risk tier
          </label>
          <select id={`${id}-tier`} name="riskTier" defaultValue={filters.riskTier ?? ""} key={`r${filters.riskTier ?? ""}`} className={`${inputClass} py-1.5`}>
            <option value="">Every tier</option>
            {RISK_TIERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={`${secondaryButtonClass} py-1.5`}>
          Show
        </button>
      </form>
    </div>
  );
}
