CREATE TABLE "kpi_definitions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kpi_definitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"title" text NOT NULL,
	"unit" text NOT NULL,
	"higher_is_better" boolean NOT NULL,
	"aggregation" text NOT NULL,
	"owner" text NOT NULL,
	"description" text,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_definitions_name_unique" UNIQUE("name"),
	CONSTRAINT "kpi_definitions_aggregation_ck" CHECK ("kpi_definitions"."aggregation" in ('sum', 'mean'))
);
--> statement-breakpoint
CREATE TABLE "kpi_points" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kpi_points_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kpi_id" integer NOT NULL,
	"model_id" integer NOT NULL,
	"version_id" integer,
	"ts" timestamp (3) with time zone NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "kpi_points_uq" UNIQUE NULLS NOT DISTINCT("kpi_id","model_id","version_id","ts")
);
--> statement-breakpoint
ALTER TABLE "kpi_points" ADD CONSTRAINT "kpi_points_kpi_id_kpi_definitions_id_fk" FOREIGN KEY ("kpi_id") REFERENCES "public"."kpi_definitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_points" ADD CONSTRAINT "kpi_points_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_points" ADD CONSTRAINT "kpi_points_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_points_model_idx" ON "kpi_points" USING btree ("model_id","kpi_id","ts");