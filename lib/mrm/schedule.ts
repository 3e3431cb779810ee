// Review dates, pure. A production model's next review falls one interval (in calendar months, UTC) after its last
// satisfactory review (with or without findings) or, with none yet, after it first reached production, or the review
// policy's effective date when that is later. The date is a calendar day (UTC): due on that day, overdue from the
// next; upcoming within UPCOMING_DAYS before it.
import type { RiskTier } from "../inventory/schemas";

export const UPCOMING_DAYS = 30;
const DAY = 86_400_000;

/** `months` calendar months after `d` (UTC), the day clamped to the month's last: 31 August + 6 months = 28/29 February. */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target;
}

export type ReviewState = "overdue" | "upcoming" | "scheduled" | "none";

export type ScheduleInput = {
  tier: RiskTier;
  /** Months between reviews for each tier; null: that tier is not reviewed on a schedule. */
  intervals: Record<RiskTier, number | null>;
  /** The review policy's effective date, if it sets one. */
  effectiveFrom: Date | null;
  /** When the model first reached production (null: never). */
  firstProduction: Date | null;
  /** The last review completed satisfactory or satisfactory with findings. */
  lastPassedReview: Date | null;
};

/** The next-review date, or null when the model is not in production or its tier has no interval. */
export function nextReviewDate(s: ScheduleInput): Date | null {
  const months = s.intervals[s.tier];
  if (months == null || !s.firstProduction) return null;
  let anchor = s.lastPassedReview;
  if (!anchor) anchor = s.effectiveFrom && s.effectiveFrom > s.firstProduction ? s.effectiveFrom : s.firstProduction;
  const d = addMonths(anchor, months);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function reviewState(next: Date | null, now: Date): ReviewState {
  if (!next) return "none";
  if (now.getTime() >= next.getTime() + DAY) return "overdue";
  return next.getTime() - now.getTime() <= UPCOMING_DAYS * DAY ? "upcoming" : "scheduled";
}

/** Whole days past the due day (1 on the day after it), else 0. */
export const daysOverdue = (next: Date | null, now: Date) =>
  next && now.getTime() >= next.getTime() + DAY ? Math.floor((now.getTime() - next.getTime()) / DAY) : 0;

/** The date as YYYY-MM-DD. */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
