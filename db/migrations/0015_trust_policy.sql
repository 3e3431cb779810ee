-- Stored responses of the old scheme may hold token secrets and never expired: drop them all (a retry then runs anew).
DELETE FROM "idempotency_keys";--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_principal_key_pk";--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_principal_method_path_key_pk" PRIMARY KEY("principal","method","path","key");--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "withheld" text;--> statement-breakpoint
ALTER TABLE "models" ADD COLUMN "maintainers" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "releases" ADD COLUMN "stewards_at_request" jsonb;--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");