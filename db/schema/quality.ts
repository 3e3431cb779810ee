import { bigint, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { modelVersions } from "./inventory";

/**
 * Predictions that carry a trace id, kept 30 days so that ground truth arriving later (`POST /labels`) can be joined
 * to them. `label` is the latest label received; `quality_rollups` hold what it contributed.
 */
export const predictions = pgTable(
  "predictions",
  {
    traceId: text("trace_id").notNull(),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    ts: timestamp("ts", { withTimezone: true, precision: 3 }).notNull(),
    prediction: jsonb("prediction").notNull(),
    label: jsonb("label"),
    labelledAt: timestamp("labelled_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [primaryKey({ name: "predictions_pk", columns: [t.traceId, t.versionId, t.ts] }), index("predictions_ts_idx").on(t.ts)],
);

/**
 * Model quality per version and hour of the prediction: how many predictions were made, how many have a label so far,
 * and the sufficient statistics of the metrics: a confusion map "prediction\u001flabel" → count for classification,
 * and the count, Σ|error|, Σerror² for numeric (regression) pairs.
 */
export const qualityRollups = pgTable(
  "quality_rollups",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    predictions: bigint("predictions", { mode: "number" }).notNull().default(0),
    labelled: bigint("labelled", { mode: "number" }).notNull().default(0),
    confusion: jsonb("confusion").$type<Record<string, number>>().notNull().default({}),
    regN: bigint("reg_n", { mode: "number" }).notNull().default(0),
    absErr: doublePrecision("abs_err").notNull().default(0),
    sqErr: doublePrecision("sq_err").notNull().default(0),
  },
  (t) => [primaryKey({ name: "quality_rollups_pk", columns: [t.versionId, t.hour] })],
);
