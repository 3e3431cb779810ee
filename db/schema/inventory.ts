import { sql } from "drizzle-orm";
import { doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

// Enum order is the sort order: low < medium < high < critical.
export const riskTier = pgEnum("risk_tier", ["low", "medium", "high", "critical"]);
export const stage = pgEnum("stage", ["development", "staging", "production", "archived", "retired"]);

export const models = pgTable(
  "models",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull().unique(),
    title: text("title"),
    description: text("description"),
    owner: text("owner").notNull(),
    /** People and service accounts (emails) who may write the model's evidence beside its owner (API.md, Trust rules). */
    maintainers: text("maintainers").array().notNull().default(sql`'{}'::text[]`),
    team: text("team"),
    riskTier: riskTier("risk_tier").notNull(),
    useCase: text("use_case"),
    /** Where on-call starts when this model's alerts fire. */
    runbookUrl: text("runbook_url"),
    /** Outlier share (F6) above which, for three judged hours in a row, a version's inputs raise a ticket; null: 0.05. */
    outlierThreshold: doublePrecision("outlier_threshold"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("models_owner_idx").on(t.owner),
    index("models_team_idx").on(t.team),
    index("models_updated_idx").on(t.updatedAt, t.id),
    index("models_tags_idx").using("gin", t.tags),
  ],
);

export const modelVersions = pgTable(
  "model_versions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "restrict" }),
    version: text("version").notNull(),
    description: text("description"),
    artifactUri: text("artifact_uri"),
    framework: text("framework"),
    gitCommit: text("git_commit"),
    trainingRunId: uuid("training_run_id"),
    inputs: jsonb("inputs").$type<{ namespace: string; name: string }[]>().notNull().default([]),
    metrics: jsonb("metrics").$type<Record<string, number>>().notNull().default({}),
    params: jsonb("params").$type<Record<string, unknown>>().notNull().default({}),
    signature: jsonb("signature").$type<{ inputs: unknown[]; outputs: unknown[] } | null>(),
    stage: stage("stage").notNull().default("development"),
    stageChangedAt: timestamp("stage_changed_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    retiredReason: text("retired_reason"),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    unique("model_versions_model_version_uq").on(t.modelId, t.version),
    index("model_versions_stage_idx").on(t.stage, t.modelId),
    index("model_versions_training_run_idx").on(t.trainingRunId),
  ],
);

export const evaluations = pgTable(
  "evaluations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "restrict" }),
    dataset: text("dataset").notNull(),
    metrics: jsonb("metrics").$type<Record<string, number>>().notNull(),
    slice: text("slice"),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("evaluations_version_idx").on(t.versionId)],
);
