-- Retention by whole partitions (issue 17 item 4; lib/ops/retention.ts makes and drops them). Hand-written: drizzle-kit
-- cannot generate partitioning (its snapshot, meta/0023_snapshot.json, records the new keys only). Each table is
-- renamed, re-created with the same columns as a partitioned table, given its partitions, filled from the old one,
-- and the old one dropped.
--   telemetry_rollups  LIST (tier): minute → RANGE (bucket) by UTC day; hour → RANGE (bucket) by UTC month; day → one
--                      plain partition. Key unchanged (version_id, tier, bucket): it already holds both columns.
--   telemetry_samples  RANGE (hour) by UTC day. Key (id, hour): id is an identity, unique on its own.
--   predictions        RANGE (ts) by UTC day. Key (trace_id, version_id, ts): see lib/quality/ingest.ts foldQuality.
--   security_events    RANGE (at) by UTC day. Key (id, at); the aggregate key gains `at`, an aggregated row's `at`
--                      being its minute (lib/security/record.ts), so (kind, address, minute, reason) still decides.
-- Every range-partitioned table has a DEFAULT partition, so a write outside every partition never fails.
-- Partitions made here: every UTC day (month) holding rows, and today … +7 days (this month and the next).
CREATE FUNCTION "steward_tmp_partitions"(parent text, col text, unit text, ahead int, src text) RETURNS void
LANGUAGE plpgsql SET timezone = 'UTC' AS $$
DECLARE
  step interval := CASE unit WHEN 'day' THEN interval '1 day' ELSE interval '1 month' END;
  d timestamptz;
BEGIN
  FOR d IN EXECUTE format(
    'SELECT x FROM (SELECT DISTINCT date_trunc(%L, %I) AS x FROM %s AS s UNION SELECT date_trunc(%L, now()) + %L::interval * g FROM generate_series(0, %s) AS g) AS t ORDER BY x',
    unit, col, src, unit, step, ahead)
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
      parent || '_p' || to_char(d, CASE unit WHEN 'day' THEN 'YYYYMMDD' ELSE 'YYYYMM' END), parent, d, d + step);
  END LOOP;
END $$;
--> statement-breakpoint
ALTER TABLE "telemetry_rollups" RENAME TO "telemetry_rollups_unpartitioned";--> statement-breakpoint
ALTER TABLE "telemetry_rollups_unpartitioned" DROP CONSTRAINT "telemetry_rollups_pk";--> statement-breakpoint
DROP INDEX "telemetry_rollups_read_idx";--> statement-breakpoint
CREATE TABLE "telemetry_rollups" (
	"version_id" integer NOT NULL,
	"tier" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" bigint NOT NULL,
	"errors" bigint NOT NULL,
	"latency_sum" double precision NOT NULL,
	"latency_min" double precision NOT NULL,
	"latency_max" double precision NOT NULL,
	"zero_count" bigint DEFAULT 0 NOT NULL,
	"bin_keys" integer[] NOT NULL,
	"bin_counts" bigint[] NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"p50" double precision,
	"p95" double precision,
	"p99" double precision,
	CONSTRAINT "telemetry_rollups_pk" PRIMARY KEY("version_id","tier","bucket"),
	CONSTRAINT "telemetry_rollups_tier_ck" CHECK ("tier" in ('minute', 'hour', 'day'))
) PARTITION BY LIST ("tier");
--> statement-breakpoint
ALTER TABLE "telemetry_rollups_unpartitioned" DROP CONSTRAINT "telemetry_rollups_version_id_model_versions_id_fk";--> statement-breakpoint
ALTER TABLE "telemetry_rollups" ADD CONSTRAINT "telemetry_rollups_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "telemetry_rollups_read_idx" ON "telemetry_rollups" ("version_id", "tier", "bucket")
  INCLUDE ("count", "errors", "zero_count", "p50", "p95", "p99") WHERE "tier" IN ('hour', 'day');--> statement-breakpoint
