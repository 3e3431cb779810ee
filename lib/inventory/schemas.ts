import { z } from "zod";
import { Email } from "../auth/schemas";
import { CardSummary } from "../cards/schemas";
import { BiasAuditSummary, LatestBiasAudit } from "../fairness/schemas";

export const RISK_TIERS = ["low", "medium", "high", "critical"] as const;
export const STAGES = ["development", "staging", "production", "archived", "retired"] as const;
export type RiskTier = (typeof RISK_TIERS)[number];
export type Stage = (typeof STAGES)[number];

export const ModelName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,127}$/,
    "must be a slug: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, at most 128 characters",
  );
export const VersionName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/,
    "must be letters, digits, '.', '_', '+' or '-', starting with a letter or digit, at most 64 characters",
  );

const Tag = z.string().trim().min(1).max(64);
const RiskTierInput = z.enum(RISK_TIERS, { message: `must be one of: ${RISK_TIERS.join(", ")}` });
const Text = (max: number) => z.string().trim().max(max);
const FiniteNumber = z.number().refine(Number.isFinite, "must be a finite number");

/** An http(s) link to the model's runbook, shown on its alerts. */
const RunbookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https?:\/\/[^\s]+$/i.test(u), "must be an http or https URL");

/** A share strictly between 0 and 1 (the outlier ticket's threshold). */
const OutlierThreshold = z
  .number({ message: "must be a number between 0 and 1 (exclusive), e.g. 0.05" })
  .refine((x) => Number.isFinite(x) && x > 0 && x < 1, "must be a number between 0 and 1 (exclusive), e.g. 0.05");

export const CreateModel = z
  .strictObject({
    name: ModelName,
    title: Text(200).optional(),
    description: Text(10_000).optional(),
    owner: Email,
    maintainers: z.array(Email).max(50).optional().describe("people and service accounts (emails) who may write evidence beside the owner"),
    team: Text(100).optional(),
    riskTier: RiskTierInput,
    useCase: Text(2000).optional(),
    runbookUrl: RunbookUrl.optional(),
    tags: z.array(Tag).max(50).optional(),
  })
  .meta({ id: "CreateModel" });

export const UpdateModel = z
  .strictObject({
    title: Text(200).nullable().optional(),
    description: Text(10_000).nullable().optional(),
    owner: Email.optional(),
    maintainers: z.array(Email).max(50).optional().describe("replaces the list; the owner or an admin"),
    team: Text(100).nullable().optional(),
    riskTier: RiskTierInput.optional(),
    useCase: Text(2000).nullable().optional(),
    runbookUrl: RunbookUrl.nullable().optional(),
    tags: z.array(Tag).max(50).optional(),
    outlierThreshold: OutlierThreshold.nullable()
      .optional()
      .describe(
        "the share of a version's values outside the reference's 0.5–99.5 % range (or of unseen categories) above which, for 3 judged hours in a row, an outlier ticket fires; null restores the default 0.05",
      ),
  })
  .meta({ id: "UpdateModel" });

const DatasetRef = z.strictObject({ namespace: z.string().min(1).max(1000), name: z.string().min(1).max(1000) });

export const CreateVersion = z
  .strictObject({
    version: VersionName,
    description: Text(10_000).optional(),
    artifactUri: Text(2000).optional(),
    framework: Text(100).optional(),
    gitCommit: Text(100).optional(),
    trainingRunId: z.uuid({ message: "must be a UUID" }).optional(),
    inputs: z.array(DatasetRef).max(1000).optional(),
    metrics: z.record(z.string().min(1).max(200), FiniteNumber).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    signature: z.strictObject({ inputs: z.array(z.unknown()), outputs: z.array(z.unknown()) }).optional(),
  })
  .meta({ id: "CreateVersion" });

