CREATE TABLE "lineage_edges" (
	"source" text NOT NULL,
	"target" text NOT NULL,
	"run_id" uuid,
	"origin" text NOT NULL,
	"at" timestamp (3) with time zone,
	CONSTRAINT "lineage_edges_pk" PRIMARY KEY("source","target")
);
--> statement-breakpoint
CREATE TABLE "lineage_nodes" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"namespace" text NOT NULL,
	"name" text NOT NULL,
	"facets" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"facet_times" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lineage_runs" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"state" text NOT NULL,
	"state_at" timestamp (3) with time zone NOT NULL,
	"started_at" timestamp (3) with time zone,
	"ended_at" timestamp (3) with time zone,
	"inputs" text[] DEFAULT '{}' NOT NULL,
	"outputs" text[] DEFAULT '{}' NOT NULL,
	"facets" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"facet_times" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lineage_schemas" (
	"dataset_id" text NOT NULL,
	"observed_at" timestamp (3) with time zone NOT NULL,
	"hash" text NOT NULL,
	"run_id" uuid,
	"fields" jsonb NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_schemas_pk" PRIMARY KEY("dataset_id","observed_at","hash")
);
--> statement-breakpoint
CREATE INDEX "lineage_edges_target_idx" ON "lineage_edges" USING btree ("target","source");--> statement-breakpoint
CREATE INDEX "lineage_nodes_type_name_idx" ON "lineage_nodes" USING btree ("type","name");--> statement-breakpoint
CREATE INDEX "lineage_runs_job_idx" ON "lineage_runs" USING btree ("job_id","state_at");