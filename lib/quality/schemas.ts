import { z } from "zod";
import { VersionName } from "../inventory/schemas";
import { Timestamp } from "../telemetry/schemas";

export const MAX_LABELS = 10_000;

const Output = z.union([z.number(), z.string().max(1000), z.boolean(), z.record(z.string().max(200), z.number())]);

export const LabelBatch = z
  .strictObject({
    labels: z
      .array(
        z.strictObject({
          traceId: z.string().min(1, "must not be empty").max(200),
          label: Output.meta({ description: "the true class (string, boolean, whole number) or value (number)" }),
          ts: Timestamp.optional().meta({ description: "when the ground truth was known; default now" }),
        }),
      )
      .min(1, "must hold at least one label")
      .max(MAX_LABELS, `must hold at most ${MAX_LABELS} labels`),
  })
  .meta({ id: "LabelBatch" });

export const LabelsAccepted = z
  .object({
    accepted: z.number().int(),
    matched: z.number().int().meta({ description: "labels joined to a prediction of the last 30 days" }),
    unmatched: z
      .number()
      .int()
      .meta({ description: "labels whose trace id no prediction of the last 30 days carries; nothing stored for them" }),
  })
  .meta({ id: "LabelsAccepted" });

export const HOUR_STEPS = ["1h", "1d"] as const;
export const WindowQuery = z
  .strictObject({
    version: VersionName.optional().meta({ description: "one version; every version of the model when left out" }),
    from: Timestamp.optional().meta({ description: "start, inclusive (floored to the hour); default `to` − 7 days" }),
    to: Timestamp.optional().meta({ description: "end, exclusive (rounded up to the hour); default now" }),
    step: z
      .enum(HOUR_STEPS, { message: "must be 1h or 1d" })
      .optional()
      .meta({ description: "window width; default 1d (1h when the span is 2 days or less)" }),
  })
  .meta({ id: "WindowQuery" });
export type WindowQuery = z.infer<typeof WindowQuery>;

export const QualityPoint = z
  .object({
    t: z.string(),
    version: z.string(),
    predictions: z.number().int(),
    labelled: z.number().int(),
    labelledShare: z.number().nullable().meta({ description: "labelled so far ÷ predictions: ground truth arrives late" }),
    accuracy: z.number().nullable(),
    precision: z
      .number()
      .nullable()
      .meta({ description: "of the positive class (1, true, yes, positive) when binary; else macro-averaged" }),
    recall: z.number().nullable(),
    f1: z.number().nullable(),
    mae: z.number().nullable(),
    rmse: z.number().nullable(),
  })
  .meta({ id: "QualityPoint" });

export const QualitySeries = z
  .object({
    from: z.string(),
    to: z.string(),
    step: z.enum(HOUR_STEPS),
    series: z.array(QualityPoint).meta({ description: "by version, then time; windows without predictions are left out" }),
  })
  .meta({ id: "QualitySeries" });
export type QualitySeriesView = z.infer<typeof QualitySeries>;
