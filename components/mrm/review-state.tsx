import type { ReviewScheduleItem } from "@/lib/mrm/schemas";
import { OUTCOME_LABEL, type Outcome } from "@/lib/mrm/schemas";

const base = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";
const STATE: Record<ReviewScheduleItem["state"], [string, string]> = {
  overdue: ["overdue", "bg-red-50 text-red-800 ring-red-300"],
  upcoming: ["due soon", "bg-amber-50 text-amber-900 ring-amber-300"],
  scheduled: ["scheduled", "bg-emerald-50 text-emerald-900 ring-emerald-400"],
  none: ["not scheduled", "bg-slate-100 text-slate-800 ring-slate-300"],
};

/** Where a model stands in the review schedule, in words (not colour alone). */
export function ReviewStateBadge({ state, days }: { state: ReviewScheduleItem["state"]; days?: number }) {
  const [label, cls] = STATE[state];
  return (
    <span className={`${base} ${cls}`} data-testid="review-state">
      {state === "overdue" && days ? `overdue ${days} day${days === 1 ? "" : "s"}` : label}
    </span>
  );
}

const OUTCOME_CLS: Record<Outcome, string> = {
  satisfactory: "bg-emerald-50 text-emerald-900 ring-emerald-400",
  satisfactory_with_findings: "bg-amber-50 text-amber-900 ring-amber-300",
  unsatisfactory: "bg-red-50 text-red-800 ring-red-300",
};
export function OutcomeBadge({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return <span className={`${base} bg-sky-50 text-sky-900 ring-sky-300`}>open</span>;
  return <span className={`${base} ${OUTCOME_CLS[outcome]}`}>{OUTCOME_LABEL[outcome]}</span>;
}
