import { z } from "zod";
import { ModelName, VersionName } from "../inventory/schemas";

/** The debug dashboard's windows: each ends at the end of the current hour. */
export const DEBUG_RANGES = { "6h": 6 * 3_600_000, "24h": 24 * 3_600_000, "7d": 7 * 24 * 3_600_000 } as const;
export type DebugRange = keyof typeof DEBUG_RANGES;
export const DEBUG_RANGE_KEYS = Object.keys(DEBUG_RANGES) as [DebugRange, ...DebugRange[]];

/** What the window is compared with: the window just before it, the same hours a day earlier, or a week earlier. */
export const COMPARES = ["previous", "day", "week"] as const;
export type Compare = (typeof COMPARES)[number];

export const DebugQuery = z
  .strictObject({
    model: ModelName,
    version: VersionName.optional().meta({
      description: "default: the production version, else the newest version with telemetry, else the newest",
    }),
    range: z.enum(DEBUG_RANGE_KEYS, { message: `must be one of ${DEBUG_RANGE_KEYS.join(", ")}` }).default("24h"),
    compare: z
      .enum(COMPARES, { message: `must be one of ${COMPARES.join(", ")}` })
      .default("week")
      .meta({
        description:
          "the earlier window the charts show beside the current one: previous (just before), day (a day earlier) or week (a week earlier)",
      }),
    trace: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(200)
      .optional()
      .meta({ description: "a trace id: the sampled requests carrying it, any time in the last 30 days" }),
  })
  .meta({ id: "DebugQuery" });
export type DebugQueryInput = z.infer<typeof DebugQuery>;

const Test = z.object({
  statistic: z.number().nullable().meta({ description: "KS D, χ², z, normalised Wasserstein-1 or Jensen–Shannon, by method" }),
  pValue: z.number().nullable().meta({ description: "null for Wasserstein and Jensen–Shannon, which judge by a threshold" }),
});

export const DebugFeature = z
  .object({
    name: z.string(),
    type: z.enum(["numeric", "categorical"]),
    method: z.enum(["ks", "chi_square", "z", "wasserstein", "jensen_shannon"]),
    verdict: z.enum(["drifted", "stable", "not_enough_data"]),
    severity: z
      .number()
      .meta({ description: "how far past its threshold the default test is (≥ 1 drifted; −1 not judged); the list is sorted by it" }),
    ...Test.shape,
    psi: z.number().nullable(),
    n: z.number().int().meta({ description: "values seen in the window" }),
    missing: z.number().int(),
    missingRate: z.number().nullable(),
    earlier: z
      .object({
        verdict: z.enum(["drifted", "stable", "not_enough_data"]),
        ...Test.shape,
        psi: z.number().nullable(),
        n: z.number().int(),
        missingRate: z.number().nullable(),
      })
      .meta({ description: "the same test on the earlier (compare) window" }),
    distribution: z
      .array(z.object({ bin: z.string(), reference: z.number(), current: z.number().nullable(), earlier: z.number().nullable() }))
      .meta({ description: "shares per bin (the reference's deciles, or one per value or category); null with no values in that window" }),
  })
  .meta({ id: "DebugFeature" });
export type DebugFeatureView = z.infer<typeof DebugFeature>;

export const DebugSample = z
  .object({
    version: z.string(),
    ts: z.string(),
    traceId: z.string().nullable(),
    status: z.string(),
    latencyMs: z.number(),
    features: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).nullable(),
    prediction: z.unknown(),
    label: z.unknown(),
    loss: z.number().nullable(),
  })
  .meta({ id: "DebugSample" });
export type DebugSampleView = z.infer<typeof DebugSample>;

const OutlierShare = z.object({
  n: z.number().int().meta({ description: "values checked (present and of the feature's type)" }),
  outliers: z.number().int(),
  share: z.number().nullable().meta({ description: "outliers ÷ n; null with no values" }),
});

