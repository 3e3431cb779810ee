import { z } from "zod";
import { ModelName, VersionName } from "../inventory/schemas";
import { parseTime } from "../time";
import { MAX_EVENTS, STEPS } from "./limits";

export const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const validTime = (s: string) => RFC3339.test(s) && !Number.isNaN(parseTime(s).getTime());
export const Timestamp = z
  .string()
  .refine(validTime, "must be an RFC 3339 time, e.g. 2026-11-20T10:00:00Z (without a zone it is read as UTC)")
  .meta({ description: "RFC 3339; without a zone it is read as UTC", example: "2026-11-20T10:00:00.123Z" });

const Finite = z.number().refine(Number.isFinite, "must be a finite number");
const Scalar = z.union([z.number(), z.string().max(1000), z.boolean(), z.null()]);
const Output = z.union([Scalar, z.array(z.union([z.number(), z.string().max(1000)])).max(1000), z.record(z.string().max(200), z.number())]);

export const TelemetryEvent = z
  .strictObject({
    model: ModelName,
    version: VersionName,
    ts: Timestamp,
    latencyMs: Finite.meta({ description: "milliseconds; 0 (or less) counts in the sketch's zero bucket" }),
    status: z.enum(["ok", "error"], { message: "must be ok or error" }),
    traceId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: "joins later labels to this prediction; also the key of the uniform sample" }),
    features: z
      .record(z.string().min(1).max(200), z.union([z.number(), z.string().max(1000), z.null()]))
      .refine((f) => Object.keys(f).length <= 500, "must have at most 500 features")
      .optional(),
    prediction: Output.optional(),
    label: Output.optional(),
    loss: Finite.optional(),
  })
  .meta({ id: "TelemetryEvent" });
export type TelemetryEventInput = z.infer<typeof TelemetryEvent>;

export const TelemetryBatch = z
  .strictObject({ events: z.array(TelemetryEvent).min(1, "must hold at least one event").max(MAX_EVENTS) })
  .meta({
    id: "TelemetryBatch",
    description: `Up to ${MAX_EVENTS} events (413 beyond); or the same events one per line as application/x-ndjson`,
  });

export const TelemetryAccepted = z.object({ accepted: z.number().int() }).meta({ id: "TelemetryAccepted" });

export const TelemetryQuery = z
  .strictObject({
    version: VersionName.optional().meta({ description: "one version; every version of the model when left out" }),
    from: Timestamp.optional().meta({
      description: "start of the window, inclusive (floored to the minute); default: `to` − 24 h, aligned to the step",
    }),
    to: Timestamp.optional().meta({
      description: "end of the window, exclusive (rounded up to the minute); default: now, rounded up to the step",
    }),
    step: z
      .enum(Object.keys(STEPS) as [keyof typeof STEPS, ...(keyof typeof STEPS)[]], { message: "must be one of 1m, 5m, 1h, 1d" })
      .optional()
      .meta({
        description: "bucket width; default: the finest giving at most 1,000 points. Points start at `from`",
      }),
  })
  .meta({ id: "TelemetryQuery" });
export type TelemetryQueryInput = z.infer<typeof TelemetryQuery>;

export const TelemetryPoint = z
  .object({
    t: z.string().meta({ description: "start of the bucket, UTC" }),
    version: z.string(),
    count: z.number().int(),
    errors: z.number().int(),
    errorRate: z.number(),
    p50: z.number().nullable().meta({ description: "ms, within 1% of the exact value (DDSketch, α = 0.01)" }),
    p95: z.number().nullable(),
    p99: z.number().nullable(),
  })
  .meta({ id: "TelemetryPoint" });

export const TelemetrySeries = z
  .object({
    from: z.string(),
    to: z.string(),
    step: z.enum(Object.keys(STEPS) as [keyof typeof STEPS, ...(keyof typeof STEPS)[]]),
    series: z.array(TelemetryPoint).meta({ description: "by version, then time; buckets without events are left out" }),
  })
  .meta({ id: "TelemetrySeries" });
export type TelemetrySeriesView = z.infer<typeof TelemetrySeries>;
