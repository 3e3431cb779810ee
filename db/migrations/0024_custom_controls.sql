CREATE TABLE "control_overrides" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "control_overrides_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"framework_id" text NOT NULL,
	"identifier" text NOT NULL,
	"added_evidence" text[] NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "control_overrides_framework_identifier_uq" UNIQUE("framework_id","identifier")
);
--> statement-breakpoint
CREATE TABLE "custom_controls" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "custom_controls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"framework_id" text NOT NULL,
	"framework_title" text,
	"identifier" text NOT NULL,
	"title" text NOT NULL,
	"group_name" text,
	"evidence" text[] NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_controls_framework_identifier_uq" UNIQUE("framework_id","identifier")
);
--> statement-breakpoint
CREATE INDEX "custom_controls_framework_idx" ON "custom_controls" USING btree ("framework_id");