export const DebugOutlierInput = z
  .object({
    name: z.string(),
    target: z.enum(["feature", "prediction"]),
    type: z.enum(["numeric", "categorical"]),
    range: z.tuple([z.number(), z.number()]).nullable().meta({
      description: "numeric: the reference's 0.5 % and 99.5 % quantiles; null for categories (an outlier is a category it never saw)",
    }),
    ...OutlierShare.shape,
    over: z.boolean().meta({ description: "the share is above the model's threshold (with at least 30 values)" }),
    earlier: OutlierShare.meta({ description: "the same on the earlier (compare) window" }),
  })
  .meta({ id: "DebugOutlierInput" });
export type DebugOutlierInputView = z.infer<typeof DebugOutlierInput>;

export const DebugOutlierSample = DebugSample.extend({
  outliers: z.object({
    count: z.number().int().meta({ description: "features outside the reference's range (or of an unseen category)" }),
    distance: z
      .number()
      .meta({ description: "how far outside, summed, in widths of each feature's 0.5–99.5 % range (1 per unseen category)" }),
    features: z.array(z.object({ name: z.string(), value: z.unknown(), distance: z.number() })),
  }),
}).meta({ id: "DebugOutlierSample" });
export type DebugOutlierSampleView = z.infer<typeof DebugOutlierSample>;

const QualityPoint = z.object({
  t: z.number(),
  predictions: z.number().int(),
  labelled: z.number().int(),
  labelledShare: z.number().nullable(),
  accuracy: z.number().nullable(),
  f1: z.number().nullable(),
  mae: z.number().nullable(),
});

const LatencyTotals = z.object({
  count: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});

export const DebugView = z
  .object({
    model: z.string(),
    version: z.string().nullable().meta({ description: "null when the model has no version yet" }),
    stage: z.string().nullable(),
    range: z.enum(DEBUG_RANGE_KEYS),
    compare: z.enum(COMPARES),
    trace: z.string().nullable(),
    from: z.string(),
    to: z.string().meta({ description: "the end of the current hour" }),
    compareFrom: z.string(),
    compareTo: z.string(),
    generatedAt: z.string(),
    models: z.array(z.string()),
    versions: z.array(z.object({ version: z.string(), stage: z.string() })).meta({ description: "the model's versions, newest first" }),
    drift: z.object({
      reference: z
        .object({ updatedAt: z.string(), features: z.number().int() })
        .nullable()
        .meta({ description: "null: no reference profile for this version (PUT one)" }),
      features: z.array(DebugFeature).meta({ description: "most drifted first" }),
    }),
    outliers: z
      .object({
        threshold: z.number().meta({ description: "the model's outlier threshold (default 0.05)" }),
        inputs: z
          .array(DebugOutlierInput)
          .meta({ description: "each feature of the reference (and the prediction, when profiled); highest share first" }),
        samples: z.array(DebugOutlierSample).meta({
          description: "up to 10 sampled requests of the window with features outside the reference, the most (then the farthest) first",
        }),
      })
      .meta({
        description: "F6: values outside the reference's 0.5–99.5 % range, or of categories it never saw (empty without a reference)",
      }),
    quality: z.object({
      step: z.enum(["1h", "1d"]),
      from: z.string(),
      points: z.array(QualityPoint).meta({ description: "the last 7 days, hourly for ranges up to 24 h, else daily" }),
    }),
    latency: z.object({
      step: z.string(),
      totals: LatencyTotals,
      earlier: LatencyTotals,
      points: z.array(
        z.object({
          t: z.number(),
          count: z.number().int(),
          errors: z.number().int(),
          errorRate: z.number().nullable(),
          p50: z.number().nullable(),
          p95: z.number().nullable(),
          p99: z.number().nullable(),
        }),
      ),
    }),
    samples: z.array(DebugSample).meta({
      description:
        "with trace: the sampled requests carrying it (last 30 days, any version of the model); else the 50 newest in the window",
    }),
    highestLoss: z.array(DebugSample).meta({ description: "the 20 sampled requests of highest loss in the window" }),
    resources: z.object({
      points: z.array(
        z.object({ environment: z.string(), ts: z.string(), cpu: z.number(), memoryMb: z.number(), replicas: z.number().int() }),
      ),
      events: z.array(z.object({ environment: z.string(), ts: z.string(), fromReplicas: z.number().int(), toReplicas: z.number().int() })),
      truncated: z.boolean(),
    }),
  })
  .meta({ id: "DebugView" });
export type DebugViewData = z.infer<typeof DebugView>;
