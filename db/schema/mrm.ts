import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { models, riskTier } from "./inventory";

// Model risk management (issue 21, items 1, 2 and 6): the risk questionnaire and its answers, the periodic review
// policy and the reviews themselves, owners' attestations, and the reminders sent about them.

/** Every version of the risk questionnaire; the highest is in force. An assessment records the version it answered. */
export const riskQuestionnaires = pgTable("risk_questionnaires", {
  version: integer("version").primaryKey(),
  questions: jsonb("questions").$type<unknown[]>().notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const assessmentStatus = pgEnum("risk_assessment_status", ["submitted", "confirmed", "overridden"]);

/** An owner's answers, the tier they suggest and why; compliance confirms or overrides it (then the model's tier is set). */
export const riskAssessments = pgTable(
  "risk_assessments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "restrict" }),
    questionnaireVersion: integer("questionnaire_version")
      .notNull()
      .references(() => riskQuestionnaires.version),
    answers: jsonb("answers").$type<{ question: string; option: string }[]>().notNull(),
    suggestedTier: riskTier("suggested_tier").notNull(),
    reason: text("reason").notNull(),
    /** The model's tier when the answers were submitted. */
    tierBefore: riskTier("tier_before").notNull(),
    status: assessmentStatus("status").notNull().default("submitted"),
    confirmedTier: riskTier("confirmed_tier"),
    confirmComment: text("confirm_comment"),
    confirmedBy: text("confirmed_by"),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true, precision: 3 }),
    submittedBy: text("submitted_by").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("risk_assessments_model_idx").on(t.modelId, t.submittedAt)],
);

/** Every version of the periodic review policy (intervals and checklists per tier); the highest is in force. */
export const reviewPolicies = pgTable("review_policies", {
  version: integer("version").primaryKey(),
  rules: jsonb("rules").$type<Record<string, unknown>>().notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const reviewStatus = pgEnum("review_status", ["open", "completed"]);
export const reviewOutcome = pgEnum("review_outcome", ["satisfactory", "satisfactory_with_findings", "unsatisfactory"]);

/** A periodic review of a model by a validator independent of it (four eyes, like a release decision). */
export const modelReviews = pgTable(
  "model_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "restrict" }),
    /** The tier and the policy version the review was started under (its checklist comes from them). */
    tier: riskTier("tier").notNull(),
    policyVersion: integer("policy_version")
      .notNull()
      .references(() => reviewPolicies.version),
    /** The production version reviewed, when there was one. */
    version: text("version"),
    status: reviewStatus("status").notNull().default("open"),
    /** The next-review date this review answers (null when the model had none). */
    dueAt: timestamp("due_at", { withTimezone: true, precision: 3 }),
    startedBy: text("started_by").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    outcome: reviewOutcome("outcome"),
    comment: text("comment"),
    checklist: jsonb("checklist").$type<{ item: string; done: boolean }[]>().notNull().default([]),
    completedBy: text("completed_by"),
    completedAt: timestamp("completed_at", { withTimezone: true, precision: 3 }),
    /** Set when compliance recorded a review performed before or outside Steward: when it was entered (completedAt is when it was done). */
    recordedAt: timestamp("recorded_at", { withTimezone: true, precision: 3 }),
    /** A recorded review's reference (the validation report's number, a document link), if given. */
    reference: text("reference"),
  },
  (t) => [
    index("model_reviews_model_idx").on(t.modelId, t.completedAt),
    // One open review per model: a second start while one is open is a conflict.
    uniqueIndex("model_reviews_open_uq").on(t.modelId).where(sql`status = 'open'`),
  ],
);

/** An owner's statement that a model's records are accurate and complete. */
export const attestations = pgTable(
  "attestations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "restrict" }),
    attestedBy: text("attested_by").notNull(),
    statement: text("statement").notNull(),
    comment: text("comment"),
    attestedAt: timestamp("attested_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("attestations_model_idx").on(t.modelId, t.attestedAt)],
);

/** Reminders sent (attestation.due, review.overdue): one row per model and due period, so each is sent once, on any instance. */
export const mrmReminders = pgTable("mrm_reminders", {
  key: text("key").primaryKey(),
  event: text("event").notNull(),
  modelId: integer("model_id")
    .notNull()
    .references(() => models.id, { onDelete: "cascade" }),
  sentAt: timestamp("sent_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
