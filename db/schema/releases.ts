import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { models, modelVersions, stage } from "./inventory";

export const releaseStatus = pgEnum("release_status", ["pending", "approved", "rejected", "changes_requested", "cancelled"]);

export const releaseKind = pgEnum("release_kind", ["release", "rollback"]);

export const decisionKind = pgEnum("decision_kind", ["approve", "reject", "request_changes"]);

/** Every version of the release policy; the highest version is in force. A release records the one it was judged under. */
export const releasePolicies = pgTable("release_policies", {
  version: integer("version").primaryKey(),
  rules: jsonb("rules").$type<Record<string, unknown>>().notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const releases = pgTable(
  "releases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "restrict" }),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "restrict" }),
    kind: releaseKind("kind").notNull().default("release"),
    targetStage: stage("target_stage").notNull(),
    summary: text("summary").notNull(),
    reason: text("reason"),
    rollout: jsonb("rollout").$type<{ strategy: string; canaryPercent?: number } | null>(),
    status: releaseStatus("status").notNull().default("pending"),
    /** Decisions count within a round; a resubmission after "request changes" starts the next round. */
    round: integer("round").notNull().default(1),
    policyVersion: integer("policy_version")
      .notNull()
      .references(() => releasePolicies.version),
    requiredApprovals: integer("required_approvals").notNull(),
    requiresCompliance: boolean("requires_compliance").notNull(),
    /** The checks as last evaluated (at request, resubmission and each decision). */
    checks: jsonb("checks").$type<unknown[]>().notNull(),
    /** The version in production when the release was requested (the one it would replace), if any. */
    replacesVersionId: integer("replaces_version_id").references(() => modelVersions.id, { onDelete: "restrict" }),
    requestedBy: text("requested_by").notNull(),
    /** The model's owner and maintainers when the release was requested: none of them may decide it (four eyes). */
    stewardsAtRequest: jsonb("stewards_at_request").$type<{ owner: string; maintainers: string[] } | null>(),
    requestedAt: timestamp("requested_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("releases_status_idx").on(t.status, t.requestedAt),
    index("releases_model_idx").on(t.modelId, t.requestedAt),
    index("releases_version_idx").on(t.versionId),
    // One open release per version and target: a second request while one is open is a conflict.
    uniqueIndex("releases_open_uq").on(t.versionId, t.targetStage).where(sql`status in ('pending', 'changes_requested')`),
  ],
);

export const releaseDecisions = pgTable(
  "release_decisions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    releaseId: uuid("release_id")
      .notNull()
      .references(() => releases.id, { onDelete: "restrict" }),
    round: integer("round").notNull(),
    reviewer: text("reviewer").notNull(),
    reviewerName: text("reviewer_name").notNull(),
    /** The roles the reviewer held when deciding (a compliance approval is judged on them). */
    reviewerRoles: text("reviewer_roles").array().notNull(),
    decision: decisionKind("decision").notNull(),
    comment: text("comment").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("release_decisions_one_per_reviewer").on(t.releaseId, t.round, t.reviewer)],
);
