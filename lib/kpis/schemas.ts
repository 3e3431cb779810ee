import { z } from "zod";
import { Email } from "../auth/schemas";
import { ModelName, VersionName } from "../inventory/schemas";
import { Timestamp } from "../telemetry/schemas";

/** Points a POST /api/v1/kpis may carry; more is 413 (as telemetry's events and resource points). */
export const MAX_KPI_POINTS = 10_000;
/** Steps of GET /api/v1/kpis, in seconds. */
export const KPI_STEPS = { "1h": 3600, "1d": 86_400, "7d": 7 * 86_400 } as const;
export type KpiStep = keyof typeof KPI_STEPS;
export const KPI_STEP_KEYS = Object.keys(KPI_STEPS) as [KpiStep, ...KpiStep[]];
/** Steps a GET may return at most. */
export const MAX_KPI_STEPS = 2_000;
export const AGGREGATIONS = ["sum", "mean"] as const;

export const KpiName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,63}$/,
    "must be a snake_case name: lower-case letters, digits and '_', starting with a letter, at most 64 characters",
  )
  .meta({ example: "revenue" });

const Finite = z.number().refine(Number.isFinite, "must be a finite number");

// ---- definitions ----------------------------------------------------------------------------------------------------

const definitionFields = {
  title: z.string().trim().min(1, "must not be empty").max(120).meta({ example: "Revenue" }),
  unit: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(20)
    .meta({ description: "shown beside each figure: USD, %, count, ms …", example: "USD" }),
  higherIsBetter: z.boolean().meta({ description: "direction of good: a canary delta against it beyond 0.5% is a regression" }),
  aggregation: z
    .enum(AGGREGATIONS, { message: "must be sum or mean" })
    .meta({ description: "how points fold into a step: sum (totals such as revenue) or mean (rates)" }),
  owner: Email.meta({ description: "who answers for the figure" }),
  description: z.string().trim().max(2000).optional(),
};

export const CreateKpiDefinition = z.strictObject({ name: KpiName, ...definitionFields }).meta({ id: "CreateKpiDefinition" });
export type CreateKpiDefinitionInput = z.infer<typeof CreateKpiDefinition>;

export const UpdateKpiDefinition = z
  .strictObject({
    title: definitionFields.title.optional(),
    unit: definitionFields.unit.optional(),
    higherIsBetter: definitionFields.higherIsBetter.optional(),
    aggregation: definitionFields.aggregation.optional(),
    owner: definitionFields.owner.optional(),
    description: z.string().trim().max(2000).nullable().optional(),
  })
  .meta({ id: "UpdateKpiDefinition" });
export type UpdateKpiDefinitionInput = z.infer<typeof UpdateKpiDefinition>;

export const KpiDefinition = z
  .object({
    name: z.string(),
    title: z.string(),
    unit: z.string(),
    higherIsBetter: z.boolean(),
    aggregation: z.enum(AGGREGATIONS),
    owner: z.string(),
    description: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "KpiDefinition" });
export type KpiDefinitionView = z.infer<typeof KpiDefinition>;

export const KpiDefinitionList = z
  .object({ items: z.array(KpiDefinition), nextCursor: z.string().nullable() })
  .meta({ id: "KpiDefinitionList" });

// ---- points ---------------------------------------------------------------------------------------------------------

export const KpiPoint = z
  .strictObject({
    ts: Timestamp,
    model: ModelName,
    version: VersionName.optional().meta({
      description: "the version that earned the value, when the reporter knows it; needed for canary deltas",
    }),
    kpi: KpiName.meta({ description: "a KPI defined at /admin/kpis; an undefined one is refused (400 naming points[i].kpi)" }),
    value: Finite,
  })
  .meta({ id: "KpiPoint" });
export type KpiPointInput = z.infer<typeof KpiPoint>;

export const KpiBatch = z.strictObject({ points: z.array(KpiPoint).min(1, "must hold at least one point").max(MAX_KPI_POINTS) }).meta({
  id: "KpiBatch",
  description: `Up to ${MAX_KPI_POINTS.toLocaleString("en")} points (413 beyond); checked whole, stored all or nothing`,
});

export const KpisAccepted = z.object({ accepted: z.number().int() }).meta({ id: "KpisAccepted" });

export const KpiQuery = z
  .strictObject({
    kpi: KpiName.meta({ description: "the KPI (required)" }),
    model: ModelName.optional().meta({ description: "one model; every model when left out" }),
    from: Timestamp.optional().meta({ description: "inclusive, floored to the step; default: 90 days before to" }),
    to: Timestamp.optional().meta({ description: "exclusive, ceiled to the step; default: now" }),
    step: z
      .enum(KPI_STEP_KEYS, { message: `must be one of ${KPI_STEP_KEYS.join(", ")}` })
      .optional()
      .meta({ description: "default: the finest giving at most 200 steps" }),
  })
  .meta({ id: "KpiQuery" });
export type KpiQueryInput = z.infer<typeof KpiQuery>;

export const KpiSeriesPoint = z.object({
  t: z.string().meta({ description: "start of the step" }),
  model: z.string(),
  version: z.string().nullable().meta({ description: "null for points reported without a version" }),
  value: z.number().meta({ description: "the step's sum or mean, as the KPI's aggregation says" }),
  count: z.number().int(),
  sum: z.number(),
  mean: z.number(),
  min: z.number(),
  max: z.number(),
});

export const KpiSeries = z
  .object({
    kpi: KpiDefinition,
    model: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    step: z.enum(KPI_STEP_KEYS),
    series: z.array(KpiSeriesPoint).meta({ description: "per model, version and step with points, in that order" }),
  })
  .meta({ id: "KpiSeries" });
export type KpiSeriesView = z.infer<typeof KpiSeries>;
