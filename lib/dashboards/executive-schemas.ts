import { z } from "zod";
import { RISK_TIERS } from "../inventory/schemas";
import { KpiDefinition } from "../kpis/schemas";
import { Startup } from "../operations/schemas";
import { FindingsPanel } from "./executive-findings-schema";
import { ExecutiveReviews } from "./executive-reviews-schema";

/** The periods the executive dashboard offers, in days. */
export const PERIODS = { "30d": 30, "90d": 90, "180d": 180 } as const;
export type Period = keyof typeof PERIODS;
export const PERIOD_KEYS = Object.keys(PERIODS) as [Period, ...Period[]];

export const ExecutiveQuery = z
  .strictObject({
    period: z.enum(PERIOD_KEYS, { message: `must be one of ${PERIOD_KEYS.join(", ")}` }).default("90d"),
    team: z.string().trim().min(1).max(100).optional().meta({ description: "only the models of this team" }),
    riskTier: z
      .enum(RISK_TIERS, { message: `must be one of ${RISK_TIERS.join(", ")}` })
      .optional()
      .meta({ description: "only models of this risk tier" }),
  })
  .meta({ id: "ExecutiveQuery" });
export type ExecutiveQueryInput = z.infer<typeof ExecutiveQuery>;

const Tiers = z.object({ low: z.number().int(), medium: z.number().int(), high: z.number().int(), critical: z.number().int() });

const Headline = z.object({
  productionModels: z.number().int(),
  productionByTier: Tiers,
  quarter: z.object({ label: z.string().meta({ example: "2026-Q4" }), from: z.string(), to: z.string() }),
  releasesApprovedThisQuarter: z.number().int(),
  governed: z.object({
    models: z.number().int().meta({ description: "models in production" }),
    completeCard: z.number().int().meta({ description: "whose production version's latest card has all nine sections" }),
    passingAudit: z.number().int().meta({ description: "whose production version's latest bias audit passed" }),
    both: z.number().int(),
    share: z.number().nullable().meta({ description: "both ÷ models; null with no model in production" }),
  }),
  slos: z.object({
    total: z.number().int(),
    withData: z.number().int().meta({ description: "SLOs whose production version had traffic in the SLO's window" }),
    met: z.number().int().meta({ description: "of those, with error budget left" }),
  }),
});

const KpiTrend = KpiDefinition.extend({
  step: z.string(),
  series: z
    .array(z.object({ model: z.string(), points: z.array(z.object({ t: z.number(), value: z.number() })) }))
    .meta({ description: "per model, its versions merged" }),
});

const Marker = z
  .object({
    t: z.number(),
    model: z.string(),
    version: z.string(),
    environment: z.string(),
    strategy: z.string(),
    status: z.string(),
    trafficPercent: z.number(),
  })
  .meta({ description: "a deployment report in the period (production), for the KPI charts' time axis" });

const Health = z.object({
  model: z.string(),
  title: z.string().nullable(),
  team: z.string().nullable(),
  riskTier: z.enum(RISK_TIERS),
  version: z.string(),
  requests: z.number().int(),
  availability: z.number().nullable().meta({ description: "1 − errors ÷ requests over the period; null without traffic" }),
  p99: z.number().nullable().meta({ description: "ms, over the period" }),
  points: z
    .array(z.object({ t: z.number(), availability: z.number().nullable(), p99: z.number().nullable() }))
    .meta({ description: "per day" }),
});

const DeltaMetric = z.object({
  key: z.string(),
  title: z.string(),
  unit: z.string(),
  higherIsBetter: z.boolean(),
  canary: z.number().nullable(),
  baseline: z.number().nullable(),
  delta: z.number().nullable().meta({ description: "(canary − baseline) / baseline over the rollout's window" }),
  regression: z.boolean(),
  improvement: z.boolean(),
});

export const RolloutView = z.object({
  model: z.string(),
  version: z.string(),
  baseline: z.string().nullable(),
  environment: z.string(),
  strategy: z.string(),
  status: z.string(),
  trafficPercent: z.number(),
  peakTrafficPercent: z.number(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  window: z.object({ from: z.string(), to: z.string() }),
  metrics: z.array(DeltaMetric),
  regression: z.boolean(),
  startup: Startup.optional().meta({
    description:
      "the rollout's first step: the new version's error rate and p99 in its first 10 minutes against its steady state (cold starts, F7)",
  }),
});
export type RolloutViewData = z.infer<typeof RolloutView>;

const Compliance = z.object({
  releasesDecided: z.object({ approved: z.number().int(), rejected: z.number().int() }),
  overdueDays: z.number().int(),
  overdueReviews: z.array(
    z.object({
      id: z.string(),
      model: z.string(),
      version: z.string(),
      targetStage: z.string(),
      requestedAt: z.string(),
      days: z.number().int(),
    }),
  ),
  failingAudits: z.array(z.object({ id: z.string(), model: z.string(), version: z.string(), name: z.string(), createdAt: z.string() })),
  expiredCards: z.array(
    z.object({
      model: z.string(),
      version: z.string(),
      reason: z.enum(["missing", "needs_review", "stale"]),
      savedAt: z.string().nullable(),
    }),
  ),
  recentEvents: z
    .array(
      z.object({
        seq: z.number().int(),
        at: z.string(),
        action: z.string(),
        entityType: z.string(),
        entityId: z.string(),
        actor: z.string().nullable(),
      }),
    )
    .nullable()
    .meta({ description: "the latest audit entries about the models in scope; null for callers who may not read the audit trail" }),
});

export const ExecutiveView = z
  .object({
    period: z.enum(PERIOD_KEYS),
    team: z.string().nullable(),
    riskTier: z.enum(RISK_TIERS).nullable(),
    from: z.string(),
    to: z.string(),
    generatedAt: z.string(),
    teams: z.array(z.string()),
    headline: Headline,
    kpis: z.array(KpiTrend),
    markers: z.array(Marker),
    portfolio: z.array(Health),
    rollouts: z.array(RolloutView),
    compliance: Compliance,
    /** Periodic reviews (lib/mrm/): overdue and upcoming by tier, and the overdue models. */
    reviews: ExecutiveReviews.optional(),
    /** Model-risk findings in scope (issue 21): open by severity, overdue, the oldest overdue's age. */
    findings: FindingsPanel.optional(),
  })
  .meta({ id: "ExecutiveView" });
export type ExecutiveViewData = z.infer<typeof ExecutiveView>;
