import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** One failed expectation as stored: what it checked and an excerpt of what was observed. */
export type StoredFailure = {
  type: string;
  column: string | null;
  /** The expectation's kwargs (at most 20, result_format left out), each value cut to a short excerpt. */
  kwargs: { key: string; value: string }[];
  /** observed_value, unexpected_count/percent and a few unexpected values, or the exception's first line. */
  observed: string | null;
  exception: boolean;
};

/**
 * Great Expectations validation results (`POST /api/v1/data-quality`), one row per result posted, on a lineage
 * dataset node (`dataset:{namespace}:{name}`). The latest by `run_time` (then `received_at`) is the dataset's state.
 */
export const dataQualityResults = pgTable(
  "data_quality_results",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    datasetId: text("dataset_id").notNull(),
    suite: text("suite"),
    success: boolean("success").notNull(),
    evaluated: integer("evaluated").notNull(),
    successful: integer("successful").notNull(),
    unsuccessful: integer("unsuccessful").notNull(),
    /** The first 100 failed expectations; `unsuccessful` says how many there were. */
    failures: jsonb("failures").$type<StoredFailure[]>().notNull().default([]),
    /** GE's run id as sent (a string, or run_name and run_time), for the reader. */
    runId: text("run_id"),
    /** When the validation ran: meta.validation_time, run_id.run_time or meta.run_time; received_at when none. */
    runTime: timestamp("run_time", { withTimezone: true, precision: 3 }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("data_quality_results_dataset_idx").on(t.datasetId, t.runTime, t.receivedAt)],
);
