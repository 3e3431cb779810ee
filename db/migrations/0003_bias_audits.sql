CREATE TABLE "bias_audits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" integer NOT NULL,
	"name" text NOT NULL,
	"dataset" text NOT NULL,
	"config" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"passed" boolean NOT NULL,
	"record_count" bigint NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bias_audits" ADD CONSTRAINT "bias_audits_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bias_audits_version_idx" ON "bias_audits" USING btree ("version_id","created_at");