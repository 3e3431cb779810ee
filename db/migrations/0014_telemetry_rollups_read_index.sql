-- Reads at the hour and day tiers whose points are single stored rows (a 30-day read at step 1d: 3,000 rows) need only
-- these narrow columns; covering them lets Postgres answer from the index without visiting the wide heap rows (each
-- carries its sketch's bins). Hour and day rows only: minute rows are read with their bins, and are most of the writes.
CREATE INDEX "telemetry_rollups_read_idx" ON "telemetry_rollups" ("version_id", "tier", "bucket")
  INCLUDE ("count", "errors", "zero_count", "p50", "p95", "p99") WHERE "tier" IN ('hour', 'day');
