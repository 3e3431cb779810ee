import { index, integer, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";

/**
 * Controls admins add beside the shipped library (lib/controls/library/): to a shipped framework, or to a framework
 * of their own (`framework_title` names it; every row of one custom framework carries the same title).
 */
export const customControls = pgTable(
  "custom_controls",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    frameworkId: text("framework_id").notNull(),
    frameworkTitle: text("framework_title"),
    identifier: text("identifier").notNull(),
    title: text("title").notNull(),
    groupName: text("group_name"),
    /** Evidence refs (lib/controls/types.ts), checked when written. */
    evidence: text("evidence").array().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    unique("custom_controls_framework_identifier_uq").on(t.frameworkId, t.identifier),
    index("custom_controls_framework_idx").on(t.frameworkId),
  ],
);

/** Evidence kinds an admin added to a shipped control's mapping (the shipped mapping itself stays read-only). */
export const controlOverrides = pgTable(
  "control_overrides",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    frameworkId: text("framework_id").notNull(),
    identifier: text("identifier").notNull(),
    addedEvidence: text("added_evidence").array().notNull(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [unique("control_overrides_framework_identifier_uq").on(t.frameworkId, t.identifier)],
);
