import { z } from "zod";
import { ModelName, VersionName } from "../inventory/schemas";
import { QUALITY_METRICS } from "../quality/metrics";

export const SLIS = ["availability", "latency", "quality"] as const;

export const CreateSlo = z
  .strictObject({
    sli: z.enum(SLIS, { message: `must be one of: ${SLIS.join(", ")}` }),
    objective: z.number().gt(0, "must be above 0").lt(1, "must be below 1 (0.999 is 99.9%)"),
    thresholdMs: z.number().positive().max(3_600_000).optional(),
    metric: z.string().trim().min(1).max(100).optional(),
    threshold: z.number().optional(),
    windowDays: z.number().int().min(1).max(90).default(30),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.sli === "latency" && s.thresholdMs === undefined)
      ctx.addIssue({ code: "custom", message: "is required for a latency SLO", path: ["thresholdMs"] });
    if (s.sli !== "latency" && s.thresholdMs !== undefined)
      ctx.addIssue({ code: "custom", message: "is only for a latency SLO", path: ["thresholdMs"] });
    if (s.sli === "quality" && s.metric === undefined)
      ctx.addIssue({ code: "custom", message: "is required for a quality SLO", path: ["metric"] });
    if (s.sli === "quality" && s.metric !== undefined && !(QUALITY_METRICS as readonly string[]).includes(s.metric))
      ctx.addIssue({ code: "custom", message: `must be one of: ${QUALITY_METRICS.join(", ")}`, path: ["metric"] });
    if (s.sli === "quality" && s.threshold === undefined)
      ctx.addIssue({ code: "custom", message: "is required for a quality SLO", path: ["threshold"] });
  })
  .meta({ id: "CreateSlo" });
export type CreateSlo = z.infer<typeof CreateSlo>;

export const Slo = z
  .object({
    id: z.string(),
    model: z.string(),
    sli: z.enum(SLIS),
    objective: z.number(),
    thresholdMs: z.number().nullable(),
    metric: z.string().nullable(),
    threshold: z.number().nullable(),
    windowDays: z.number().int(),
    name: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: "Slo" });
export type SloView = z.infer<typeof Slo>;

export const AlertsQuery = z
  .strictObject({
    state: z.enum(["firing", "resolved"]).optional(),
    severity: z.enum(["page", "ticket"]).optional(),
    model: ModelName.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(200).optional(),
  })
  .meta({ id: "AlertsQuery" });

export const Alert = z
  .object({
    id: z.string(),
    kind: z.string(),
    model: z.string(),
    version: z.string().nullable(),
    severity: z.enum(["page", "ticket"]),
    state: z.enum(["firing", "resolved"]),
    title: z.string(),
    sloId: z.string().nullable(),
    burnRate: z.number().nullable().meta({ description: "the highest burn rate among the rules that fired (long window)" }),
    budgetRemaining: z.number().nullable().meta({ description: "share of the SLO's error budget left over its window" }),
    details: z.record(z.string(), z.unknown()),
    firedAt: z.string(),
    resolvedAt: z.string().nullable(),
    silenced: z.boolean(),
    runbookUrl: z.string().nullable(),
  })
  .meta({ id: "Alert" });
export type AlertView = z.infer<typeof Alert>;

export const CreateSilence = z
  .strictObject({
    model: ModelName,
    version: VersionName.optional(),
    endsAt: z.iso.datetime({ offset: true, message: "must be an RFC 3339 time" }),
    reason: z.string().trim().min(1, "say why (a maintenance window, an incident)").max(2000),
  })
  .meta({ id: "CreateSilence" });

export const Silence = z
  .object({
    id: z.string(),
    model: z.string(),
    version: z.string().nullable(),
    endsAt: z.string(),
    reason: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    active: z.boolean(),
  })
  .meta({ id: "Silence" });
