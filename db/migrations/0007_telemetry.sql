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
	CONSTRAINT "telemetry_rollups_pk" PRIMARY KEY("version_id","tier","bucket"),
	CONSTRAINT "telemetry_rollups_tier_ck" CHECK ("telemetry_rollups"."tier" in ('minute', 'hour', 'day'))
);
--> statement-breakpoint
CREATE TABLE "telemetry_samples" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "telemetry_samples_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
	CONSTRAINT "telemetry_samples_pool_ck" CHECK ("telemetry_samples"."pool" in ('error', 'loss', 'uniform'))
);
--> statement-breakpoint
ALTER TABLE "telemetry_rollups" ADD CONSTRAINT "telemetry_rollups_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telemetry_samples" ADD CONSTRAINT "telemetry_samples_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "telemetry_samples_pool_idx" ON "telemetry_samples" USING btree ("version_id","hour","pool","score");--> statement-breakpoint
CREATE INDEX "telemetry_samples_trace_idx" ON "telemetry_samples" USING btree ("trace_id");