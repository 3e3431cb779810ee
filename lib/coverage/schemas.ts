import { z } from "zod";
import { MODE_IDS } from "./modes";

const ModeId = z.enum(MODE_IDS);

export const ModeCoverageSchema = z
  .object({
    mode: ModeId,
    title: z.string(),
    signal: z.string().meta({ description: "the signal that catches this failure mode" }),
    live: z.boolean(),
    reason: z.string().nullable().meta({ description: "why the signal is blind; null when live" }),
    state: z.enum(["ok", "warning", "firing", "unknown"]).meta({ description: "unknown when blind (unless an alert still fires)" }),
    detail: z.string().nullable().meta({ description: "the firing alert's title, or what the warning is about" }),
    note: z.string().nullable().meta({ description: "what a live signal goes without (F3 without resource points)" }),
    runbookUrl: z.string().meta({ description: "the model's runbook at #f1…#f8, else the in-portal guide /docs/failure-modes" }),
  })
  .meta({ id: "FailureModeCoverage" });

export const VersionCoverageSchema = z
  .object({
    model: z.string(),
    version: z.string(),
    stage: z.string(),
    modes: z.array(ModeCoverageSchema).meta({ description: "F1 to F8, in order" }),
    blind: z.array(ModeId).meta({ description: "the failure modes whose signal is blind" }),
  })
  .meta({ id: "VersionCoverage" });

export const PortfolioCoverageSchema = z
  .object({
    versions: z.number().int().meta({ description: "production versions counted" }),
    counts: z.array(
      z.object({
        mode: ModeId,
        title: z.string(),
        blind: z.number().int().meta({ description: "production versions blind to this failure mode" }),
        firing: z.number().int().meta({ description: "production versions with an alert of this mode firing" }),
      }),
    ),
    items: z.array(VersionCoverageSchema),
  })
  .meta({ id: "PortfolioCoverage" });
