import { sql } from "drizzle-orm";
import { bigint, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { modelVersions } from "./inventory";

/**
 * Prediction telemetry folded into rollups per model version and time bucket, in three tiers maintained together at
 * ingest: `minute`, `hour` and `day` (so a 30-day read touches day or hour rows, never minutes). Latency is kept as a
 * DDSketch (relative accuracy 0.01, logarithmic mapping: key = ceil(log_gamma(ms))) in parallel arrays sorted by key;
 * merging two sketches is summing counts per key, in SQL (lib/telemetry/ingest.ts, read.ts).
 */
export const telemetryRollups = pgTable(
  "telemetry_rollups",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    /** minute | hour | day */
    tier: text("tier").notNull(),
    /** Start of the bucket, UTC. */
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
    errors: bigint("errors", { mode: "number" }).notNull(),
    latencySum: doublePrecision("latency_sum").notNull(),
    latencyMin: doublePrecision("latency_min").notNull(),
    latencyMax: doublePrecision("latency_max").notNull(),
    /** Latencies too small for the mapping (0 ms, or negative): the sketch's zero bucket. */
    zeroCount: bigint("zero_count", { mode: "number" }).notNull().default(0),
    /** Sketch bins: keys ascending, and the count of each. */
    binKeys: integer("bin_keys").array().notNull(),
    binCounts: bigint("bin_counts", { mode: "number" }).array().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "telemetry_rollups_pk", columns: [t.versionId, t.tier, t.bucket] }),
    check("telemetry_rollups_tier_ck", sql`${t.tier} in ('minute', 'hour', 'day')`),
  ],
);

/**
 * A bounded sample of raw events for debugging, per version and hour: up to 100 errors, the 50 highest-loss events and
 * a uniform sample of 50 (bottom-k by a hash of traceId, or a random priority). Each pool keeps the rows of lowest
 * `score` (the priority, or −loss), so batches merge into the same sample whatever their order.
 */
export const telemetrySamples = pgTable(
  "telemetry_samples",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    /** error | loss | uniform */
    pool: text("pool").notNull(),
    score: doublePrecision("score").notNull(),
    ts: timestamp("ts", { withTimezone: true, precision: 3 }).notNull(),
    traceId: text("trace_id"),
    status: text("status").notNull(),
    latencyMs: doublePrecision("latency_ms").notNull(),
    features: jsonb("features").$type<Record<string, number | string | null>>(),
    prediction: jsonb("prediction"),
    label: jsonb("label"),
    loss: doublePrecision("loss"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("telemetry_samples_pool_idx").on(t.versionId, t.hour, t.pool, t.score),
    index("telemetry_samples_trace_idx").on(t.traceId),
    check("telemetry_samples_pool_ck", sql`${t.pool} in ('error', 'loss', 'uniform')`),
  ],
);
