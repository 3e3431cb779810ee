CREATE TABLE "card_revisions" (
	"version_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"content" jsonb NOT NULL,
	"completeness" integer NOT NULL,
	"needs_review" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_revisions_version_id_revision_pk" PRIMARY KEY("version_id","revision"),
	CONSTRAINT "card_revisions_revision_check" CHECK ("card_revisions"."revision" >= 1),
	CONSTRAINT "card_revisions_completeness_check" CHECK ("card_revisions"."completeness" between 0 and 100),
	CONSTRAINT "card_revisions_source_check" CHECK ("card_revisions"."source" in ('api', 'browser', 'import', 'copy'))
);
--> statement-breakpoint
ALTER TABLE "card_revisions" ADD CONSTRAINT "card_revisions_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE restrict ON UPDATE no action;