import "server-only";
import { and, asc, count, desc, eq, inArray, ne, notExists, sql } from "drizzle-orm";
import { rows, type Tx } from "@/db/client";
import { inList } from "@/db/in-list";
import { deployments, lineageEdges, lineageNodes, lineageRuns, models, modelVersions } from "@/db/schema";
import { datasetId, deploymentNodeId, modelNodeId, parseNodeId } from "./ids";

/** Upsert bare nodes (no facets): for ids that some edge needs before any event has described them. */
export async function ensureNodes(tx: Tx, ids: string[]): Promise<void> {
  const list = [...new Set(ids)].sort();
  if (!list.length) return;
  const values = list.map((id) => {
    const p = parseNodeId(id);
    if (!p) throw new Error(`bad node id ${id}`);
    return { id, type: p.type, namespace: p.namespace, name: p.name };
  });
  await tx.insert(lineageNodes).values(values).onConflictDoNothing({ target: lineageNodes.id });
}

export type EdgeRow = { source: string; target: string; runId: string | null; origin: string; at: string | null };

/**
 * Upsert edges; an edge drawn again keeps the latest run by time (the larger run id at the same instant). One drawn
 * without a run (a static JobEvent, a version's inputs) never clears the run an event recorded.
 */
export async function upsertEdges(tx: Tx, edges: EdgeRow[]): Promise<void> {
  if (!edges.length) return;
  // One row per pair (a statement may not update a row twice): the latest by time, then by run id.
  const unique = new Map<string, EdgeRow>();
  for (const e of edges) {
    const k = `${e.source}\n${e.target}`;
    const cur = unique.get(k);
    const key = (x: EdgeRow) => `${x.at ?? ""}\u0000${x.runId ?? ""}`;
    if (!cur || key(e) > key(cur)) unique.set(k, e);
  }
  // In (source, target) order, so concurrent batches lock shared edges in the same order.
  const sorted = [...unique.values()].sort((a, b) =>
    a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0,
  );
  // Raw: a jsonb_to_recordset batch with a conditional upsert the builder's onConflictDoUpdate cannot order.
  await rows(
    sql`insert into lineage_edges (source, target, run_id, origin, at)
      select source, target, run_id, origin, at
      from jsonb_to_recordset(${JSON.stringify(sorted.map((e) => ({ source: e.source, target: e.target, run_id: e.runId, origin: e.origin, at: e.at })))}::jsonb)
        as v(source text, target text, run_id uuid, origin text, at timestamptz)
      order by source, target
      on conflict (source, target) do update set
        run_id = case when lineage_edges.run_id is null
            or (excluded.run_id is not null and (excluded.at, excluded.run_id::text) > (coalesce(lineage_edges.at, '-infinity'), lineage_edges.run_id::text))
          then excluded.run_id else lineage_edges.run_id end,
        at = case when excluded.run_id is null and lineage_edges.run_id is not null then lineage_edges.at
          when excluded.run_id is not null and lineage_edges.run_id is null then excluded.at
          else greatest(lineage_edges.at, excluded.at) end`,
    tx,
  );
}

/**
 * Draw a model version into the graph: its node, dataset → model edges from its `inputs`, and, when its training run
 * is known, job → model and the run's inputs → model. Called when the version is registered; the ingest draws the
 * same edges when the run's events arrive later, so either order gives the same graph.
 */
export async function linkVersion(
  tx: Tx,
  v: { model: string; version: string; trainingRunId: string | null; inputs: { namespace: string; name: string }[] },
) {
  const model = modelNodeId(v.model, v.version);
  const inputIds = v.inputs.map(datasetId);
  await ensureNodes(tx, [model, ...inputIds]);
  const edges: EdgeRow[] = inputIds.map((source) => ({ source, target: model, runId: null, origin: "version_inputs", at: null }));
  if (v.trainingRunId) {
    const [run] = await tx
      .select({ jobId: lineageRuns.jobId, inputs: lineageRuns.inputs, stateAt: lineageRuns.stateAt })
      .from(lineageRuns)
      .where(eq(lineageRuns.runId, v.trainingRunId));
    if (run) edges.push(...trainingEdges(model, v.trainingRunId, run.jobId, run.inputs, run.stateAt.toISOString()));
  }
  await upsertEdges(tx, edges);
}

export function trainingEdges(model: string, runId: string, job: string, inputs: string[], at: string): EdgeRow[] {
  return [
    { source: job, target: model, runId, origin: "training_run", at },
    ...inputs.map((source) => ({ source, target: model, runId, origin: "training_run", at })),
  ];
}

