import { z } from "zod";
import { ALL_EVIDENCE_REFS } from "./types";

// One schema per input and output, shared by the routes, the forms and the OpenAPI document (lib/controls/openapi.ts).

export const FrameworkId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "must be a slug: lower-case letters, digits and '-', at most 64 characters")
  .meta({ example: "eu-ai-act" });
export const ControlIdentifier = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,63}$/,
    "must start with a letter or digit and hold only letters, digits, spaces and . _ ( ) -, at most 64 characters",
  )
  .meta({ example: "ACME-7" });
export const EvidenceRefSchema = z
  .enum(ALL_EVIDENCE_REFS as [string, ...string[]], { message: `must be one of: ${ALL_EVIDENCE_REFS.join(", ")}` })
  .meta({ description: "an evidence kind Steward records, or a card section (card.<section>)", example: "bias_audit" });
const EvidenceList = z.array(EvidenceRefSchema).max(20, "at most 20 evidence kinds");

export const CreateControl = z
  .object({
    framework: FrameworkId.meta({ description: "a shipped framework's id, or a new one for a framework of your own" }),
    frameworkTitle: z.string().trim().min(1, "must not be empty").max(120).optional().meta({ description: "a new framework's title" }),
    identifier: ControlIdentifier,
    title: z.string().trim().min(1, "must not be empty").max(200),
    group: z.string().trim().min(1, "must not be empty").max(120).optional(),
    evidence: EvidenceList.min(1, "must name at least one evidence kind"),
  })
  .strict();
export type CreateControlInput = z.infer<typeof CreateControl>;

export const UpdateControl = z
  .object({
    title: z.string().trim().min(1, "must not be empty").max(200).optional().meta({ description: "custom controls only" }),
    group: z.string().trim().min(1, "must not be empty").max(120).nullable().optional().meta({ description: "custom controls only" }),
    evidence: EvidenceList.min(1, "must name at least one evidence kind")
      .optional()
      .meta({ description: "custom controls only: the whole mapping" }),
    addedEvidence: EvidenceList.optional().meta({
      description: "shipped controls only: evidence kinds added to the shipped mapping (the whole list of additions; [] removes them)",
    }),
  })
  .strict();
export type UpdateControlInput = z.infer<typeof UpdateControl>;

export const CoverageFormat = z.object({ format: z.enum(["json", "csv"], { message: "must be json or csv" }).default("json") });
export const ModelCoverageQuery = CoverageFormat.extend({ framework: FrameworkId });

const Status = z.enum(["covered", "partial", "stale", "missing"]);
export const EvidenceItemSchema = z.object({
  ref: z.string(),
  status: z.enum(["found", "stale", "missing"]),
  reason: z.string(),
  href: z.string().nullable(),
  at: z.string().nullable(),
});
export const ControlSchema = z
  .object({
    id: z.string().meta({ description: "`{framework}:{identifier}`, the id PATCH and DELETE take (URL-encoded)" }),
    framework: z.string(),
    identifier: z.string(),
    title: z.string(),
    group: z.string().nullable(),
    evidence: z.array(z.string()),
    addedEvidence: z.array(z.string()).meta({ description: "kinds an admin added to a shipped control" }),
    origin: z.enum(["shipped", "custom"]),
  })
  .meta({ id: "Control" });
export const FiguresSchema = z.object({
  controls: z.number().int(),
  covered: z.number().int(),
  partial: z.number().int(),
  stale: z.number().int(),
  missing: z.number().int(),
  percent: z.number().int().meta({ description: "covered ÷ all, rounded" }),
});
export const FrameworkSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    version: z.string(),
    source: z.string(),
    origin: z.enum(["shipped", "custom"]),
    controls: z.number().int(),
  })
  .meta({ id: "FrameworkSummary" });
export const FrameworkDetailSchema = FrameworkSummarySchema.extend({ items: z.array(ControlSchema) }).meta({ id: "FrameworkDetail" });
export const ControlCoverageSchema = z.object({ control: ControlSchema, status: Status, evidence: z.array(EvidenceItemSchema) });
export const ModelCoverageSchema = z
  .object({
    model: z.string(),
    version: z.string().nullable(),
    stage: z.string().nullable(),
    framework: FrameworkSummarySchema,
    figures: FiguresSchema,
    controls: z.array(ControlCoverageSchema),
  })
  .meta({ id: "ModelFrameworkCoverage" });
export const PortfolioFrameworkCoverageSchema = z
  .object({
    framework: FrameworkSummarySchema,
    models: z.array(z.object({ model: z.string(), version: z.string(), figures: FiguresSchema })),
    figures: FiguresSchema.meta({ description: "over every (production model, control) pair" }),
    controls: z.array(
      z.object({
        control: ControlSchema,
        counts: z.object({ covered: z.number().int(), partial: z.number().int(), stale: z.number().int(), missing: z.number().int() }),
        models: z.array(z.object({ model: z.string(), version: z.string(), status: Status, evidence: z.array(EvidenceItemSchema) })),
      }),
    ),
  })
  .meta({ id: "PortfolioFrameworkCoverage" });
