import { doublePrecision, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { models, modelVersions } from "./inventory";

/** POST /api/v1/deployments: rollouts as the serving platform reports them. */
export const deployments = pgTable(
  "deployments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    environment: text("environment").notNull(),
    strategy: text("strategy").notNull(),
    trafficPercent: doublePrecision("traffic_percent").notNull(),
    /** started | progressing | completed | rolled_back | failed */
    status: text("status").notNull(),
    ts: timestamp("ts", { withTimezone: true, precision: 3 }).notNull(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("deployments_version_idx").on(t.versionId, t.ts)],
);

/** POST /api/v1/pipeline-runs: retraining pipelines' runs. */
export const pipelineRuns = pgTable(
  "pipeline_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    pipeline: text("pipeline").notNull(),
    /** running | succeeded | failed */
    status: text("status").notNull(),
    /** schedule | drift | manual */
    trigger: text("trigger").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, precision: 3 }),
    message: text("message"),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("pipeline_runs_model_idx").on(t.modelId, t.startedAt)],
);

/** POST /api/v1/resources: CPU, memory and replicas per version and environment over time. */
export const resourcePoints = pgTable(
  "resource_points",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    environment: text("environment").notNull(),
    ts: timestamp("ts", { withTimezone: true, precision: 3 }).notNull(),
    cpu: doublePrecision("cpu").notNull(),
    memoryMb: doublePrecision("memory_mb").notNull(),
    replicas: integer("replicas").notNull(),
  },
  (t) => [index("resource_points_version_idx").on(t.versionId, t.environment, t.ts)],
);
