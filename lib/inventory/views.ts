import "server-only";
import { sql } from "drizzle-orm";
import type { evaluations, models, modelVersions } from "@/db/schema";
import { modelVersions as mv } from "@/db/schema";
import { productionVersionId } from "./production";
import type { RiskTier, Stage } from "./schemas";

type ModelRow = typeof models.$inferSelect;
type VersionRow = typeof modelVersions.$inferSelect;
type EvalRow = typeof evaluations.$inferSelect;

// Qualified by hand: drizzle renders a column of a single-table select without its table name,
// which inside these subqueries would bind to the version row instead.
export const MODEL_ID = sql.raw('"models"."id"');

/** Columns computed per model: the newest version and its stage, the production version, the count. */
export const modelExtras = {
  latestVersion: sql<
    string | null
  >`(select v.version from ${mv} v where v.model_id = ${MODEL_ID} order by v.created_at desc, v.id desc limit 1)`,
  stage: sql<Stage | null>`(select v.stage from ${mv} v where v.model_id = ${MODEL_ID} order by v.created_at desc, v.id desc limit 1)`,
  productionVersion: sql<string | null>`(select v.version from ${mv} v where v.id = ${productionVersionId(MODEL_ID)})`,
  versionCount: sql<number>`(select count(*)::int from ${mv} v where v.model_id = ${MODEL_ID})`,
};

export type ModelExtras = { latestVersion: string | null; stage: Stage | null; productionVersion: string | null; versionCount: number };

export const modelView = (r: ModelRow, x: ModelExtras) => ({
  name: r.name,
  title: r.title,
  description: r.description,
  owner: r.owner,
  maintainers: r.maintainers,
  team: r.team,
  riskTier: r.riskTier as RiskTier,
  useCase: r.useCase,
  runbookUrl: r.runbookUrl,
  tags: r.tags,
  // Only when set (null: the default applies), so model bodies stay as they were for everyone else.
  ...(r.outlierThreshold !== null && r.outlierThreshold !== undefined ? { outlierThreshold: r.outlierThreshold } : {}),
  stage: x.stage,
  latestVersion: x.latestVersion,
  productionVersion: x.productionVersion,
  versionCount: Number(x.versionCount),
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
export type ModelView = ReturnType<typeof modelView>;

export const versionView = (model: string, v: VersionRow) => ({
  model,
  version: v.version,
  description: v.description,
  artifactUri: v.artifactUri,
  framework: v.framework,
  gitCommit: v.gitCommit,
  trainingRunId: v.trainingRunId,
  inputs: v.inputs,
  metrics: v.metrics,
  params: v.params,
  signature: v.signature ?? null,
  stage: v.stage as Stage,
  stageChangedAt: v.stageChangedAt.toISOString(),
  retiredReason: v.retiredReason,
  createdBy: v.createdBy,
  createdAt: v.createdAt.toISOString(),
});
export type VersionView = ReturnType<typeof versionView>;

export const evaluationView = (e: EvalRow) => ({
  id: e.id,
  dataset: e.dataset,
  metrics: e.metrics,
  slice: e.slice,
  createdBy: e.createdBy,
  createdAt: e.createdAt.toISOString(),
});
export type EvaluationView = ReturnType<typeof evaluationView>;
