-- Pending telemetry rows are written once and deleted by the compactor within seconds: compressing their JSON (TOAST's
-- default for values over 2 kB) cost the ingest more than it saved. Stored out of line, uncompressed.
ALTER TABLE "telemetry_pending" ALTER COLUMN "minutes" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "telemetry_pending" ALTER COLUMN "samples" SET STORAGE EXTERNAL;
