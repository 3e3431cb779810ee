import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { conn, rows, type Tx, transact } from "@/db/client";
import { evaluations, models, modelVersions } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize, modelSubject } from "../auth/policy";
import { type CardSummaryView, cardSummary } from "../cards/summary";
import { AppError, conflict, notFound, pgCode } from "../errors";
import { type BiasAuditListItem, versionAudits } from "../fairness/audits";
import { linkVersion, syncDeployments } from "../lineage/link";
import { type ReleaseBrief, releaseBriefs } from "../releases/brief";
import type { CreateEvaluation, CreateVersion, RetireVersion } from "./schemas";
import { type EvaluationView, evaluationView, type VersionView, versionView } from "./views";

const versionEntity = (model: string, version: string) => ({ type: "version", id: `${model}/${version}` });

async function lockModel(tx: Tx, name: string) {
  const [m] = await tx.select().from(models).where(eq(models.name, name)).for("update");
  if (!m) throw notFound(`The model ${name}`);
  return m;
}

export async function createVersion(actor: Actor, name: string, input: z.infer<typeof CreateVersion>): Promise<VersionView> {
  authorize(actor, "version.create");
  return transact(async (tx) => {
    const m = await lockModel(tx, name);
    authorize(actor, "version.create", modelSubject(m));
    try {
      const [v] = await tx
        .insert(modelVersions)
        .values({
          modelId: m.id,
          version: input.version,
          description: input.description || null,
          artifactUri: input.artifactUri || null,
          framework: input.framework || null,
          gitCommit: input.gitCommit || null,
          trainingRunId: input.trainingRunId ?? null,
          inputs: input.inputs ?? [],
          metrics: input.metrics ?? {},
          params: input.params ?? {},
          signature: input.signature ?? null,
          createdBy: actor.email,
        })
        .returning();
      await tx.update(models).set({ updatedAt: new Date() }).where(eq(models.id, m.id));
      await linkVersion(tx, { model: m.name, version: v.version, trainingRunId: v.trainingRunId, inputs: v.inputs });
      const view = versionView(m.name, v);
      await appendAudit(tx, actor, "version.created", versionEntity(m.name, v.version), null, view);
      return view;
    } catch (e) {
      if (pgCode(e) === "23505") throw conflict(`Version ${input.version} of ${name} exists already.`, "exists");
      throw e;
    }
  });
}

export async function findVersion(name: string, version: string) {
  const db = await conn();
  const [r] = await db
    .select({ m: models, v: modelVersions })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, name), eq(modelVersions.version, version)));
  if (!r) throw notFound(`Version ${version} of the model ${name}`);
  return r;
}

export type VersionDetail = VersionView & {
  /** The latest card revision in brief, or null when no card was saved yet. */
  card: CardSummaryView | null;
  evaluations: EvaluationView[];
  audits: BiasAuditListItem[];
  releases: ReleaseBrief[];
  deployments: unknown[];
};

export async function getVersion(actor: Actor, name: string, version: string): Promise<VersionDetail> {
  authorize(actor, "inventory.read");
  const { m, v } = await findVersion(name, version);
  const db = await conn();
  const evals = await db.select().from(evaluations).where(eq(evaluations.versionId, v.id)).orderBy(desc(evaluations.createdAt));
  return {
    ...versionView(m.name, v),
    card: await cardSummary(v.id),
    evaluations: evals.map(evaluationView),
    audits: await versionAudits(v.id),
    releases: await releaseBriefs({ versionId: v.id }),
    // What the serving platform reported (POST /api/v1/deployments), newest first.
    deployments: (
      await rows<{ id: string; environment: string; strategy: string; traffic_percent: number; status: string; ts: string | Date }>(
        sql`select id, environment, strategy, traffic_percent, status, ts from deployments where version_id = ${v.id} order by ts desc, id limit 20`,
      )
    ).map((d) => ({
      id: d.id,
      model: m.name,
      version: v.version,
      environment: d.environment,
      strategy: d.strategy,
      trafficPercent: d.traffic_percent,
      status: d.status,
      ts: new Date(d.ts).toISOString(),
    })),
  };
}

export async function addEvaluation(
  actor: Actor,
  name: string,
  version: string,
  input: z.infer<typeof CreateEvaluation>,
): Promise<EvaluationView> {
  authorize(actor, "evidence.write");
  const { m, v } = await findVersion(name, version);
  authorize(actor, "evidence.write", modelSubject(m));
  return transact(async (tx) => {
    const [e] = await tx
      .insert(evaluations)
      .values({ versionId: v.id, dataset: input.dataset, metrics: input.metrics, slice: input.slice || null, createdBy: actor.email })
      .returning();
    const view = evaluationView(e);
    await appendAudit(tx, actor, "evaluation.created", { type: "evaluation", id: e.id }, null, {
      ...view,
      model: m.name,
      version: v.version,
    });
    return view;
  });
}

/** Withdraw a version. One in production can only leave by a release that replaces it. */
export async function retireVersion(
  actor: Actor,
  name: string,
  version: string,
  input: z.infer<typeof RetireVersion>,
): Promise<VersionView> {
  authorize(actor, "version.retire");
  return transact(async (tx) => {
    const m = await lockModel(tx, name);
    authorize(actor, "version.retire", modelSubject(m));
    const [v] = await tx
      .select()
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, version)))
      .for("update");
    if (!v) throw notFound(`Version ${version} of the model ${name}`);
    if (v.stage === "production")
      throw new AppError(
        "in_production",
        422,
        `Version ${version} is in production; request a release of another version to replace it, and it will be archived.`,
      );
    if (v.stage === "retired") throw conflict(`Version ${version} is retired already.`, "already_retired");
    const [after] = await tx
      .update(modelVersions)
      .set({ stage: "retired", retiredReason: input.reason, stageChangedAt: new Date() })
      .where(eq(modelVersions.id, v.id))
      .returning();
    await tx.update(models).set({ updatedAt: new Date() }).where(eq(models.id, m.id));
    await syncDeployments(tx, m.name);
    const view = versionView(m.name, after);
    await appendAudit(tx, actor, "version.retired", versionEntity(m.name, version), versionView(m.name, v), view);
    return view;
  });
}