CREATE TABLE "telemetry_rollups_minute" PARTITION OF "telemetry_rollups" FOR VALUES IN ('minute') PARTITION BY RANGE ("bucket");--> statement-breakpoint
CREATE TABLE "telemetry_rollups_minute_default" PARTITION OF "telemetry_rollups_minute" DEFAULT;--> statement-breakpoint
CREATE TABLE "telemetry_rollups_hour" PARTITION OF "telemetry_rollups" FOR VALUES IN ('hour') PARTITION BY RANGE ("bucket");--> statement-breakpoint
CREATE TABLE "telemetry_rollups_hour_default" PARTITION OF "telemetry_rollups_hour" DEFAULT;--> statement-breakpoint
CREATE TABLE "telemetry_rollups_day" PARTITION OF "telemetry_rollups" FOR VALUES IN ('day');--> statement-breakpoint
SELECT "steward_tmp_partitions"('telemetry_rollups_minute', 'bucket', 'day', 7, '(SELECT bucket FROM telemetry_rollups_unpartitioned WHERE tier = ''minute'')');--> statement-breakpoint
SELECT "steward_tmp_partitions"('telemetry_rollups_hour', 'bucket', 'month', 1, '(SELECT bucket FROM telemetry_rollups_unpartitioned WHERE tier = ''hour'')');--> statement-breakpoint
INSERT INTO "telemetry_rollups" ("version_id", "tier", "bucket", "count", "errors", "latency_sum", "latency_min", "latency_max", "zero_count", "bin_keys", "bin_counts", "updated_at", "p50", "p95", "p99")
  SELECT "version_id", "tier", "bucket", "count", "errors", "latency_sum", "latency_min", "latency_max", "zero_count", "bin_keys", "bin_counts", "updated_at", "p50", "p95", "p99"
  FROM "telemetry_rollups_unpartitioned";--> statement-breakpoint
DROP TABLE "telemetry_rollups_unpartitioned";--> statement-breakpoint
ALTER TABLE "telemetry_samples" RENAME TO "telemetry_samples_unpartitioned";--> statement-breakpoint
ALTER TABLE "telemetry_samples_unpartitioned" DROP CONSTRAINT "telemetry_samples_pkey";--> statement-breakpoint
ALTER TABLE "telemetry_samples_unpartitioned" ALTER COLUMN "id" DROP IDENTITY;--> statement-breakpoint
ALTER TABLE "telemetry_samples_unpartitioned" DROP CONSTRAINT "telemetry_samples_version_id_model_versions_id_fk";--> statement-breakpoint
DROP INDEX "telemetry_samples_pool_idx";--> statement-breakpoint
DROP INDEX "telemetry_samples_trace_idx";--> statement-breakpoint
CREATE TABLE "telemetry_samples" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "telemetry_samples_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"version_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"pool" text NOT NULL,
	"score" double precision NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"trace_id" text,
	"status" text NOT NULL,
	"latency_ms" double precision NOT NULL,
	"features" jsonb,
	"prediction" jsonb,
	"label" jsonb,
	"loss" double precision,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "telemetry_samples_pkey" PRIMARY KEY("id","hour"),
	CONSTRAINT "telemetry_samples_pool_ck" CHECK ("pool" in ('error', 'loss', 'uniform'))
) PARTITION BY RANGE ("hour");
--> statement-breakpoint
ALTER TABLE "telemetry_samples" ADD CONSTRAINT "telemetry_samples_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "telemetry_samples_pool_idx" ON "telemetry_samples" USING btree ("version_id","hour","pool","score");--> statement-breakpoint
CREATE INDEX "telemetry_samples_trace_idx" ON "telemetry_samples" USING btree ("trace_id");--> statement-breakpoint
CREATE TABLE "telemetry_samples_default" PARTITION OF "telemetry_samples" DEFAULT;--> statement-breakpoint
SELECT "steward_tmp_partitions"('telemetry_samples', 'hour', 'day', 7, 'telemetry_samples_unpartitioned');--> statement-breakpoint
INSERT INTO "telemetry_samples" OVERRIDING SYSTEM VALUE
  SELECT "id", "version_id", "hour", "pool", "score", "ts", "trace_id", "status", "latency_ms", "features", "prediction", "label", "loss", "created_at"
  FROM "telemetry_samples_unpartitioned";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('telemetry_samples', 'id'), (SELECT coalesce(max("id"), 0) + 1 FROM "telemetry_samples"), false);--> statement-breakpoint
