// The release state machine, pure: what may happen to a release in which state, and what state that leads to. Who
// may act (reviewers, four eyes, the requester) is the policy's (lib/auth/policy.ts), asked here first. decide.ts and
// requests.ts load the release under a row lock, ask this module, and write what it says.
import { countsAsCompliance, decide, type EvidenceAuthor, type Principal, type Stewards, type Subject, sameReviewer } from "../auth/policy";
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

/** Who acts: an Actor, or in tests just an email and roles (a browser session). */
export type Person = Principal & { email: string; roles: readonly Role[] };
export type Decision = { reviewer: string; roles: readonly Role[]; decision: DecisionKind; round: number };
export type ReleaseState = {
  status: Status;
  round: number;
  kind: "release" | "rollback";
  requestedBy: string;
  /** The model's owner and maintainers now, and when the release was requested (null for releases from before that was kept). */
  stewardsNow: Stewards;
  stewardsAtRequest: Stewards | null;
  /** Who wrote the evidence its checks use: the version's registration, the card revision, evaluations, the bias audit. */
  evidenceAuthors: readonly EvidenceAuthor[];
  requiredApprovals: number;
  requiresCompliance: boolean;
  decisions: readonly Decision[];
};

export type Refusal = {
  status: 403 | 409 | 422;
  code:
    | "separation_of_duties"
    | "not_a_reviewer"
    | "not_pending"
    | "already_decided"
    | "checks_failed"
    | "forbidden"
    | "not_changes_requested";
  message: string;
};

/** What the policy is told of a release. */
export const releaseSubject = (s: ReleaseState): Subject => ({
  kind: "release",
  releaseKind: s.kind,
  requestedBy: s.requestedBy,
  stewardsAtRequest: s.stewardsAtRequest,
  stewardsNow: s.stewardsNow,
  evidenceAuthors: s.evidenceAuthors,
});

function refusedBy(p: Person, action: "release.decide" | "release.cancel" | "release.resubmit", s: ReleaseState): Refusal | null {
  const v = decide(p, action, releaseSubject(s));
  return v.allow ? null : { status: 403, code: v.code as Refusal["code"], message: v.message };
}

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
  const complianceGiven = approvals.some((d) => countsAsCompliance(d.roles));
  const complete = approvals.length >= s.requiredApprovals && (!s.requiresCompliance || complianceGiven);
  return { approvals: approvals.length, required: s.requiredApprovals, complianceNeeded: s.requiresCompliance, complianceGiven, complete };
}

/**
 * Why this person may not make this decision now, or null when they may. `blockingFailures` are the titles of the
 * blocking checks failing at this moment (re-evaluated for the decision).
 */
export function refuseDecision(s: ReleaseState, p: Person, decision: DecisionKind, blockingFailures: readonly string[]): Refusal | null {
  const who = refusedBy(p, "release.decide", s);
  if (who) return who;
  if (s.status !== "pending")
    return { status: 409, code: "not_pending", message: `This release is ${s.status.replace("_", " ")}, so it takes no more decisions.` };
  if (s.decisions.some((d) => d.round === s.round && sameReviewer(d.reviewer, p.email)))
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
  const who = refusedBy(p, "release.cancel", s);
  if (who) return { ...who, message: "Only the requester or an admin can cancel a release." };
  if (s.status !== "pending" && s.status !== "changes_requested")
    return { status: 409, code: "not_pending", message: `This release is ${s.status.replace("_", " ")} and can no longer be cancelled.` };
  return null;
}

/** The requester resubmits after changes were requested; decisions start over in a new round. */
export function refuseResubmit(s: ReleaseState, p: Person): Refusal | null {
  const who = refusedBy(p, "release.resubmit", s);
  if (who) return { ...who, message: "Only the requester can resubmit this release." };
  if (s.status !== "changes_requested")
    return {
      status: 409,
      code: "not_changes_requested",
      message: `This release is ${s.status.replace("_", " ")}; only one returned for changes can be resubmitted.`,
    };
  return null;
}

export function applyResubmit(s: ReleaseState): ReleaseState {
  return { ...s, status: "pending", round: s.round + 1 };
}

export const isOpen = (s: Status) => s === "pending" || s === "changes_requested";
