import { sql } from "drizzle-orm";
import { bigint, boolean, check, doublePrecision, index, integer, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { models, modelVersions } from "./inventory";

/**
 * Business KPIs a model is judged by (revenue, conversion, losses …), defined by admins at /admin/kpis. A KPI point
 * names its KPI by `name`; a point for a KPI not defined here is refused, so every figure on the executive dashboard
 * has a unit, a direction and an owner.
 */
export const kpiDefinitions = pgTable(
  "kpi_definitions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull().unique(),
    title: text("title").notNull(),
    unit: text("unit").notNull(),
    higherIsBetter: boolean("higher_is_better").notNull(),
    /** sum | mean: how points fold into a step (revenue sums, a conversion rate averages). */
    aggregation: text("aggregation").notNull(),
    owner: text("owner").notNull(),
    description: text("description"),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [check("kpi_definitions_aggregation_ck", sql`${t.aggregation} in ('sum', 'mean')`)],
);

/** POST /api/v1/kpis: one value of a KPI for a model (and, when known, the version that earned it) at an instant. */
export const kpiPoints = pgTable(
  "kpi_points",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kpiId: integer("kpi_id")
      .notNull()
      .references(() => kpiDefinitions.id, { onDelete: "cascade" }),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    versionId: integer("version_id").references(() => modelVersions.id, { onDelete: "cascade" }),
    ts: timestamp("ts", { withTimezone: true, precision: 3 }).notNull(),
    value: doublePrecision("value").notNull(),
  },
  (t) => [
    // A repeated (kpi, model, version, ts) is a correction: the later value replaces the earlier (null versions equal).
    unique("kpi_points_uq").on(t.kpiId, t.modelId, t.versionId, t.ts).nullsNotDistinct(),
    index("kpi_points_model_idx").on(t.modelId, t.kpiId, t.ts),
  ],
);
