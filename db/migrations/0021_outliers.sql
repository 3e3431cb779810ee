ALTER TABLE "models" ADD COLUMN "outlier_threshold" double precision;--> statement-breakpoint
ALTER TABLE "drift_references" ADD COLUMN "prediction" jsonb;--> statement-breakpoint
ALTER TABLE "drift_windows" ADD COLUMN "outliers" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "drift_windows" ADD COLUMN "prediction_n" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "drift_windows" ADD COLUMN "prediction_outliers" bigint DEFAULT 0 NOT NULL;