// The finding's status rules, pure: what a stored status means today (an accepted risk past its expiry is open again,
// computed on every read, so no worker has to flip rows), which moves are allowed, and the overdue arithmetic.
import { AppError } from "../errors";

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const FINDING_STATUSES = ["open", "in_remediation", "closed", "risk_accepted"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Severities whose open findings block a release (the open_findings check). */
export const BLOCKING_SEVERITIES: readonly Severity[] = ["high", "critical"];

/** Days to remediate when the raiser gives no due date. */
export const DEFAULT_DAYS_TO_DUE: Record<Severity, number> = { critical: 30, high: 60, medium: 90, low: 180 };

const DAY = 86_400_000;
/** The UTC calendar day of an instant, as YYYY-MM-DD. */
export const utcDay = (d: Date) => d.toISOString().slice(0, 10);
/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
export const addDays = (day: string, n: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY));

export type StatusFacts = { status: FindingStatus; riskAcceptedUntil: string | null };

/** An acceptance holds through its expiry day (UTC) and lapses the day after. */
export const acceptanceHolds = (f: StatusFacts, now: Date) =>
  f.status === "risk_accepted" && f.riskAcceptedUntil !== null && utcDay(now) <= f.riskAcceptedUntil;

/** The status as it stands today: an accepted risk whose expiry has passed is open again. */
export function effectiveStatus(f: StatusFacts, now: Date): FindingStatus {
  if (f.status === "risk_accepted" && !acceptanceHolds(f, now)) return "open";
  return f.status;
}

/** Still to be dealt with: open or in remediation (an expired acceptance counts as open). */
export const isActive = (f: StatusFacts, now: Date) => {
  const s = effectiveStatus(f, now);
  return s === "open" || s === "in_remediation";
};

/** Where each status (as it stands today) may go. Closed is final. */
const MOVES: Record<FindingStatus, readonly FindingStatus[]> = {
  open: ["in_remediation", "closed", "risk_accepted"],
  in_remediation: ["closed", "risk_accepted"],
  risk_accepted: ["in_remediation", "closed", "risk_accepted"],
  closed: [],
};

/** Throw 409 `invalid_transition` unless the finding may move from its status today to `to`. */
export function assertTransition(f: StatusFacts, to: FindingStatus, now: Date): void {
  const from = effectiveStatus(f, now);
  if (!MOVES[from].includes(to))
    throw new AppError(
      "invalid_transition",
      409,
      from === "closed"
        ? "This finding is closed; raise a new finding if the problem is back."
        : `A finding that is ${from.replace("_", " ")} cannot become ${to.replace("_", " ")}.`,
      [{ path: "status", message: `cannot go from ${from} to ${to}` }],
    );
}

/** Overdue: still to be dealt with and its due date is before today (UTC). */
export const isOverdue = (f: StatusFacts & { dueDate: string }, now: Date) => isActive(f, now) && f.dueDate < utcDay(now);
/** Days past the due date (0 when not overdue). */
export const overdueDays = (f: StatusFacts & { dueDate: string }, now: Date) =>
  isOverdue(f, now) ? daysBetween(f.dueDate, utcDay(now)) : 0;

/** Findings that block a release: active and high or critical. */
export const blocksRelease = (f: StatusFacts & { severity: Severity }, now: Date) =>
  isActive(f, now) && BLOCKING_SEVERITIES.includes(f.severity);
