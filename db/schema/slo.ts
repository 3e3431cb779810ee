import { sql } from "drizzle-orm";
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { models, modelVersions } from "./inventory";

/** Service-level objectives per model (API.md "Drift, SLOs, alerts"); evaluated per version serving traffic. */
export const slos = pgTable(
  "slos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    /** availability | latency | quality */
    sli: text("sli").notNull(),
    objective: doublePrecision("objective").notNull(),
    thresholdMs: doublePrecision("threshold_ms"),
    metric: text("metric"),
    threshold: doublePrecision("threshold"),
    windowDays: integer("window_days").notNull().default(30),
    name: text("name"),
    active: boolean("active").notNull().default(true),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("slos_model_idx").on(t.modelId), check("slos_sli_ck", sql`${t.sli} in ('availability', 'latency', 'quality')`)],
);

/**
 * Alerts: burn-rate alerts of an SLO on one version, pipeline failures, drift and schema changes. One row per episode:
 * it fires, may escalate, and resolves by itself; `notified*` record that the webhooks were told exactly once.
 */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** burn_rate | pipeline | drift | schema_change */
    kind: text("kind").notNull(),
    /** What the episode is about, unique among firing alerts: "slo:<id>:<versionId>", "pipeline:<model>:<pipeline>" … */
    key: text("key").notNull(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    versionId: integer("version_id").references(() => modelVersions.id, { onDelete: "cascade" }),
    sloId: uuid("slo_id").references(() => slos.id, { onDelete: "cascade" }),
    /** page | ticket */
    severity: text("severity").notNull(),
    /** firing | resolved */
    state: text("state").notNull(),
    title: text("title").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    firedAt: timestamp("fired_at", { withTimezone: true, precision: 3 }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, precision: 3 }),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("alerts_one_firing_uq").on(t.key).where(sql`${t.state} = 'firing'`),
    index("alerts_state_idx").on(t.state, t.firedAt),
    index("alerts_model_idx").on(t.modelId, t.firedAt),
  ],
);

/** Maintenance windows: notifications for the model (or one version) are held until `endsAt`; alerts still show. */
export const silences = pgTable(
  "silences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    versionId: integer("version_id").references(() => modelVersions.id, { onDelete: "cascade" }),
    endsAt: timestamp("ends_at", { withTimezone: true, precision: 3 }).notNull(),
    reason: text("reason").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("silences_model_idx").on(t.modelId, t.endsAt)],
);