DROP TABLE "telemetry_samples_unpartitioned";--> statement-breakpoint
ALTER TABLE "predictions" RENAME TO "predictions_unpartitioned";--> statement-breakpoint
ALTER TABLE "predictions_unpartitioned" DROP CONSTRAINT "predictions_pk";--> statement-breakpoint
ALTER TABLE "predictions_unpartitioned" DROP CONSTRAINT "predictions_version_id_model_versions_id_fk";--> statement-breakpoint
DROP INDEX "predictions_ts_idx";--> statement-breakpoint
CREATE TABLE "predictions" (
	"trace_id" text NOT NULL,
	"version_id" integer NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"prediction" jsonb NOT NULL,
	"label" jsonb,
	"labelled_at" timestamp (3) with time zone,
	CONSTRAINT "predictions_pk" PRIMARY KEY("trace_id","version_id","ts")
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "predictions_ts_idx" ON "predictions" USING btree ("ts");--> statement-breakpoint
CREATE TABLE "predictions_default" PARTITION OF "predictions" DEFAULT;--> statement-breakpoint
SELECT "steward_tmp_partitions"('predictions', 'ts', 'day', 7, 'predictions_unpartitioned');--> statement-breakpoint
INSERT INTO "predictions" ("trace_id", "version_id", "ts", "prediction", "label", "labelled_at")
  SELECT "trace_id", "version_id", "ts", "prediction", "label", "labelled_at" FROM "predictions_unpartitioned";--> statement-breakpoint
DROP TABLE "predictions_unpartitioned";--> statement-breakpoint
ALTER TABLE "security_events" RENAME TO "security_events_unpartitioned";--> statement-breakpoint
ALTER TABLE "security_events_unpartitioned" DROP CONSTRAINT "security_events_pkey";--> statement-breakpoint
ALTER TABLE "security_events_unpartitioned" ALTER COLUMN "id" DROP IDENTITY;--> statement-breakpoint
DROP INDEX "security_events_at_idx";--> statement-breakpoint
DROP INDEX "security_events_aggregate_uq";--> statement-breakpoint
CREATE TABLE "security_events" (
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "security_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"email" text,
	"token" text,
	"method" text,
	"path" text,
	"reason" text NOT NULL,
	"request_id" text NOT NULL,
	"address" text,
	"minute" timestamp with time zone,
	"last_at" timestamp with time zone,
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "security_events_pkey" PRIMARY KEY("id","at"),
	CONSTRAINT "security_events_kind_ck" CHECK ("kind" in ('sign_in_refused', 'token_refused', 'permission_denied'))
) PARTITION BY RANGE ("at");
--> statement-breakpoint
CREATE INDEX "security_events_at_idx" ON "security_events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "security_events_aggregate_uq" ON "security_events" USING btree ("kind","address","minute","reason","at");--> statement-breakpoint
CREATE TABLE "security_events_default" PARTITION OF "security_events" DEFAULT;--> statement-breakpoint
SELECT "steward_tmp_partitions"('security_events', 'at', 'day', 7, '(SELECT coalesce(minute, at) AS at FROM security_events_unpartitioned)');--> statement-breakpoint
INSERT INTO "security_events" ("id", "at", "kind", "email", "token", "method", "path", "reason", "request_id", "address", "minute", "last_at", "count") OVERRIDING SYSTEM VALUE
  SELECT "id", coalesce("minute", "at"), "kind", "email", "token", "method", "path", "reason", "request_id", "address", "minute", "last_at", "count"
  FROM "security_events_unpartitioned";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('security_events', 'id'), (SELECT coalesce(max("id"), 0) + 1 FROM "security_events"), false);--> statement-breakpoint
DROP TABLE "security_events_unpartitioned";--> statement-breakpoint
DROP FUNCTION "steward_tmp_partitions"(text, text, text, int, text);
