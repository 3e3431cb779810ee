import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "@/db/client";
import { datasetId, deploymentNodeId, modelNodeId, parseNodeId } from "./ids";

/** Upsert bare nodes (no facets): for ids that some edge needs before any event has described them. */
export async function ensureNodes(tx: Tx, ids: string[]): Promise<void> {
  const list = [...new Set(ids)].sort();
  if (!list.length) return;
  const values = list.map((id) => {
    const p = parseNodeId(id);
    if (!p) throw new Error(`bad node id ${id}`);
    return sql`(${id}, ${p.type}, ${p.namespace}, ${p.name})`;
  });
  await rows(
    sql`insert into lineage_nodes (id, type, namespace, name) values ${sql.join(values, sql`, `)} on conflict (id) do nothing`,
    tx,
  );
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
    const [run] = await rows<{ job_id: string; inputs: string[]; state_at: string | Date }>(
      sql`select job_id, inputs, state_at from lineage_runs where run_id = ${v.trainingRunId}::uuid`,
      tx,
    );
    if (run) edges.push(...trainingEdges(model, v.trainingRunId, run.job_id, run.inputs, new Date(run.state_at).toISOString()));
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
  const found = await rows<{ model: string; version: string; run_id: string; job_id: string; inputs: string[]; state_at: string | Date }>(
    sql`select m.name as model, v.version, r.run_id, r.job_id, r.inputs, r.state_at
      from lineage_runs r join model_versions v on v.training_run_id = r.run_id join models m on m.id = v.model_id
      where r.run_id in (select (jsonb_array_elements_text(${JSON.stringify(runIds)}::jsonb))::uuid)`,
    tx,
  );
  if (!found.length) return;
  await ensureNodes(
    tx,
    found.map((f) => modelNodeId(f.model, f.version)),
  );
  await upsertEdges(
    tx,
    found.flatMap((f) => trainingEdges(modelNodeId(f.model, f.version), f.run_id, f.job_id, f.inputs, new Date(f.state_at).toISOString())),
  );
}

export const DEPLOYED_STAGES = ["staging", "production"] as const;

/**
 * A model's deployments follow its stages: `deployment:{model}:{staging|production}` is fed by the version in that
 * stage, if any. Call in the transaction of every stage change.
 */
export async function syncDeployments(tx: Tx, modelName: string): Promise<void> {
  const versions = await rows<{ version: string; stage: string; stage_changed_at: string | Date }>(
    sql`select v.version, v.stage::text as stage, v.stage_changed_at from model_versions v join models m on m.id = v.model_id
      where m.name = ${modelName} and v.stage in ('staging', 'production') order by v.stage_changed_at desc, v.id desc`,
    tx,
  );
  for (const env of DEPLOYED_STAGES) {
    const dep = deploymentNodeId(modelName, env);
    const current = versions.find((v) => v.stage === env);
    await rows(sql`delete from lineage_edges where target = ${dep} and origin = 'deployment'`, tx);
    if (!current) {
      await rows(sql`update lineage_nodes set facets = facets || '{"version": null}'::jsonb, updated_at = now() where id = ${dep}`, tx);
      continue;
    }
    const model = modelNodeId(modelName, current.version);
    const since = new Date(current.stage_changed_at).toISOString();
    await ensureNodes(tx, [model, dep]);
    await rows(
      sql`update lineage_nodes set facets = ${JSON.stringify({ version: current.version, environment: env, since })}::jsonb, updated_at = now() where id = ${dep}`,
      tx,
    );
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
  const [last] = await rows<{ version: string; ts: string | Date }>(
    sql`select v.version, d.ts from deployments d join model_versions v on v.id = d.version_id join models m on m.id = v.model_id
      where m.name = ${modelName} and d.environment = ${environment} and d.status = 'completed'
      order by d.ts desc, d.id desc limit 1`,
    tx,
  );
  if (!last) return;
  const model = modelNodeId(modelName, last.version);
  const since = new Date(last.ts).toISOString();
  await ensureNodes(tx, [model, dep]);
  await rows(sql`delete from lineage_edges where target = ${dep} and origin = 'deployment_report' and source <> ${model}`, tx);
  if (!(DEPLOYED_STAGES as readonly string[]).includes(environment))
    await rows(
      sql`update lineage_nodes set facets = ${JSON.stringify({ version: last.version, environment, since })}::jsonb, updated_at = now() where id = ${dep}`,
      tx,
    );
  await upsertEdges(tx, [{ source: model, target: dep, runId: null, origin: "deployment_report", at: since }]);
}

/**
 * Reported deployments not yet in the graph (a store from before v1.2, or rows the seed wrote directly): each model
 * and environment with a completed report and no reported edge gets its node. Cheap when there is nothing to do.
 */
export async function backfillReportedDeployments(tx: Tx): Promise<number> {
  const missing = await rows<{ model: string; environment: string }>(
    sql`select distinct m.name as model, d.environment from deployments d join model_versions v on v.id = d.version_id join models m on m.id = v.model_id
      where d.status = 'completed' and not exists (
        select 1 from lineage_edges e where e.origin = 'deployment_report'
          and e.target = 'deployment:' || replace(replace(m.name, '%', '%25'), ':', '%3A') || ':' || replace(replace(d.environment, '%', '%25'), ':', '%3A'))
      order by 1, 2`,
    tx,
  );
  // The SQL's id is only a prefilter (names are slugs; environments may need more encoding): the sync uses nodeId.
  for (const p of missing) await syncReportedDeployment(tx, p.model, p.environment);
  return missing.length;
}

/** Draw every version and deployment into the graph once, for a store made before lineage existed. */
export async function backfillModels(tx: Tx): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from lineage_nodes where type = 'model'`, tx);
  if (n > 0) return 0;
  const versions = await rows<{
    model: string;
    version: string;
    training_run_id: string | null;
    inputs: { namespace: string; name: string }[];
  }>(
    sql`select m.name as model, v.version, v.training_run_id, v.inputs from model_versions v join models m on m.id = v.model_id order by v.id`,
    tx,
  );
  for (const v of versions)
    await linkVersion(tx, { model: v.model, version: v.version, trainingRunId: v.training_run_id, inputs: v.inputs ?? [] });
  for (const m of new Set(versions.map((v) => v.model))) await syncDeployments(tx, m);
  return versions.length;
}
