CREATE TABLE "telemetry_pending" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "telemetry_pending_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"first_minute" timestamp with time zone NOT NULL,
	"last_minute" timestamp with time zone NOT NULL,
	"version_ids" integer[] NOT NULL,
	"minutes" text NOT NULL,
	"samples" text
);
--> statement-breakpoint
ALTER TABLE "telemetry_rollups" ADD COLUMN "p50" double precision;--> statement-breakpoint
ALTER TABLE "telemetry_rollups" ADD COLUMN "p95" double precision;--> statement-breakpoint
ALTER TABLE "telemetry_rollups" ADD COLUMN "p99" double precision;