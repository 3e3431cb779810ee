import { sql } from "drizzle-orm";
import { bigint, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { modelVersions } from "./inventory";

/**
 * Prediction telemetry folded into rollups per model version and time bucket, in three tiers: `minute`, `hour` and
 * `day` (so a 30-day read touches day or hour rows, never minutes). Latency is kept as a DDSketch (relative accuracy
 * 0.01, logarithmic mapping: key = ceil(log_gamma(ms))) in parallel arrays sorted by key; merging two sketches is
 * summing counts per key. Only the compactor (lib/telemetry/compact.ts) writes these rows, one instance at a time,
 * folding in what the ingest appended to `telemetry_pending`; each row carries its sketch's p50/p95/p99, so a read
 * whose step is the row's tier selects them instead of merging bins.
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
    /** The sketch's quantiles (the DDSketch rule of sketch.ts), written with the bins; null only for rows from before them. */
    p50: doublePrecision("p50"),
    p95: doublePrecision("p95"),
    p99: doublePrecision("p99"),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "telemetry_rollups_pk", columns: [t.versionId, t.tier, t.bucket] }),
    check("telemetry_rollups_tier_ck", sql`${t.tier} in ('minute', 'hour', 'day')`),
  ],
);

/**
 * A sample candidate carried by a pending row, as written: [v, pool, score, ts (ms), traceId, error (1 or 0),
 * latencyMs, features, prediction, label, loss]. A tuple rather than an object: it is half the JSON, and there are
 * many of them while an hour's pools fill. Rows written before carry PendingSample objects; the compactor reads both.
 */
export type PendingSampleTuple = [
  v: number,
  pool: 0 | 1 | 2,
  score: number,
  ts: number,
  traceId: string | null,
  error: 0 | 1,
  latencyMs: number,
  features: Record<string, number | string | null> | null,
  prediction: unknown,
  label: unknown,
  loss: number | null,
];

/** A sample candidate as the compactor uses it: telemetry_samples' columns, the hour being the one of `ts`. */
export type PendingSample = {
  v: number;
  pool: "error" | "loss" | "uniform";
  score: number;
  ts: string;
  traceId: string | null;
  status: string;
  latencyMs: number;
  features: Record<string, number | string | null> | null;
  prediction: unknown;
  label: unknown;
  loss: number | null;
};

/** A minute of one version as a batch folded it: telemetry_rollups' columns, bins as parallel arrays. */
export type PendingMinute = {
  v: number;
  b: string;
  n: number;
  e: number;
  s: number;
  mn: number;
  mx: number;
  z: number;
  k: number[];
  c: number[];
};

/**
 * What the ingest appends: one row per batch, insert-only (so concurrent batches never wait on each other's rows, and
 * a batch costs the store one tuple however many versions and minutes it spans), holding the batch folded into
 * minutes per version and its raw-sample candidates, as JSON text (parsed by the compactor, and by reads only for the
 * few seconds' worth not yet compacted). The compactor moves them into `telemetry_rollups` and `telemetry_samples`,
 * deleting them in the same transaction; every read takes the rollups and the minutes still here together, in one
 * statement, so it sees each event exactly once whether it was compacted or not.
 */
export const telemetryPending = pgTable("telemetry_pending", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  /** The first and last minute in the batch, and its versions: reads skip the rows that cannot matter to them. */
  firstMinute: timestamp("first_minute", { withTimezone: true }).notNull(),
  lastMinute: timestamp("last_minute", { withTimezone: true }).notNull(),
  versionIds: integer("version_ids").array().notNull(),
  /** JSON: PendingMinute[] (version_id, bucket, count, … as v, b, n, …). */
  minutes: text("minutes").notNull(),
  /** JSON: PendingSample[], or null when the batch has no candidate worth sending. */
  samples: text("samples"),
  /** When the batch was appended: the compactor's lag is the age of the oldest row (lib/health/lag.ts). */
  receivedAt: timestamp("received_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/**
 * A bounded sample of raw events for debugging, per version and hour: up to 100 errors, the 50 highest-loss events and
 * a uniform sample of 50 (bottom-k by a hash of traceId, or a random priority). Each pool keeps the rows of lowest
 * `score` (the priority, or −loss), so batches merge into the same sample whatever their order.
 */
export const telemetrySamples = pgTable(
  "telemetry_samples",
  {
    id: bigint("id", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
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
    // Partitioned by day of `hour` (db/migrations/0023_retention_partitions.sql): the key must include it.
    primaryKey({ name: "telemetry_samples_pkey", columns: [t.id, t.hour] }),
    index("telemetry_samples_pool_idx").on(t.versionId, t.hour, t.pool, t.score),
    index("telemetry_samples_trace_idx").on(t.traceId),
    check("telemetry_samples_pool_ck", sql`${t.pool} in ('error', 'loss', 'uniform')`),
  ],
);
