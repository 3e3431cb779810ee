import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { modelVersions } from "./inventory";

/** A bias audit of a model version: the configuration it ran with, the whole computed result, and its verdict. */
export const biasAudits = pgTable(
  "bias_audits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    dataset: text("dataset").notNull(),
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    result: jsonb("result").$type<Record<string, unknown>>().notNull(),
    passed: boolean("passed").notNull(),
    recordCount: bigint("record_count", { mode: "number" }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("bias_audits_version_idx").on(t.versionId, t.createdAt)],
);
