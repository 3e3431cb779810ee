CREATE TYPE "public"."risk_assessment_status" AS ENUM('submitted', 'confirmed', 'overridden');--> statement-breakpoint
CREATE TYPE "public"."review_outcome" AS ENUM('satisfactory', 'satisfactory_with_findings', 'unsatisfactory');--> statement-breakpoint
CREATE TYPE "public"."review_status" AS ENUM('open', 'completed');--> statement-breakpoint
CREATE TABLE "attestations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" integer NOT NULL,
	"attested_by" text NOT NULL,
	"statement" text NOT NULL,
	"comment" text,
	"attested_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" integer NOT NULL,
	"tier" "risk_tier" NOT NULL,
	"policy_version" integer NOT NULL,
	"version" text,
	"status" "review_status" DEFAULT 'open' NOT NULL,
	"due_at" timestamp (3) with time zone,
	"started_by" text NOT NULL,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"outcome" "review_outcome",
	"comment" text,
	"checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"completed_by" text,
	"completed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "mrm_reminders" (
	"key" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"model_id" integer NOT NULL,
	"sent_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_policies" (
	"version" integer PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" integer NOT NULL,
	"questionnaire_version" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"suggested_tier" "risk_tier" NOT NULL,
	"reason" text NOT NULL,
	"tier_before" "risk_tier" NOT NULL,
	"status" "risk_assessment_status" DEFAULT 'submitted' NOT NULL,
	"confirmed_tier" "risk_tier",
	"confirm_comment" text,
	"confirmed_by" text,
	"confirmed_at" timestamp (3) with time zone,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_questionnaires" (
	"version" integer PRIMARY KEY NOT NULL,
	"questions" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_reviews" ADD CONSTRAINT "model_reviews_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_reviews" ADD CONSTRAINT "model_reviews_policy_version_review_policies_version_fk" FOREIGN KEY ("policy_version") REFERENCES "public"."review_policies"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mrm_reminders" ADD CONSTRAINT "mrm_reminders_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_questionnaire_version_risk_questionnaires_version_fk" FOREIGN KEY ("questionnaire_version") REFERENCES "public"."risk_questionnaires"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attestations_model_idx" ON "attestations" USING btree ("model_id","attested_at");--> statement-breakpoint
CREATE INDEX "model_reviews_model_idx" ON "model_reviews" USING btree ("model_id","completed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "model_reviews_open_uq" ON "model_reviews" USING btree ("model_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "risk_assessments_model_idx" ON "risk_assessments" USING btree ("model_id","submitted_at");