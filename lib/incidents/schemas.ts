import { z } from "zod";
import { SEVERITIES } from "../findings/status";
import { ModelName, VersionName } from "../inventory/schemas";
import { Timestamp } from "../telemetry/schemas";
import { SERIOUS_CATEGORIES } from "./deadline";

export const INCIDENT_STATUSES = ["open", "mitigated", "resolved"] as const;
const Long = z.string().trim().max(20_000);

/** By hand (model, title, severity, startedAt) or from an alert (`alertId` fills model, version, title and startedAt). */
export const CreateIncident = z
  .strictObject({
    alertId: z.uuid({ message: "must be an alert id" }).optional(),
    model: ModelName.optional(),
    version: VersionName.optional(),
    title: z.string().trim().min(1, "give the incident a title").max(200).optional(),
    severity: z.enum(SEVERITIES, { message: `must be one of: ${SEVERITIES.join(", ")}` }).optional(),
    startedAt: Timestamp.optional(),
    detectedAt: Timestamp.optional(),
    impact: Long.optional(),
    decisionsAffected: Long.optional(),
    decisionsAffectedCount: z.number().int().min(0).max(2_000_000_000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.alertId) return;
    for (const k of ["model", "title", "startedAt"] as const)
      if (v[k] === undefined) ctx.addIssue({ code: "custom", message: "is required unless alertId is given", path: [k] });
  })
  .meta({ id: "CreateIncident" });
export type CreateIncident = z.infer<typeof CreateIncident>;

export const UpdateIncident = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    severity: z.enum(SEVERITIES).optional(),
    status: z.enum(INCIDENT_STATUSES, { message: `must be one of: ${INCIDENT_STATUSES.join(", ")}` }).optional(),
    startedAt: Timestamp.optional(),
    detectedAt: Timestamp.optional(),
    resolvedAt: Timestamp.nullable().optional(),
    impact: Long.nullable().optional(),
    decisionsAffected: Long.nullable().optional(),
    decisionsAffectedCount: z.number().int().min(0).max(2_000_000_000).nullable().optional(),
    rootCause: Long.nullable().optional(),
    /** Compliance and admins only (incident.report): the EU AI Act serious-incident flag, or null to clear it. */
    seriousCategory: z
      .enum(SERIOUS_CATEGORIES, { message: `must be one of: ${SERIOUS_CATEGORIES.join(", ")}` })
      .nullable()
      .optional(),
    /** When the provider became aware of the serious incident (default: detectedAt). incident.report only. */
    awareAt: Timestamp.optional(),
    /** The report was sent to the authority (incident.report only). */
    reported: z.boolean().optional(),
    /** Link existing findings as corrective actions (ids). */
    linkFindings: z
      .array(z.uuid({ message: "must be a finding id" }))
      .max(50)
      .optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: "change at least one field" })
  .meta({ id: "UpdateIncident" });
export type UpdateIncident = z.infer<typeof UpdateIncident>;

export const TimelineEntryInput = z
  .strictObject({ text: z.string().trim().min(1, "say what happened").max(5000), ts: Timestamp.optional() })
  .meta({ id: "IncidentTimelineInput" });

export const IncidentsQuery = z
  .strictObject({
    model: ModelName.optional(),
    status: z.enum(INCIDENT_STATUSES).optional(),
    serious: z.enum(["true", "false"]).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .meta({ id: "IncidentsQuery" });

export const ReportQuery = z.strictObject({ format: z.enum(["markdown", "html"]).default("markdown") });

const Deadline = z.object({
  category: z.enum(SERIOUS_CATEGORIES),
  article: z.string(),
  awareOn: z.string(),
  dueOn: z.string(),
  daysLeft: z.number().int(),
  overdue: z.boolean(),
});

export const Incident = z
  .object({
    id: z.string(),
    model: z.string(),
    version: z.string().nullable(),
    alertId: z.string().nullable(),
    title: z.string(),
    severity: z.enum(SEVERITIES),
    status: z.enum(INCIDENT_STATUSES),
    startedAt: z.string(),
    detectedAt: z.string(),
    resolvedAt: z.string().nullable(),
    impact: z.string().nullable(),
    decisionsAffected: z.string().nullable(),
    decisionsAffectedCount: z.number().int().nullable(),
    rootCause: z.string().nullable(),
    seriousCategory: z.enum(SERIOUS_CATEGORIES).nullable(),
    awareAt: z.string().nullable(),
    reportedAt: z.string().nullable(),
    deadline: Deadline.nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Incident" });
export type IncidentView = z.infer<typeof Incident>;

export const TimelineEntry = z
  .object({ id: z.number().int(), ts: z.string(), text: z.string(), author: z.string() })
  .meta({ id: "IncidentTimelineEntry" });

export const IncidentDetail = Incident.extend({
  timeline: z.array(TimelineEntry),
  findings: z.array(z.object({ id: z.string(), title: z.string(), severity: z.string(), status: z.string(), dueDate: z.string() })),
}).meta({ id: "IncidentDetail" });
