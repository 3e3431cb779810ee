import { z } from "zod";
import { PAIR_JOIN } from "./counts";
import { DEFAULT_JUDGED, DEFAULT_MIN_GROUP_SIZE } from "./disparity";
import { RATES } from "./rates";

export const MAX_JSON_RECORDS = 100_000;
export const MAX_NDJSON_RECORDS = 5_000_000;
export const MAX_COUNT_ROWS = 100_000;
export const MAX_ATTRIBUTES = 8;

const Label = z.union([z.string().max(200), z.number(), z.boolean()]);
const AttributeValue = z.union([z.string().max(200), z.number(), z.boolean()]);
const Attributes = z.record(z.string().min(1).max(100), AttributeValue);

export const BiasRecord = z
  .strictObject({
    label: Label.describe("the true outcome"),
    prediction: Label.describe("the model's decision; positive when equal to positiveLabel"),
    score: z.number().nullable().optional().describe("kept for the reader; not used by the audit"),
    attributes: Attributes.describe("a value for each sensitive attribute (others are ignored)"),
  })
  .meta({ id: "BiasRecord" });

const Count = z.number().int("must be a whole number").min(0).max(1e12);
export const BiasCountRow = z
  .strictObject({ attributes: Attributes, tp: Count, fp: Count, tn: Count, fn: Count })
  .meta({ id: "BiasCountRow" });

const AttributeName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((s) => !s.includes(PAIR_JOIN.trim()), `must not contain '${PAIR_JOIN.trim()}', which joins the names of a pair`);

const Phrase = z.string().trim().min(1).max(100);
/** Words for the page's sentences: "people in group X are {predicted} 1.9 times as often … when they {negative}". */
export const Wording = z.strictObject({ predicted: Phrase.optional(), positive: Phrase.optional(), negative: Phrase.optional() });

/** The audit without its data: the whole JSON body minus records/counts, and the first line of an NDJSON body. */
export const BiasAuditHeader = z.strictObject({
  name: z.string().trim().min(1).max(200),
  dataset: z.string().trim().min(1).max(500),
  sensitiveAttributes: z
    .array(AttributeName)
    .min(1, "name at least one sensitive attribute")
    .max(MAX_ATTRIBUTES)
    .refine((a) => new Set(a).size === a.length, "must not repeat an attribute"),
  referenceGroups: z
    .record(z.string(), AttributeValue.transform(String))
    .optional()
    .describe("attribute (or 'a × b') → its reference group; default the largest group"),
  positiveLabel: Label.default(1),
  thresholds: z
    .strictObject({ min: z.number().positive().max(1).default(0.8), max: z.number().min(1).default(1.25) })
    .default({ min: 0.8, max: 1.25 })
    .describe("a group passes a disparity when min ≤ disparity ≤ max"),
  metrics: z
    .array(z.enum(RATES))
    .min(1)
    .optional()
    .describe(`the rates whose disparities decide the verdict; default ${DEFAULT_JUDGED.join(", ")}`),
  minGroupSize: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(DEFAULT_MIN_GROUP_SIZE)
    .describe("smaller groups are flagged as too small to judge"),
  intersections: z.boolean().default(true).describe("also audit each pair of attributes (e.g. race × sex)"),
  wording: Wording.optional().describe(
    "how the page words its findings, e.g. {predicted: 'flagged as high risk', positive: 'reoffend', negative: 'do not reoffend'}",
  ),
});
export type BiasAuditHeader = z.infer<typeof BiasAuditHeader>;

/** The JSON body, for the OpenAPI document. Records are validated one by one (so errors name records[17].label). */
export const CreateBiasAudit = BiasAuditHeader.extend({
  records: z.array(BiasRecord).max(MAX_JSON_RECORDS).optional(),
  counts: z.array(BiasCountRow).max(MAX_COUNT_ROWS).optional(),
}).meta({
  id: "CreateBiasAudit",
  description:
    "Give either records (up to 100,000; more as application/x-ndjson: this object without records on the first line, then one record a line, up to 5,000,000) or counts.",
});

const Rate = z.number().nullable();
const Interval = z.object({ low: z.number(), high: z.number() }).nullable();
const rateShape = Object.fromEntries(RATES.map((r) => [r, Rate])) as Record<(typeof RATES)[number], typeof Rate>;

export const BiasFlag = z.object({
  kind: z.enum(["outside_thresholds", "reference_rate_zero", "too_small"]),
  metric: z.enum(RATES).optional(),
  disparity: z.number().nullable().optional(),
  fails: z.boolean(),
  message: z.string(),
});

export const BiasGroup = z
  .object({
    attribute: z.string().describe("the attribute, or 'a × b' for an intersection"),
    group: z.string(),
    values: z.record(z.string(), z.string()),
    n: z.number().int(),
    tp: z.number().int(),
    fp: z.number().int(),
    tn: z.number().int(),
    fn: z.number().int(),
    ...rateShape,
    intervals: z.record(z.enum(RATES), Interval).describe("95% Wilson score interval of each rate"),
    disparities: z.record(z.enum(RATES), Rate).describe("each rate ÷ the reference group's"),
    isReference: z.boolean(),
    tooSmall: z.boolean(),
    passed: z.boolean(),
    flags: z.array(BiasFlag),
  })
  .meta({ id: "BiasGroup" });

export const BiasSummary = z
  .object({
    referenceGroup: z.string().nullable(),
    groups: z.number().int(),
    demographicParityDifference: Rate,
    demographicParityRatio: Rate,
    equalizedOddsDifference: Rate,
    equalizedOddsRatio: Rate,
    disparateImpact: Rate.describe("lowest selection rate ÷ highest"),
    fourFifths: z.object({ ratio: Rate, passed: z.boolean().nullable(), groupsCompared: z.number().int() }),
    failingGroups: z.array(z.string()),
    tooSmallGroups: z.array(z.string()),
    notes: z.array(z.string()),
    passed: z.boolean(),
  })
  .meta({ id: "BiasSummary" });

export const BiasAuditConfig = z.object({
  sensitiveAttributes: z.array(z.string()),
  referenceGroups: z.record(z.string(), z.string().nullable()).describe("the reference used, per attribute and pair"),
  positiveLabel: Label,
  thresholds: z.object({ min: z.number(), max: z.number() }),
  metrics: z.array(z.enum(RATES)),
  minGroupSize: z.number().int(),
  intersections: z.boolean(),
  wording: Wording.nullable(),
  source: z.enum(["records", "counts", "ndjson"]),
});

export const BiasAudit = z
  .object({
    id: z.string(),
    model: z.string(),
    version: z.string(),
    name: z.string(),
    dataset: z.string(),
    passed: z.boolean(),
    recordCount: z.number().int(),
    config: BiasAuditConfig,
    groups: z.array(BiasGroup),
    summary: z.record(z.string(), BiasSummary),
    intersections: z.object({ groups: z.array(BiasGroup), summary: z.record(z.string(), BiasSummary) }),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: "BiasAudit" });

/** How a version lists its audits, and how a model shows its latest verdict. */
export const BiasAuditSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    dataset: z.string(),
    passed: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: "BiasAuditSummary" });

export const LatestBiasAudit = BiasAuditSummary.extend({
  version: z.string(),
  recordCount: z.number().int(),
  disparateImpact: z.number().nullable().describe("the lowest disparateImpact over the audit's attributes"),
}).meta({ id: "LatestBiasAudit" });

export const BiasAuditQuery = z.object({ format: z.enum(["json", "csv"]).default("json") });