/** After runs are stored: versions trained by any of them get their training edges. */
export async function linkTrainingRuns(tx: Tx, runIds: string[]): Promise<void> {
  if (!runIds.length) return;
  const found = await tx
    .select({
      model: models.name,
      version: modelVersions.version,
      runId: lineageRuns.runId,
      jobId: lineageRuns.jobId,
      inputs: lineageRuns.inputs,
      stateAt: lineageRuns.stateAt,
    })
    .from(lineageRuns)
    .innerJoin(modelVersions, eq(modelVersions.trainingRunId, lineageRuns.runId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(inList(lineageRuns.runId, runIds, "uuid"));
  if (!found.length) return;
  await ensureNodes(
    tx,
    found.map((f) => modelNodeId(f.model, f.version)),
  );
  await upsertEdges(
    tx,
    found.flatMap((f) => trainingEdges(modelNodeId(f.model, f.version), f.runId, f.jobId, f.inputs, f.stateAt.toISOString())),
  );
}

export const DEPLOYED_STAGES = ["staging", "production"] as const;

/**
 * A model's deployments follow its stages: `deployment:{model}:{staging|production}` is fed by the version in that
 * stage, if any. Call in the transaction of every stage change.
 */
export async function syncDeployments(tx: Tx, modelName: string): Promise<void> {
  const versions = await tx
    .select({ version: modelVersions.version, stage: modelVersions.stage, stageChangedAt: modelVersions.stageChangedAt })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, modelName), inArray(modelVersions.stage, [...DEPLOYED_STAGES])))
    .orderBy(desc(modelVersions.stageChangedAt), desc(modelVersions.id));
  for (const env of DEPLOYED_STAGES) {
    const dep = deploymentNodeId(modelName, env);
    const current = versions.find((v) => v.stage === env);
    await tx.delete(lineageEdges).where(and(eq(lineageEdges.target, dep), eq(lineageEdges.origin, "deployment")));
    if (!current) {
      await tx
        .update(lineageNodes)
        .set({ facets: sql`${lineageNodes.facets} || '{"version": null}'::jsonb`, updatedAt: sql`now()` })
        .where(eq(lineageNodes.id, dep));
      continue;
    }
    const model = modelNodeId(modelName, current.version);
    const since = current.stageChangedAt.toISOString();
    await ensureNodes(tx, [model, dep]);
    await tx
      .update(lineageNodes)
      .set({ facets: { version: current.version, environment: env, since }, updatedAt: sql`now()` })
      .where(eq(lineageNodes.id, dep));
    await upsertEdges(tx, [{ source: model, target: dep, runId: null, origin: "deployment", at: since }]);
  }
}

/**
 * API.md "Additions (v1.2)": a deployment the serving platform reports (`POST /api/v1/deployments`) gives the node
 * `deployment:{model}:{environment}`, fed by the version last completed there (by report time, so reports arriving out
 * of order draw the same edge). Call in the transaction of every report. Its edges are origin `deployment_report`, so
 * the stage nodes' own edges (origin `deployment`, syncDeployments) are left alone when an environment is named
 * `staging` or `production`; such a node keeps the facets its stage gives it.
 */
export async function syncReportedDeployment(tx: Tx, modelName: string, environment: string): Promise<void> {
  const dep = deploymentNodeId(modelName, environment);
  const [last] = await tx
    .select({ version: modelVersions.version, ts: deployments.ts })
    .from(deployments)
    .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, modelName), eq(deployments.environment, environment), eq(deployments.status, "completed")))
    .orderBy(desc(deployments.ts), desc(deployments.id))
    .limit(1);
  if (!last) return;
  const model = modelNodeId(modelName, last.version);
  const since = last.ts.toISOString();
  await ensureNodes(tx, [model, dep]);
  await tx
    .delete(lineageEdges)
    .where(and(eq(lineageEdges.target, dep), eq(lineageEdges.origin, "deployment_report"), ne(lineageEdges.source, model)));
  if (!(DEPLOYED_STAGES as readonly string[]).includes(environment))
    await tx
      .update(lineageNodes)
      .set({ facets: { version: last.version, environment, since }, updatedAt: sql`now()` })
      .where(eq(lineageNodes.id, dep));
  await upsertEdges(tx, [{ source: model, target: dep, runId: null, origin: "deployment_report", at: since }]);
}

/**
 * Reported deployments not yet in the graph (a store from before v1.2, or rows the seed wrote directly): each model
 * and environment with a completed report and no reported edge gets its node. Cheap when there is nothing to do.
 */
export async function backfillReportedDeployments(tx: Tx): Promise<number> {
  const encode = (s: typeof models.name | typeof deployments.environment) => sql`replace(replace(${s}, '%', '%25'), ':', '%3A')`;
  const reported = tx
    .select({ one: sql`1` })
    .from(lineageEdges)
    .where(
      and(
        eq(lineageEdges.origin, "deployment_report"),
        eq(lineageEdges.target, sql`'deployment:' || ${encode(models.name)} || ':' || ${encode(deployments.environment)}`),
      ),
    );
  const missing = await tx
    .selectDistinct({ model: models.name, environment: deployments.environment })
    .from(deployments)
    .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(deployments.status, "completed"), notExists(reported)))
    .orderBy(asc(models.name), asc(deployments.environment));
  // The SQL's id is only a prefilter (names are slugs; environments may need more encoding): the sync uses nodeId.
  for (const p of missing) await syncReportedDeployment(tx, p.model, p.environment);
  return missing.length;
}

/** Draw every version and deployment into the graph once, for a store made before lineage existed. */
export async function backfillModels(tx: Tx): Promise<number> {
  const [{ n }] = await tx.select({ n: count() }).from(lineageNodes).where(eq(lineageNodes.type, "model"));
  if (n > 0) return 0;
  const versions = await tx
    .select({
      model: models.name,
      version: modelVersions.version,
      trainingRunId: modelVersions.trainingRunId,
      inputs: modelVersions.inputs,
    })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .orderBy(asc(modelVersions.id));
  for (const v of versions)
    await linkVersion(tx, { model: v.model, version: v.version, trainingRunId: v.trainingRunId, inputs: v.inputs ?? [] });
  for (const m of new Set(versions.map((v) => v.model))) await syncDeployments(tx, m);
  return versions.length;
}
