import { z } from "zod";
import { ModelName, VersionName } from "../inventory/schemas";
import { Timestamp } from "../telemetry/schemas";

/** Points a POST /api/v1/resources may carry; more is 413 (as telemetry's events). */
export const MAX_RESOURCE_POINTS = 10_000;
/** Rows a list or a dashboard read returns at most. */
export const MAX_ITEMS = 500;

export const DEPLOYMENT_STATUSES = ["started", "progressing", "completed", "rolled_back", "failed"] as const;
export const DEPLOYMENT_STRATEGIES = ["canary", "blue-green", "shadow", "rolling", "full"] as const;
export const RUN_STATUSES = ["running", "succeeded", "failed"] as const;
export const RUN_TRIGGERS = ["schedule", "drift", "manual"] as const;

const oneOf = (xs: readonly string[]) => ({ message: `must be one of: ${xs.join(", ")}` });

export const Environment = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,39}$/,
    "must be a slug like production, staging or canary: lower-case letters, digits and '-', starting with a letter, at most 40 characters",
  )
  .meta({ example: "production" });

export const PipelineName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/,
    "must be letters, digits, '.', '_', ':', '/' or '-', starting with a letter or digit, at most 128 characters",
  )
  .meta({ example: "retrain-weekly" });

const Finite = z.number().refine(Number.isFinite, "must be a finite number");

// ---- deployments ----------------------------------------------------------------------------------------------------

export const CreateDeployment = z
  .strictObject({
    model: ModelName,
    version: VersionName,
    environment: Environment,
    strategy: z.enum(DEPLOYMENT_STRATEGIES, oneOf(DEPLOYMENT_STRATEGIES)),
    trafficPercent: Finite.min(0, "must be between 0 and 100")
      .max(100, "must be between 0 and 100")
      .meta({ description: "share of the environment's traffic this version takes, 0–100" }),
    status: z.enum(DEPLOYMENT_STATUSES, oneOf(DEPLOYMENT_STATUSES)),
    ts: Timestamp.optional().meta({ description: "when the rollout reached this status; default now. Without a zone it is read as UTC" }),
  })
  .meta({ id: "CreateDeployment" });
export type CreateDeploymentInput = z.infer<typeof CreateDeployment>;

// ---- start-up (cold-start) figures of a deployment step: lib/operations/cold-start.ts -----------------------------------

const StartupWindowFigures = z.object({
  from: z.string().meta({ description: "inclusive, the start of a minute" }),
  to: z.string().meta({ description: "exclusive, the start of a minute" }),
  requests: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number().nullable().meta({ description: "errors ÷ requests; null with no request" }),
  p99: z.number().nullable().meta({ description: "ms, from the window's merged latency sketch (within 1%); null with no request" }),
});

export const Startup = z
  .object({
    cold: StartupWindowFigures.meta({
      description: "the new version in the 10 minutes after the step: the minute holding the step and the 9 after it",
    }),
    steady: StartupWindowFigures.nullable().meta({
      description:
        "the same version's steady state: minutes 10 to 70 after the step's minute, cut at the minute of the next step of the model in that environment; null when that step came within 10 minutes",
    }),
    replacedVersion: z
      .string()
      .nullable()
      .meta({ description: "the version last completed in that environment before the step (other than this one); null when none" }),
    replaced: StartupWindowFigures.nullable().meta({
      description: "the replaced version in the 60 minutes before the step's minute; null when no version was replaced",
    }),
    ratio: z.number().nullable().meta({ description: "cold error rate ÷ steady error rate; null when the steady rate is 0 or unknown" }),
    judged: z
      .boolean()
      .meta({ description: "both windows hold at least 100 requests and the step is a rollout step (not rolled_back or failed)" }),
    coldStart: z.boolean().meta({
      description: "judged, and the cold error rate is over 3× the steady one and at least 1%: the cold_start ticket fires",
    }),
  })
  .meta({ id: "DeploymentStartup" });
