CREATE TABLE "security_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "security_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"email" text,
	"token" text,
	"method" text,
	"path" text,
	"reason" text NOT NULL,
	"request_id" text NOT NULL,
	CONSTRAINT "security_events_kind_ck" CHECK ("security_events"."kind" in ('sign_in_refused', 'token_refused', 'permission_denied'))
);
--> statement-breakpoint
CREATE INDEX "security_events_at_idx" ON "security_events" USING btree ("at");