import { bigint, doublePrecision, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { modelVersions } from "./inventory";

/**
 * The training-time profile of a version (API.md `PUT .../reference`), as sent, and the bin layout derived from it
 * (lib/drift/profile.ts): per feature, the cut points every window's histogram is counted on, so a window compares
 * with the reference, and with any other window, bin for bin.
 */
export const driftReferences = pgTable("drift_references", {
  versionId: integer("version_id")
    .primaryKey()
    .references(() => modelVersions.id, { onDelete: "cascade" }),
  /** The profile as sent: {feature: {type: "numeric", values} | {type: "categorical", counts}}. */
  features: jsonb("features").$type<Record<string, unknown>>().notNull(),
  /** The derived layout per feature (lib/drift/profile.ts `FeatureSpec`). */
  spec: jsonb("spec").$type<Record<string, unknown>>().notNull(),
  /** The prediction's layout for outliers (lib/drift/outliers.ts `PredictionSpec`): its 0.5–99.5 % range or its classes. */
  prediction: jsonb("prediction").$type<Record<string, unknown>>(),
  createdBy: text("created_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/**
 * Per version, hour and feature, the histogram of the feature's values in telemetry, counted on the reference's bins
 * at ingest. Numeric: `counts`/`sums` per fine bin (below the first cut, each cut, between cuts, above the last);
 * categorical: `other` maps category → count. `n` counts the events that carried a value, `missing` those that lacked
 * it or sent null. The row with feature "*" counts events, and in `missing` the events lacking any reference feature.
 * `outliers` (F6) counts the values outside the reference's 0.5–99.5 % range, or of a category the reference never
 * saw; on the "*" row `prediction_n` and `prediction_outliers` do the same for the predictions (lib/drift/outliers.ts).
 */
export const driftWindows = pgTable(
  "drift_windows",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    feature: text("feature").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
    missing: bigint("missing", { mode: "number" }).notNull(),
    counts: bigint("counts", { mode: "number" }).array().notNull(),
    sums: doublePrecision("sums").array().notNull(),
    other: jsonb("other").$type<Record<string, number>>().notNull(),
    outliers: bigint("outliers", { mode: "number" }).notNull().default(0),
    predictionN: bigint("prediction_n", { mode: "number" }).notNull().default(0),
    predictionOutliers: bigint("prediction_outliers", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ name: "drift_windows_pk", columns: [t.versionId, t.hour, t.feature] })],
);
