import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { models, modelVersions } from "./inventory";
import { modelReviews } from "./mrm";
import { releases } from "./releases";
import { alerts } from "./slo";

/**
 * Model-risk findings (issue 21 item 3): raised against a model and optionally one of its versions, a release or a
 * review; tracked from open through remediation to a validated close, or a risk accepted by compliance until a date.
 * The history is the audit trail's entries about the finding (entity type `finding`).
 */
export const findings = pgTable(
  "findings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "restrict" }),
    versionId: integer("version_id").references(() => modelVersions.id, { onDelete: "restrict" }),
    releaseId: uuid("release_id").references(() => releases.id, { onDelete: "restrict" }),
    /** The periodic review it came from. */
    reviewId: uuid("review_id").references(() => modelReviews.id, { onDelete: "restrict" }),
    /** low | medium | high | critical */
    severity: text("severity").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    /** The email of the person who remediates it. */
    owner: text("owner").notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    remediationPlan: text("remediation_plan"),
    /** open | in_remediation | closed | risk_accepted (an acceptance past its expiry reads as open). */
    status: text("status").notNull().default("open"),
    readyForValidation: boolean("ready_for_validation").notNull().default(false),
    riskAcceptedUntil: date("risk_accepted_until", { mode: "string" }),
    riskJustification: text("risk_justification"),
    riskAcceptedBy: text("risk_accepted_by"),
    riskAcceptedAt: timestamp("risk_accepted_at", { withTimezone: true, precision: 3 }),
    closedBy: text("closed_by"),
    closedAt: timestamp("closed_at", { withTimezone: true, precision: 3 }),
    validationComment: text("validation_comment"),
    raisedBy: text("raised_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("findings_model_idx").on(t.modelId, t.status),
    index("findings_status_idx").on(t.status, t.dueDate),
    check("findings_severity_ck", sql`${t.severity} in ('low', 'medium', 'high', 'critical')`),
    check("findings_status_ck", sql`${t.status} in ('open', 'in_remediation', 'closed', 'risk_accepted')`),
  ],
);

/**
 * Production incidents (issue 21 item 4), by hand or from a firing alert. `seriousCategory` set: a serious incident
 * under the EU AI Act's Article 73, reported within 15, 2 or 10 days of `awareAt`.
 */
export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelId: integer("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "restrict" }),
    versionId: integer("version_id").references(() => modelVersions.id, { onDelete: "restrict" }),
    alertId: uuid("alert_id").references(() => alerts.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    /** low | medium | high | critical */
    severity: text("severity").notNull(),
    /** open | mitigated | resolved */
    status: text("status").notNull().default("open"),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }).notNull(),
    detectedAt: timestamp("detected_at", { withTimezone: true, precision: 3 }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, precision: 3 }),
    impact: text("impact"),
    decisionsAffected: text("decisions_affected"),
    decisionsAffectedCount: integer("decisions_affected_count"),
    rootCause: text("root_cause"),
    /** standard | widespread_or_critical_infrastructure | death; null: not a serious incident. */
    seriousCategory: text("serious_category"),
    /** When the provider became aware of the serious incident: the reporting clock starts here. */
    awareAt: timestamp("aware_at", { withTimezone: true, precision: 3 }),
    reportedAt: timestamp("reported_at", { withTimezone: true, precision: 3 }),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("incidents_model_idx").on(t.modelId, t.startedAt),
    index("incidents_status_idx").on(t.status, t.startedAt),
    check("incidents_severity_ck", sql`${t.severity} in ('low', 'medium', 'high', 'critical')`),
    check("incidents_status_ck", sql`${t.status} in ('open', 'mitigated', 'resolved')`),
    check(
      "incidents_serious_ck",
      sql`${t.seriousCategory} is null or ${t.seriousCategory} in ('standard', 'widespread_or_critical_infrastructure', 'death')`,
    ),
  ],
);

/** An incident's timeline: appended, never edited. */
export const incidentTimeline = pgTable(
  "incident_timeline",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    ts: timestamp("ts", { withTimezone: true, precision: 3 }).notNull(),
    text: text("text").notNull(),
    author: text("author").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("incident_timeline_incident_idx").on(t.incidentId, t.ts)],
);

/** Corrective actions: the findings an incident led to (raised from it, or linked). */
export const incidentFindings = pgTable(
  "incident_findings",
  {
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    linkedBy: text("linked_by").notNull(),
    linkedAt: timestamp("linked_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.findingId] }), index("incident_findings_finding_idx").on(t.findingId)],
);