export const CreateEvaluation = z
  .strictObject({
    dataset: z.string().trim().min(1).max(500),
    metrics: z.record(z.string().min(1).max(200), FiniteNumber).refine((m) => Object.keys(m).length > 0, "give at least one metric"),
    slice: Text(500).optional(),
  })
  .meta({ id: "CreateEvaluation" });

export const RetireVersion = z.strictObject({ reason: z.string().trim().min(1, "say why").max(2000) }).meta({ id: "RetireVersion" });

export const SORTS = ["name", "-name", "updatedAt", "-updatedAt", "riskTier", "-riskTier"] as const;
export type Sort = (typeof SORTS)[number];

export const ListModelsQuery = z.object({
  q: z.string().max(200).optional(),
  riskTier: z.enum(RISK_TIERS).optional(),
  stage: z.enum(STAGES).optional(),
  owner: z.string().max(320).optional(),
  team: z.string().max(100).optional(),
  tag: z.string().max(64).optional(),
  sort: z.enum(SORTS).default("name"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional(),
});
export type ListModelsQuery = z.infer<typeof ListModelsQuery>;

// Responses (for the OpenAPI document)
export const ModelSummary = z
  .object({
    name: z.string(),
    title: z.string().nullable(),
    description: z.string().nullable(),
    owner: z.string(),
    maintainers: z.array(z.string()),
    team: z.string().nullable(),
    riskTier: z.enum(RISK_TIERS),
    useCase: z.string().nullable(),
    runbookUrl: z.string().nullable(),
    tags: z.array(z.string()),
    outlierThreshold: z
      .number()
      .optional()
      .describe("present when set (PATCH): the outlier share above which an outlier ticket fires; absent, the default 0.05 applies"),
    stage: z.enum(STAGES).nullable().describe("stage of the newest version"),
    latestVersion: z.string().nullable(),
    productionVersion: z.string().nullable(),
    versionCount: z.number().int(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    latestBiasAudit: LatestBiasAudit.nullable()
      .optional()
      .describe("in GET /api/v1/models (the inventory): the model's newest bias audit (of any version) and its verdict, null when none"),
  })
  .meta({ id: "ModelSummary" });

export const Version = z
  .object({
    model: z.string(),
    version: z.string(),
    description: z.string().nullable(),
    artifactUri: z.string().nullable(),
    framework: z.string().nullable(),
    gitCommit: z.string().nullable(),
    trainingRunId: z.string().nullable(),
    inputs: z.array(DatasetRef),
    metrics: z.record(z.string(), z.number()),
    params: z.record(z.string(), z.unknown()),
    signature: z.object({ inputs: z.array(z.unknown()), outputs: z.array(z.unknown()) }).nullable(),
    stage: z.enum(STAGES),
    stageChangedAt: z.string(),
    retiredReason: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: "Version" });

export const Evaluation = z
  .object({
    id: z.string(),
    dataset: z.string(),
    metrics: z.record(z.string(), z.number()),
    slice: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: "Evaluation" });

export const ReleaseBrief = z
  .object({
    id: z.uuid(),
    kind: z.enum(["release", "rollback"]),
    version: z.string(),
    targetStage: z.string(),
    status: z.enum(["pending", "approved", "rejected", "changes_requested", "cancelled"]),
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: "ReleaseBrief" });

export const ModelDetail = ModelSummary.extend({
  versions: z.array(Version),
  latestBiasAudit: LatestBiasAudit.nullable().describe("the model's newest bias audit (of any version) and its verdict"),
  openReleases: z.array(ReleaseBrief).describe("releases of its versions still pending or returned for changes, newest first"),
}).meta({ id: "ModelDetail" });

export const VersionDetail = Version.extend({
  card: CardSummary.nullable().describe("the latest card revision in brief; null until a card is saved"),
  evaluations: z.array(Evaluation),
  audits: z.array(BiasAuditSummary).describe("the version's bias audits, newest first"),
  releases: z.array(ReleaseBrief).describe("the version's releases, newest first"),
  deployments: z.array(z.unknown()),
}).meta({ id: "VersionDetail" });
