import { z } from "zod";
import { PageQuery } from "../api/pagination";
import { ModelName, RISK_TIERS, STAGES, VersionName } from "../inventory/schemas";
import { Check } from "./checks";
import { DECISIONS, STATUSES } from "./machine";
import { PolicyRules } from "./policy";

const Comment = z.string().trim().min(1, "say why: a decision needs a comment").max(5000);

export const Rollout = z
  .strictObject({
    strategy: z.enum(["canary", "blue-green", "shadow", "full"]),
    canaryPercent: z.number().min(0.1).max(99.9).optional(),
  })
  .refine((r) => r.strategy === "canary" || r.canaryPercent === undefined, {
    message: "is only for the canary strategy",
    path: ["canaryPercent"],
  })
  .meta({ id: "Rollout" });

export const CreateRelease = z
  .strictObject({
    model: ModelName,
    version: VersionName,
    targetStage: z.enum(["staging", "production"], { message: "must be staging or production" }),
    summary: z.string().trim().min(1, "say what changes and why").max(10_000),
    rollout: Rollout.optional(),
  })
  .meta({ id: "CreateRelease" });
export type CreateRelease = z.infer<typeof CreateRelease>;

export const DecideRelease = z
  .strictObject({ decision: z.enum(DECISIONS, { message: `must be one of: ${DECISIONS.join(", ")}` }), comment: Comment })
  .meta({ id: "DecideRelease" });
export const CancelRelease = z.strictObject({ reason: z.string().trim().max(2000).optional() }).meta({ id: "CancelRelease" });
export const ResubmitRelease = z
  .strictObject({ summary: z.string().trim().min(1).max(10_000).optional(), comment: z.string().trim().max(5000).optional() })
  .meta({ id: "ResubmitRelease" });
export const RequestRollback = z
  .strictObject({ reason: z.string().trim().min(1, "say why it must be rolled back").max(5000) })
  .meta({ id: "RequestRollback" });

export const ListReleasesQuery = PageQuery.extend({
  status: z.enum(STATUSES).optional(),
  model: ModelName.optional(),
  /** "me": pending releases the caller may decide and has not decided yet. */
  awaiting: z.enum(["me"]).optional(),
  requestedBy: z.string().max(320).optional(),
});
export type ListReleasesQuery = z.infer<typeof ListReleasesQuery>;

export const ReleaseDecision = z
  .object({
    reviewer: z.string(),
    reviewerName: z.string(),
    reviewerRoles: z.array(z.string()),
    decision: z.enum(DECISIONS),
    comment: z.string(),
    round: z.number().int(),
    at: z.string(),
  })
  .meta({ id: "ReleaseDecision" });
export type ReleaseDecisionView = z.infer<typeof ReleaseDecision>;

export const Release = z
  .object({
    id: z.uuid(),
    kind: z.enum(["release", "rollback"]),
    model: z.string(),
    version: z.string(),
    riskTier: z.enum(RISK_TIERS),
    owner: z.string(),
    targetStage: z.enum(["staging", "production"]),
    summary: z.string(),
    reason: z.string().nullable(),
    rollout: z.object({ strategy: z.string(), canaryPercent: z.number().optional() }).nullable(),
    status: z.enum(STATUSES),
    round: z.number().int(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    updatedAt: z.string(),
    decidedAt: z.string().nullable(),
    policyVersion: z.number().int(),
    requiredApprovals: z.number().int(),
    requiresCompliance: z.boolean(),
    checks: z.array(Check),
    /** When the checks shown were evaluated: now for an open release, at the final decision for a closed one. */
    checksEvaluatedAt: z.string(),
    /** The approvals of the current round. */
    approvals: z.array(ReleaseDecision),
    /** Every decision of every round, oldest first. */
    decisions: z.array(ReleaseDecision),
    /** The version in production when it was requested, which it replaces. */
    replaces: z.object({ version: z.string(), stage: z.enum(STAGES) }).nullable(),
  })
  .meta({ id: "Release" });
export type ReleaseView = z.infer<typeof Release>;

export const ReleaseSummary = Release.omit({ checks: true, decisions: true, approvals: true })
  .extend({ approvalCount: z.number().int(), failingChecks: z.number().int() })
  .meta({ id: "ReleaseSummary" });
export type ReleaseSummaryView = z.infer<typeof ReleaseSummary>;

export const UpdatePolicy = z.strictObject({ rules: PolicyRules }).meta({ id: "UpdatePolicy" });

export const ReleaseChecksQuery = z.strictObject({
  targetStage: z.enum(["staging", "production"], { message: "must be staging or production" }).default("production"),
});
export const ChecksPreview = z
  .object({
    policyVersion: z.number().int(),
    requiredApprovals: z.number().int(),
    requiresCompliance: z.boolean(),
    replaces: z.string().nullable(),
    checks: z.array(Check),
  })
  .meta({ id: "ReleaseChecksPreview" });
