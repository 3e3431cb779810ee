import { sql } from "drizzle-orm";
import { boolean, check, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { modelVersions } from "./inventory";

/**
 * Model cards: every save of a version's card is a new numbered revision (1, 2, 3… per version), never an update,
 * so who changed what and when stays readable and any two revisions can be diffed.
 */
export const cardRevisions = pgTable(
  "card_revisions",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "restrict" }),
    revision: integer("revision").notNull(),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    completeness: integer("completeness").notNull(),
    needsReview: boolean("needs_review").notNull().default(false),
    /** How the revision arrived: api | browser | import | copy. */
    source: text("source").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.revision] }),
    check("card_revisions_revision_check", sql`${t.revision} >= 1`),
    check("card_revisions_completeness_check", sql`${t.completeness} between 0 and 100`),
    check("card_revisions_source_check", sql`${t.source} in ('api', 'browser', 'import', 'copy')`),
  ],
);
