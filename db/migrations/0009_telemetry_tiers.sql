CREATE TABLE "telemetry_pending" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "telemetry_pending_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"version_id" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" bigint NOT NULL,
	"errors" bigint NOT NULL,
	"latency_sum" double precision NOT NULL,
	"latency_min" double precision NOT NULL,
	"latency_max" double precision NOT NULL,
	"zero_count" bigint DEFAULT 0 NOT NULL,
	"bin_keys" integer[] NOT NULL,
	"bin_counts" bigint[] NOT NULL,
	"samples" jsonb
);
--> statement-breakpoint
ALTER TABLE "telemetry_rollups" ADD COLUMN "p50" double precision;--> statement-breakpoint
ALTER TABLE "telemetry_rollups" ADD COLUMN "p95" double precision;--> statement-breakpoint
ALTER TABLE "telemetry_rollups" ADD COLUMN "p99" double precision;--> statement-breakpoint
ALTER TABLE "telemetry_pending" ADD CONSTRAINT "telemetry_pending_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "telemetry_pending_version_idx" ON "telemetry_pending" USING btree ("version_id","bucket");