import { z } from "zod";
import { ModelName } from "../inventory/schemas";
import { Startup } from "../operations/schemas";
import { Alert, Silence } from "../slo/schemas";

/** The ranges the on-call dashboard offers, and the span of each. */
export const RANGES = { "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 24 * 3_600_000, "7d": 7 * 24 * 3_600_000 } as const;
export type Range = keyof typeof RANGES;
export const RANGE_KEYS = Object.keys(RANGES) as [Range, ...Range[]];

export const OnCallQuery = z
  .strictObject({
    range: z.enum(RANGE_KEYS, { message: `must be one of ${RANGE_KEYS.join(", ")}` }).default("24h"),
    model: ModelName.optional().meta({ description: "one model; every model when left out" }),
  })
  .meta({ id: "OnCallQuery" });
export type OnCallQueryInput = z.infer<typeof OnCallQuery>;

const Point = z.object({
  t: z.number().meta({ description: "start of the bucket, ms since the epoch" }),
  count: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});

const SloStatus = z.object({
  id: z.string(),
  sli: z.string(),
  name: z.string().nullable(),
  objective: z.number(),
  thresholdMs: z.number().nullable(),
  windowDays: z.number().int(),
  budgetRemaining: z
    .number()
    .nullable()
    .meta({ description: "share of the error budget left over the SLO's window, for this version; null with no traffic" }),
  events: z.number().int(),
  firing: z.enum(["page", "ticket"]).nullable(),
});

const Deployment = z.object({
  t: z.number(),
  environment: z.string(),
  strategy: z.string(),
  trafficPercent: z.number(),
  status: z.string(),
  startup: Startup.optional().meta({
    description: "the start-up window (the 10 minutes from the step's minute) and its figures against the steady state (cold starts, F7)",
  }),
});

export const OnCallVersion = z
  .object({
    model: z.string(),
    version: z.string(),
    stage: z.string(),
    runbookUrl: z.string().nullable(),
    totals: z.object({
      count: z.number().int(),
      errors: z.number().int(),
      errorRate: z.number(),
      p50: z.number().nullable(),
      p95: z.number().nullable(),
      p99: z.number().nullable(),
    }),
    points: z.array(Point),
    deployments: z.array(Deployment),
    slos: z.array(SloStatus),
    drift: z
      .object({
        features: z.number().int().meta({ description: "features in the version's reference profile" }),
        judged: z.number().int().meta({ description: "features with enough values in the range to judge" }),
        drifted: z.array(z.string()).meta({ description: "features whose default test says drifted over the range, most drifted first" }),
        driftRate: z.number().nullable().meta({ description: "data drift rate: drifted ÷ judged features" }),
        missingRate: z
          .number()
          .nullable()
          .meta({ description: "feature missing rate: events lacking or nulling a reference feature ÷ events" }),
        retrain: z.object({ driftSince: z.string(), retrainedAt: z.string().nullable(), gapHours: z.number() }).nullable().meta({
          description:
            "drift-to-retrain gap: from the latest drift alert (last 30 days) to the model's next successful retraining run; open (retrainedAt null) counts to now",
        }),
      })
      .nullable()
      .meta({ description: "null when the version has no reference profile" }),
    quality: z
      .object({
        points: z.array(
          z.object({
            t: z.number(),
            accuracy: z.number().nullable(),
            f1: z.number().nullable(),
            mae: z.number().nullable(),
            labelledShare: z.number().nullable(),
          }),
        ),
        latest: z.object({
          accuracy: z.number().nullable(),
          f1: z.number().nullable(),
          mae: z.number().nullable(),
          labelled: z.number().int(),
          labelledShare: z.number().nullable(),
        }),
      })
      .nullable()
      .meta({ description: "quality over a trailing 24-hour window, hourly; null when no prediction in reach has a label" }),
    resources: z
      .object({ cpu: z.number(), memoryMb: z.number(), replicas: z.number(), at: z.string(), avgCpu: z.number() })
      .nullable()
      .meta({
        description: "CPU in use (cores, summed over replicas, as reported to /resources): the latest point and the mean over the range",
      }),
  })
  .meta({ id: "OnCallVersion" });
export type OnCallVersionView = z.infer<typeof OnCallVersion>;

const Run = z.object({
  status: z.string(),
  trigger: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  message: z.string().nullable(),
});
export const PipelineSummary = z
  .object({
    model: z.string(),
    pipeline: z.string(),
    lastRun: Run,
    lastSuccessAt: z.string().nullable(),
    runs: z.number().int().meta({ description: "finished runs in the last 30 days" }),
    failures: z.number().int(),
    successRate: z.number().nullable(),
    recent: z.array(Run),
  })
  .meta({ id: "PipelineSummary" });
export type PipelineSummaryView = z.infer<typeof PipelineSummary>;

export const OnCallView = z
  .object({
    range: z.enum(RANGE_KEYS),
    model: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    step: z.string(),
    generatedAt: z.string(),
    canSilence: z.boolean(),
    canRecordIncident: z.boolean().optional(),
    models: z.array(z.object({ name: z.string(), versions: z.array(z.string()) })),
    sloCount: z.number().int(),
    firing: z.array(Alert),
    resolved: z.array(Alert).meta({ description: "resolved in the last 7 days, newest first (at most 20)" }),
    silences: z.array(Silence).meta({ description: "in force now" }),
    versions: z.array(OnCallVersion).meta({ description: "versions in production or serving traffic in the range; firing ones first" }),
    quiet: z
      .array(z.object({ model: z.string(), version: z.string() }))
      .meta({ description: "production versions with no telemetry in the range" }),
    pipelines: z.array(PipelineSummary),
  })
  .meta({ id: "OnCallView" });
export type OnCallViewData = z.infer<typeof OnCallView>;
