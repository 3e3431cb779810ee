ALTER TABLE "model_reviews" ADD COLUMN "recorded_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "model_reviews" ADD COLUMN "reference" text;