CREATE TABLE "drift_references" (
	"version_id" integer PRIMARY KEY NOT NULL,
	"features" jsonb NOT NULL,
	"spec" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drift_windows" (
	"version_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"feature" text NOT NULL,
	"n" bigint NOT NULL,
	"missing" bigint NOT NULL,
	"counts" bigint[] NOT NULL,
	"sums" double precision[] NOT NULL,
	"other" jsonb NOT NULL,
	CONSTRAINT "drift_windows_pk" PRIMARY KEY("version_id","hour","feature")
);
--> statement-breakpoint
CREATE TABLE "predictions" (
	"trace_id" text NOT NULL,
	"version_id" integer NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"prediction" jsonb NOT NULL,
	"label" jsonb,
	"labelled_at" timestamp (3) with time zone,
	CONSTRAINT "predictions_pk" PRIMARY KEY("trace_id","version_id")
);
--> statement-breakpoint
CREATE TABLE "quality_rollups" (
	"version_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"predictions" bigint DEFAULT 0 NOT NULL,
	"labelled" bigint DEFAULT 0 NOT NULL,
	"confusion" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reg_n" bigint DEFAULT 0 NOT NULL,
	"abs_err" double precision DEFAULT 0 NOT NULL,
	"sq_err" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "quality_rollups_pk" PRIMARY KEY("version_id","hour")
);
--> statement-breakpoint
ALTER TABLE "drift_references" ADD CONSTRAINT "drift_references_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_windows" ADD CONSTRAINT "drift_windows_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_rollups" ADD CONSTRAINT "quality_rollups_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "predictions_ts_idx" ON "predictions" USING btree ("ts");