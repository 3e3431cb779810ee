CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" integer NOT NULL,
	"version_id" integer,
	"release_id" uuid,
	"review_id" uuid,
	"severity" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"owner" text NOT NULL,
	"due_date" date NOT NULL,
	"remediation_plan" text,
	"status" text DEFAULT 'open' NOT NULL,
	"ready_for_validation" boolean DEFAULT false NOT NULL,
	"risk_accepted_until" date,
	"risk_justification" text,
	"risk_accepted_by" text,
	"risk_accepted_at" timestamp (3) with time zone,
	"closed_by" text,
	"closed_at" timestamp (3) with time zone,
	"validation_comment" text,
	"raised_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "findings_severity_ck" CHECK ("findings"."severity" in ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "findings_status_ck" CHECK ("findings"."status" in ('open', 'in_remediation', 'closed', 'risk_accepted'))
);
--> statement-breakpoint
CREATE TABLE "incident_findings" (
	"incident_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"linked_by" text NOT NULL,
	"linked_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_findings_incident_id_finding_id_pk" PRIMARY KEY("incident_id","finding_id")
);
--> statement-breakpoint
CREATE TABLE "incident_timeline" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incident_timeline_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"incident_id" uuid NOT NULL,
	"ts" timestamp (3) with time zone NOT NULL,
	"text" text NOT NULL,
	"author" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" integer NOT NULL,
	"version_id" integer,
	"alert_id" uuid,
	"title" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"detected_at" timestamp (3) with time zone NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	"impact" text,
	"decisions_affected" text,
	"decisions_affected_count" integer,
	"root_cause" text,
	"serious_category" text,
	"aware_at" timestamp (3) with time zone,
	"reported_at" timestamp (3) with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_severity_ck" CHECK ("incidents"."severity" in ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "incidents_status_ck" CHECK ("incidents"."status" in ('open', 'mitigated', 'resolved')),
	CONSTRAINT "incidents_serious_ck" CHECK ("incidents"."serious_category" is null or "incidents"."serious_category" in ('standard', 'widespread_or_critical_infrastructure', 'death'))
);
--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."releases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_findings" ADD CONSTRAINT "incident_findings_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_findings" ADD CONSTRAINT "incident_findings_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "findings_model_idx" ON "findings" USING btree ("model_id","status");--> statement-breakpoint
CREATE INDEX "findings_status_idx" ON "findings" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "incident_findings_finding_idx" ON "incident_findings" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "incident_timeline_incident_idx" ON "incident_timeline" USING btree ("incident_id","ts");--> statement-breakpoint
CREATE INDEX "incidents_model_idx" ON "incidents" USING btree ("model_id","started_at");--> statement-breakpoint
CREATE INDEX "incidents_status_idx" ON "incidents" USING btree ("status","started_at");