import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Every node of the lineage graph, whatever made it: datasets and jobs from OpenLineage events, model versions
 * from the inventory, deployments from the stages versions are in. `id` is API.md's node id
 * (`dataset:{namespace}:{name}`, parts percent-encoded).
 */
export const lineageNodes = pgTable(
  "lineage_nodes",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(), // dataset | job | model | deployment
    namespace: text("namespace").notNull(),
    name: text("name").notNull(),
    /** Facets as last seen: for each facet, the value from the event with the latest eventTime. */
    facets: jsonb("facets").$type<Record<string, unknown>>().notNull().default({}),
    /** For each facet, the eventTime its value came from (so events arriving out of order merge the same way). */
    facetTimes: jsonb("facet_times").$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("lineage_nodes_type_name_idx").on(t.type, t.name)],
);

/** Directed edges. One row per pair; `runId` is the latest run (by eventTime) that drew it. */
export const lineageEdges = pgTable(
  "lineage_edges",
  {
    source: text("source").notNull(),
    target: text("target").notNull(),
    runId: uuid("run_id"),
    /** event | training_run | version_inputs | deployment | deployment_report */
    origin: text("origin").notNull(),
    at: timestamp("at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ name: "lineage_edges_pk", columns: [t.source, t.target] }),
    index("lineage_edges_target_idx").on(t.target, t.source),
  ],
);

/** OpenLineage runs, folded from their events in whatever order they came. */
export const lineageRuns = pgTable(
  "lineage_runs",
  {
    runId: uuid("run_id").primaryKey(),
    jobId: text("job_id").notNull(),
    /** The state of the decisive event: a terminal one (COMPLETE, FAIL, ABORT) over RUNNING over START; OTHER never. */
    state: text("state").notNull(),
    stateAt: timestamp("state_at", { withTimezone: true, precision: 3 }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }),
    endedAt: timestamp("ended_at", { withTimezone: true, precision: 3 }),
    inputs: text("inputs").array().notNull().default([]),
    outputs: text("outputs").array().notNull().default([]),
    facets: jsonb("facets").$type<Record<string, unknown>>().notNull().default({}),
    facetTimes: jsonb("facet_times").$type<Record<string, string>>().notNull().default({}),
    events: jsonb("events").$type<{ eventType: string; eventTime: string }[]>().notNull().default([]),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("lineage_runs_job_idx").on(t.jobId, t.stateAt)],
);

/** Each distinct schema a dataset was seen with, at the eventTime it was seen; changes are consecutive pairs that differ. */
export const lineageSchemas = pgTable(
  "lineage_schemas",
  {
    datasetId: text("dataset_id").notNull(),
    observedAt: timestamp("observed_at", { withTimezone: true, precision: 3 }).notNull(),
    hash: text("hash").notNull(),
    runId: uuid("run_id"),
    fields: jsonb("fields").$type<{ name: string; type?: string }[]>().notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "lineage_schemas_pk", columns: [t.datasetId, t.observedAt, t.hash] })],
);
