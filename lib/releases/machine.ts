// The release state machine, pure: who may do what to a release in which state, and what state that leads to.
// The database layer (service.ts) loads the release under a row lock, asks this module, and writes what it says.
import type { Role } from "../auth/roles";

export const STATUSES = ["pending", "approved", "rejected", "changes_requested", "cancelled"] as const;
export type Status = (typeof STATUSES)[number];
export const DECISIONS = ["approve", "reject", "request_changes"] as const;
export type DecisionKind = (typeof DECISIONS)[number];

/** The only moves a release can make. approved, rejected and cancelled are final. */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  pending: ["approved", "rejected", "changes_requested", "cancelled"],
  changes_requested: ["pending", "cancelled"],
  approved: [],
  rejected: [],
  cancelled: [],
};

export type Person = { email: string; roles: readonly Role[] };
export type Decision = { reviewer: string; roles: readonly Role[]; decision: DecisionKind; round: number };
export type ReleaseState = {
  status: Status;
  round: number;
  kind: "release" | "rollback";
  requestedBy: string;
  /** The model's owner at the time of the decision. */
  owner: string;
  requiredApprovals: number;
  requiresCompliance: boolean;
  decisions: readonly Decision[];
};

export type Refusal = {
  status: 403 | 409 | 422;
  code: "separation_of_duties" | "not_a_reviewer" | "not_pending" | "already_decided" | "checks_failed" | "forbidden" | "not_changes_requested";
  message: string;
};

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
export const DECIDER_ROLES: readonly Role[] = ["reviewer", "compliance"];
export const isDecider = (p: Person) => p.roles.some((r) => DECIDER_ROLES.includes(r));

export type Progress = {
  approvals: number;
  required: number;
  complianceNeeded: boolean;
  complianceGiven: boolean;
  /** Enough approvals, including a compliance one where needed. */
  complete: boolean;
};

export function progress(s: ReleaseState): Progress {
  const approvals = s.decisions.filter((d) => d.round === s.round && d.decision === "approve");
  const complianceGiven = approvals.some((d) => d.roles.includes("compliance"));
  const complete = approvals.length >= s.requiredApprovals && (!s.requiresCompliance || complianceGiven);
  return { approvals: approvals.length, required: s.requiredApprovals, complianceNeeded: s.requiresCompliance, complianceGiven, complete };
}

/**
 * Why this person may not make this decision now, or null when they may. `blockingFailures` are the titles of the
 * blocking checks failing at this moment (re-evaluated for the decision).
 */
export function refuseDecision(s: ReleaseState, p: Person, decision: DecisionKind, blockingFailures: readonly string[]): Refusal | null {
  if (!isDecider(p)) return { status: 403, code: "not_a_reviewer", message: "Only reviewers and compliance officers decide releases." };
  if (same(p.email, s.requestedBy))
    return { status: 403, code: "separation_of_duties", message: "You requested this release, so someone else must decide it." };
  if (s.kind === "release" && same(p.email, s.owner))
    return { status: 403, code: "separation_of_duties", message: "You own this model, so someone else must decide its release." };
  if (s.status !== "pending")
    return { status: 409, code: "not_pending", message: `This release is ${s.status.replace("_", " ")}, so it takes no more decisions.` };
  if (s.decisions.some((d) => d.round === s.round && same(d.reviewer, p.email)))
    return { status: 409, code: "already_decided", message: "You have decided this release already." };
  if (decision === "approve" && blockingFailures.length > 0)
    return {
      status: 422,
      code: "checks_failed",
      message: `It cannot be approved while a blocking check fails: ${blockingFailures.join(", ")}.`,
    };
  return null;
}

/** The state after a decision that refuseDecision allowed. */
export function applyDecision(s: ReleaseState, p: Person, decision: DecisionKind): ReleaseState {
  const decisions = [...s.decisions, { reviewer: p.email, roles: p.roles, decision, round: s.round }];
  const next = { ...s, decisions };
  if (decision === "reject") return { ...next, status: "rejected" };
  if (decision === "request_changes") return { ...next, status: "changes_requested" };
  return progress(next).complete ? { ...next, status: "approved" } : next;
}

/** The requester or an admin may cancel a release still open. */
export function refuseCancel(s: ReleaseState, p: Person): Refusal | null {
  if (!same(p.email, s.requestedBy) && !p.roles.includes("admin"))
    return { status: 403, code: "forbidden", message: "Only the requester or an admin can cancel a release." };
  if (s.status !== "pending" && s.status !== "changes_requested")
    return { status: 409, code: "not_pending", message: `This release is ${s.status.replace("_", " ")} and can no longer be cancelled.` };
  return null;
}

/** The requester resubmits after changes were requested; decisions start over in a new round. */
export function refuseResubmit(s: ReleaseState, p: Person): Refusal | null {
  if (!same(p.email, s.requestedBy)) return { status: 403, code: "forbidden", message: "Only the requester can resubmit this release." };
  if (s.status !== "changes_requested")
    return { status: 409, code: "not_changes_requested", message: `This release is ${s.status.replace("_", " ")}; only one returned for changes can be resubmitted.` };
  return null;
}

export function applyResubmit(s: ReleaseState): ReleaseState {
  return { ...s, status: "pending", round: s.round + 1 };
}

export const isOpen = (s: Status) => s === "pending" || s === "changes_requested";
