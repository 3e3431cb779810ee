import { z } from "zod";
import { Email } from "../auth/schemas";
import { isFullDate } from "../cards/uri";
import { ModelName, VersionName } from "../inventory/schemas";
import { FINDING_STATUSES, SEVERITIES } from "./status";

export const Day = z.string().refine(isFullDate, "must be a date as YYYY-MM-DD").meta({ example: "2026-12-31" });
const Text = (max: number, say: string) => z.string().trim().min(1, say).max(max);

export const RaiseFinding = z
  .strictObject({
    model: ModelName,
    version: VersionName.optional(),
    releaseId: z.uuid({ message: "must be a release id" }).optional(),
    reviewId: z.uuid({ message: "must be a review id" }).optional(),
    /** Raise it as a corrective action of this incident (linked both ways). */
    incidentId: z.uuid({ message: "must be an incident id" }).optional(),
    severity: z.enum(SEVERITIES, { message: `must be one of: ${SEVERITIES.join(", ")}` }),
    title: Text(200, "give the finding a title"),
    description: Text(10_000, "say what is wrong"),
    owner: Email.optional().meta({ description: "who remediates it (a user's email); default: the model's owner" }),
    dueDate: Day.optional().meta({ description: "default: 30 days for critical, 60 high, 90 medium, 180 low" }),
    remediationPlan: z.string().trim().max(10_000).optional(),
  })
  .meta({ id: "RaiseFinding" });
export type RaiseFinding = z.infer<typeof RaiseFinding>;

export const UpdateFinding = z
  .strictObject({
    remediationPlan: z.string().trim().max(10_000).optional(),
    dueDate: Day.optional(),
    owner: Email.optional(),
    status: z
      .literal("in_remediation", { message: "can only be in_remediation here (close and accept-risk have their own calls)" })
      .optional(),
    readyForValidation: z.boolean().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: "change at least one field" })
  .meta({ id: "UpdateFinding" });
export type UpdateFinding = z.infer<typeof UpdateFinding>;

export const CloseFinding = z
  .strictObject({ validationComment: Text(10_000, "say how the remediation was validated") })
  .meta({ id: "CloseFinding" });

export const AcceptRisk = z
  .strictObject({
    until: Day.meta({ description: "the acceptance holds through this day (UTC); the finding is open again the day after" }),
    justification: Text(10_000, "say why the risk is acceptable"),
  })
  .meta({ id: "AcceptFindingRisk" });

export const FindingsQuery = z
  .strictObject({
    model: ModelName.optional(),
    status: z
      .enum([...FINDING_STATUSES, "active"])
      .optional()
      .meta({ description: "active: open or in remediation" }),
    severity: z.enum(SEVERITIES).optional(),
    overdue: z.enum(["true", "false"]).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(200).optional(),
  })
  .meta({ id: "FindingsQuery" });

export const FindingEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
});

export const Finding = z
  .object({
    id: z.string(),
    model: z.string(),
    version: z.string().nullable(),
    releaseId: z.string().nullable(),
    reviewId: z.string().nullable(),
    severity: z.enum(SEVERITIES),
    title: z.string(),
    description: z.string(),
    owner: z.string(),
    dueDate: z.string(),
    remediationPlan: z.string().nullable(),
    /** As it stands today: an accepted risk past its expiry reads open. */
    status: z.enum(FINDING_STATUSES),
    storedStatus: z.enum(FINDING_STATUSES),
    readyForValidation: z.boolean(),
    overdue: z.boolean(),
    overdueDays: z.number().int(),
    riskAcceptedUntil: z.string().nullable(),
    riskJustification: z.string().nullable(),
    riskAcceptedBy: z.string().nullable(),
    closedBy: z.string().nullable(),
    closedAt: z.string().nullable(),
    validationComment: z.string().nullable(),
    raisedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    incidents: z.array(z.string()),
  })
  .meta({ id: "Finding" });
export type FindingView = z.infer<typeof Finding>;

export const FindingDetail = Finding.extend({ history: z.array(FindingEvent) }).meta({ id: "FindingDetail" });
