import type { RiskTier, Stage } from "@/lib/inventory/schemas";

const RISK: Record<RiskTier, string> = {
  low: "bg-slate-100 text-slate-800 ring-slate-300",
  medium: "bg-sky-50 text-sky-900 ring-sky-300",
  high: "bg-amber-50 text-amber-900 ring-amber-300",
  critical: "bg-red-50 text-red-800 ring-red-300",
};
const STAGE: Record<Stage, string> = {
  development: "bg-slate-100 text-slate-800 ring-slate-300",
  staging: "bg-violet-50 text-violet-900 ring-violet-300",
  production: "bg-emerald-50 text-emerald-900 ring-emerald-400",
  archived: "bg-stone-100 text-stone-700 ring-stone-300",
  retired: "bg-stone-100 text-stone-600 ring-stone-300 line-through",
};
const base = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

export function RiskBadge({ tier }: { tier: RiskTier }) {
  return <span className={`${base} ${RISK[tier]}`}>{tier}</span>;
}

export function StageBadge({ stage }: { stage: Stage | null }) {
  if (!stage) return <span className="text-sm text-muted">no versions</span>;
  return <span className={`${base} ${STAGE[stage]}`}>{stage}</span>;
}

export function RoleBadge({ role }: { role: string }) {
  return <span className={`${base} bg-white text-slate-700 ring-slate-300`}>{role}</span>;
}