export type StartupView = z.infer<typeof Startup>;

export const Deployment = z
  .object({
    id: z.string(),
    model: z.string(),
    version: z.string(),
    environment: z.string(),
    strategy: z.enum(DEPLOYMENT_STRATEGIES),
    trafficPercent: z.number(),
    status: z.enum(DEPLOYMENT_STATUSES),
    ts: z.string(),
    startup: Startup.optional().meta({
      description:
        "start-up figures of the step (lists only, for their newest 100 steps): the new version's error rate and p99 right after it",
    }),
  })
  .meta({ id: "Deployment" });
export type DeploymentView = z.infer<typeof Deployment>;

// ---- pipeline runs --------------------------------------------------------------------------------------------------

export const ReportPipelineRun = z
  .strictObject({
    pipeline: PipelineName,
    model: ModelName,
    status: z.enum(RUN_STATUSES, oneOf(RUN_STATUSES)),
    trigger: z.enum(RUN_TRIGGERS, oneOf(RUN_TRIGGERS)),
    startedAt: Timestamp.meta({ description: "with model and pipeline, identifies the run: a later report of the same three updates it" }),
    finishedAt: Timestamp.optional().meta({ description: "not before startedAt; only for a finished (succeeded or failed) run" }),
    message: z.string().trim().max(4000).optional(),
  })
  .meta({ id: "ReportPipelineRun" });
export type ReportPipelineRunInput = z.infer<typeof ReportPipelineRun>;

export const PipelineRun = z
  .object({
    id: z.string(),
    model: z.string(),
    pipeline: z.string(),
    status: z.enum(RUN_STATUSES),
    trigger: z.enum(RUN_TRIGGERS),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    message: z.string().nullable(),
  })
  .meta({ id: "PipelineRun" });
export type PipelineRunView = z.infer<typeof PipelineRun>;

// ---- resources ------------------------------------------------------------------------------------------------------

export const ResourcePoint = z
  .strictObject({
    model: ModelName,
    version: VersionName,
    environment: Environment,
    ts: Timestamp,
    cpu: Finite.min(0, "must be 0 or more").meta({ description: "cores in use (summed over replicas)" }),
    memoryMb: Finite.min(0, "must be 0 or more"),
    replicas: z.number().int("must be a whole number").min(0, "must be 0 or more").max(100_000),
  })
  .meta({ id: "ResourcePoint" });
export type ResourcePointInput = z.infer<typeof ResourcePoint>;

export const ResourceBatch = z
  .strictObject({ points: z.array(ResourcePoint).min(1, "must hold at least one point").max(MAX_RESOURCE_POINTS) })
  .meta({
    id: "ResourceBatch",
    description: `Up to ${MAX_RESOURCE_POINTS.toLocaleString("en")} points (413 beyond); checked whole, stored all or nothing`,
  });

export const ResourcesAccepted = z.object({ accepted: z.number().int() }).meta({ id: "ResourcesAccepted" });

// ---- reads ----------------------------------------------------------------------------------------------------------

export const WindowQuery = z
  .strictObject({
    from: Timestamp.optional().meta({ description: "inclusive; default: no lower bound" }),
    to: Timestamp.optional().meta({ description: "exclusive; default: no upper bound" }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_ITEMS)
      .default(MAX_ITEMS)
      .meta({ description: `at most ${MAX_ITEMS} (the default), newest first` }),
  })
  .meta({ id: "OperationsWindowQuery" });
export type WindowQueryInput = z.infer<typeof WindowQuery>;

export const PipelineRunList = z
  .object({ items: z.array(PipelineRun).meta({ description: "newest start first" }) })
  .meta({ id: "PipelineRunList" });
export const DeploymentList = z.object({ items: z.array(Deployment).meta({ description: "newest first" }) }).meta({ id: "DeploymentList" });
