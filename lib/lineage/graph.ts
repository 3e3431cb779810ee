import "server-only";
import { and, asc, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { conn, rows } from "@/db/client";
import { inList } from "@/db/in-list";
import { lineageEdges, lineageNodes, lineageRuns, models, modelVersions } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { type DataQualityResult, latestResults, recentResults } from "../dataquality/store";
import { notFound } from "../errors";
import { isoOrNull as iso } from "../time";
import type { SchemaField } from "./fold";
import { liveFacets } from "./fold";
import { type NodeType, nodeId, parseNodeId } from "./ids";
import { MAX_DEPTH, MAX_GRAPH_NODES } from "./limits";
import { diffSchemas, type SchemaDiff } from "./schema-diff";

export type NodeRef = { node?: string; type?: NodeType; namespace?: string; name?: string };
export type LastRun = {
  runId: string;
  state: string;
  at: string;
  startedAt: string | null;
  endedAt: string | null;
  errorMessage: string | null;
};
export type GraphNode = {
  id: string;
  type: NodeType;
  namespace: string;
  name: string;
  facets?: Record<string, unknown>;
  /** Model versions: the version's stage; deployments: the stage of the version deployed. */
  stage?: string;
  /** Deployments: the environment and the version it serves. */
  environment?: string;
  version?: string | null;
  /** Jobs: the last run by its state time. */
  lastRun?: LastRun | null;
  depth: number;
};
export type GraphEdge = { source: string; target: string; runId?: string };

export function refId(ref: NodeRef): string {
  if (ref.node) return ref.node;
  if (ref.type && ref.namespace !== undefined && ref.name !== undefined) return nodeId(ref.type, ref.namespace, ref.name);
  return "";
}

/** The message of a run's errorMessage facet, if it has one. */
const runError = sql<string | null>`${lineageRuns.facets} #>> '{errorMessage,message}'`;

/** Nodes by id with what each kind shows: the version's stage, the deployment's version, the job's last run. */
async function selectNodes(ids: string[]) {
  const db = await conn();
  const deployed = alias(modelVersions, "dv");
  const lastRun = db
    .select({
      runId: lineageRuns.runId,
      state: lineageRuns.state,
      stateAt: lineageRuns.stateAt,
      startedAt: lineageRuns.startedAt,
      endedAt: lineageRuns.endedAt,
      error: runError.as("error"),
    })
    .from(lineageRuns)
    .where(and(eq(lineageNodes.type, "job"), eq(lineageRuns.jobId, lineageNodes.id)))
    .orderBy(desc(lineageRuns.stateAt), desc(lineageRuns.runId))
    .limit(1)
    .as("r");
  const n = lineageNodes;
  return db
    .select({
      id: n.id,
      type: sql<NodeType>`${n.type}`,
      namespace: n.namespace,
      name: n.name,
      facets: n.facets,
      stage: sql<
        string | null
      >`case when ${n.type} = 'model' then ${modelVersions.stage}::text when ${n.type} = 'deployment' then ${deployed.stage}::text end`,
      runId: lastRun.runId,
      runState: lastRun.state,
      runAt: lastRun.stateAt,
      runStarted: lastRun.startedAt,
      runEnded: lastRun.endedAt,
      runError: lastRun.error,
    })
    .from(n)
    .leftJoin(models, and(inArray(n.type, ["model", "deployment"]), eq(models.name, n.namespace)))
    .leftJoin(modelVersions, and(eq(n.type, "model"), eq(modelVersions.modelId, models.id), eq(modelVersions.version, n.name)))
    .leftJoin(deployed, and(eq(n.type, "deployment"), eq(deployed.modelId, models.id), eq(deployed.version, sql`${n.facets}->>'version'`)))
    .leftJoinLateral(lastRun, sql`true`)
    .where(inList(n.id, ids));
}

type NodeRow = Awaited<ReturnType<typeof selectNodes>>[number];

async function loadNodes(ids: string[]): Promise<Map<string, NodeRow>> {
  if (ids.length === 0) return new Map();
  const list = await selectNodes(ids);
  return new Map(list.map((r) => [r.id, r]));
}

function toGraphNode(r: NodeRow, depth: number, withFacets: boolean): GraphNode {
  const facets = liveFacets(r.facets ?? {});
  const n: GraphNode = { id: r.id, type: r.type, namespace: r.namespace, name: r.name, depth };
  if (withFacets && (r.type === "dataset" || r.type === "job") && Object.keys(facets).length) n.facets = facets;
  if (r.type === "model") n.stage = r.stage ?? undefined;
  if (r.type === "deployment") {
    n.environment = r.name;
    n.version = (facets.version as string | undefined) ?? null;
    n.stage = r.stage ?? undefined;
  }
  if (r.type === "job")
    n.lastRun = r.runId
      ? {
          runId: r.runId,
          state: r.runState ?? "OTHER",
          at: iso(r.runAt) ?? "",
          startedAt: iso(r.runStarted),
          endedAt: iso(r.runEnded),
          errorMessage: r.runError,
        }
      : null;
  return n;
}

/** The nodes reachable from `start` within `depth` hops in one direction, by recursive SQL, nearest first. */
async function walk(
  start: string,
  direction: "upstream" | "downstream",
  depth: number,
  limit: number,
): Promise<{ id: string; depth: number }[]> {
  const step =
    direction === "downstream"
      ? sql`select e.target, w.depth + 1 from walk w join lineage_edges e on e.source = w.id where w.depth < ${depth}`
      : sql`select e.source, w.depth + 1 from walk w join lineage_edges e on e.target = w.id where w.depth < ${depth}`;
  // Raw: a recursive CTE.
  return rows<{ id: string; depth: number }>(sql`
    with recursive walk(id, depth) as (select ${start}::text, 0 union ${step})
    select id, min(depth)::int as depth from walk group by id order by 2, 1 limit ${limit}`);
}

async function edgesAmong(ids: string[]): Promise<GraphEdge[]> {
  if (ids.length < 2) return [];
  const e = lineageEdges;
  const list = await (await conn())
    .select({ source: e.source, target: e.target, runId: e.runId })
    .from(e)
    .where(and(inList(e.source, ids), inList(e.target, ids)))
    .orderBy(asc(e.source), asc(e.target));
  return list.map((e) => (e.runId ? { source: e.source, target: e.target, runId: e.runId } : { source: e.source, target: e.target }));
}

async function requireNode(ref: NodeRef): Promise<NodeRow> {
  const id = refId(ref);
  const found = id ? (await loadNodes([id])).get(id) : undefined;
  if (!found) throw notFound(`The lineage node ${id || "asked for"}`);
  return found;
}

export type GraphQuery = NodeRef & { direction: "upstream" | "downstream" | "both"; depth: number };
export type Graph = { root: string; nodes: GraphNode[]; edges: GraphEdge[]; truncated: boolean };

/** API.md `GET /lineage/graph`: the node's neighbourhood, upstream and/or downstream, `depth` hops at most. */
export async function lineageGraph(actor: Actor, q: GraphQuery): Promise<Graph> {
  authorize(actor, "inventory.read");
  const root = await requireNode(q);
  const depth = Math.min(Math.max(q.depth, 0), MAX_DEPTH);
  const dirs = q.direction === "both" ? (["upstream", "downstream"] as const) : ([q.direction] as const);
  const depthOf = new Map<string, number>();
  const edges = new Map<string, GraphEdge>();
  let truncated = false;
  for (const d of dirs) {
    const found = await walk(root.id, d, depth, MAX_GRAPH_NODES + 1);
    if (found.length > MAX_GRAPH_NODES) {
      truncated = true;
      found.length = MAX_GRAPH_NODES;
    }
    for (const f of found) {
      const signed = d === "upstream" && f.depth > 0 ? -f.depth : f.depth;
      const cur = depthOf.get(f.id);
      if (cur === undefined || Math.abs(signed) < Math.abs(cur)) depthOf.set(f.id, signed);
    }
    for (const e of await edgesAmong(found.map((f) => f.id))) edges.set(`${e.source}\n${e.target}`, e);
  }
  const loaded = await loadNodes([...depthOf.keys()]);
  const nodes = [...depthOf.entries()]
    .filter(([id]) => loaded.has(id))
    .map(([id, depth]) => toGraphNode(loaded.get(id) as NodeRow, depth, true))
    .sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id));
  return { root: root.id, nodes, edges: [...edges.values()].filter((e) => loaded.has(e.source) && loaded.has(e.target)), truncated };
}

export type ImpactItem = {
  id: string;
  type: "model" | "deployment";
  model: string;
  version: string | null;
  stage: string | null;
  environment: string | null;
  depth: number;
};
export type Impact = { node: GraphNode; items: ImpactItem[]; production: ImpactItem[] };

/** Every model version and deployment downstream of ids (within MAX_DEPTH hops), for impact and schema-change notices. */
export async function downstreamModels(start: string): Promise<ImpactItem[]> {
  const found = await walk(start, "downstream", MAX_DEPTH, 1_000_000);
  const loaded = await loadNodes(found.filter((f) => f.id.startsWith("model:") || f.id.startsWith("deployment:")).map((f) => f.id));
  const items: ImpactItem[] = [];
  for (const f of found) {
    const r = loaded.get(f.id);
    if (!r || (r.type !== "model" && r.type !== "deployment")) continue;
    const facets = liveFacets(r.facets ?? {});
    items.push({
      id: r.id,
      type: r.type,
      model: r.namespace,
      version: r.type === "model" ? r.name : ((facets.version as string | undefined) ?? null),
      stage: r.stage,
      environment: r.type === "deployment" ? r.name : null,
      depth: f.depth,
    });
  }
  const rank = (i: ImpactItem) => (i.type === "deployment" ? 0 : 1);
  return items.sort(
    (a, b) =>
      a.model.localeCompare(b.model) || rank(a) - rank(b) || (a.version ?? "").localeCompare(b.version ?? "") || a.id.localeCompare(b.id),
  );
}

/** Every dataset upstream of `start` (within MAX_DEPTH hops), nearest first: what a model version was made from. */
export async function upstreamDatasetIds(start: string): Promise<string[]> {
  return (await walk(start, "upstream", MAX_DEPTH, 100_000)).map((f) => f.id).filter((id) => id.startsWith("dataset:"));
}

/** API.md `GET /lineage/impact`: "which production models does this dataset feed?" */
export async function lineageImpact(actor: Actor, ref: NodeRef): Promise<Impact> {
  authorize(actor, "inventory.read");
  const root = await requireNode(ref);
  const items = (await downstreamModels(root.id)).filter((i) => i.id !== root.id);
  return { node: toGraphNode(root, 0, true), items, production: items.filter((i) => i.stage === "production") };
}

/** Search by name (a substring, any case), datasets first for the explorer's box. */
export async function searchNodes(actor: Actor, q: { q: string; type?: NodeType; limit: number }): Promise<{ items: GraphNode[] }> {
  authorize(actor, "inventory.read");
  const escaped = q.q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const like = `%${escaped}%`;
  const n = lineageNodes;
  const found = await (await conn())
    .select({ id: n.id })
    .from(n)
    .where(and(or(ilike(n.name, like), ilike(n.namespace, like)), q.type ? eq(n.type, q.type) : undefined))
    .orderBy(
      sql`(lower(${n.name}) = lower(${q.q})) desc`,
      sql`(lower(${n.name}) like lower(${`${escaped}%`})) desc`,
      sql`case ${n.type} when 'dataset' then 0 when 'model' then 1 when 'job' then 2 else 3 end`,
      sql`length(${n.name})`,
      asc(n.id),
    )
    .limit(q.limit);
  const loaded = await loadNodes(found.map((f) => f.id));
  return { items: found.filter((f) => loaded.has(f.id)).map((f) => toGraphNode(loaded.get(f.id) as NodeRow, 0, false)) };
}

export type SchemaChange = {
  datasetId: string;
  dataset: { namespace: string; name: string };
  at: string;
  runId: string | null;
  previousAt: string;
  diff: SchemaDiff;
};

/** Schema changes of the given datasets: each observation whose schema differs from the one seen just before it. */
export async function schemaChangesOf(datasetIds: string[], limit = 50): Promise<SchemaChange[]> {
  if (datasetIds.length === 0) return [];
  // Raw: lag() over a window.
  const list = await rows<{
    dataset_id: string;
    observed_at: string | Date;
    run_id: string | null;
    fields: SchemaField[];
    prev_at: string | Date;
    prev_fields: SchemaField[];
  }>(sql`
    select * from (
      select dataset_id, observed_at, run_id, fields, hash,
        lag(hash) over w as prev_hash, lag(fields) over w as prev_fields, lag(observed_at) over w as prev_at
      from lineage_schemas
      where dataset_id in (select jsonb_array_elements_text(${JSON.stringify(datasetIds)}::jsonb))
      window w as (partition by dataset_id order by observed_at, hash)
    ) s where prev_hash is not null and prev_hash <> hash
    order by observed_at desc, dataset_id limit ${limit}`);
  return list.map((r) => {
    const p = parseNodeId(r.dataset_id);
    return {
      datasetId: r.dataset_id,
      dataset: { namespace: p?.namespace ?? "", name: p?.name ?? r.dataset_id },
      at: new Date(r.observed_at).toISOString(),
      runId: r.run_id,
      previousAt: new Date(r.prev_at).toISOString(),
      diff: diffSchemas(r.prev_fields, r.fields),
    };
  });
}

export type NodeDetail = {
  node: GraphNode;
  /** A job's latest runs, with every facet they carried (run facets, and input/output facets keyed by dataset id). */
  runs: (LastRun & { facets: Record<string, unknown> })[];
  schemaChanges: (SchemaChange & { production: ImpactItem[] })[];
  /**
   * Great Expectations results: a dataset's latest and recent ones; for a model version or deployment, the datasets
   * upstream whose latest validation failed.
   */
  dataQuality: { latest: DataQualityResult | null; recent: DataQualityResult[]; failingUpstream: DataQualityResult[] };
};

/** One node with what its panel shows: facets, a job's recent runs, schema changes (its own, or upstream of a model). */
export async function lineageNode(actor: Actor, ref: NodeRef): Promise<NodeDetail> {
  authorize(actor, "inventory.read");
  const root = await requireNode(ref);
  const node = toGraphNode(root, 0, true);
  const runs =
    root.type === "job"
      ? (
          await (
            await conn()
          )
            .select({
              runId: lineageRuns.runId,
              state: lineageRuns.state,
              stateAt: lineageRuns.stateAt,
              startedAt: lineageRuns.startedAt,
              endedAt: lineageRuns.endedAt,
              error: runError,
              facets: lineageRuns.facets,
            })
            .from(lineageRuns)
            .where(eq(lineageRuns.jobId, root.id))
            .orderBy(desc(lineageRuns.stateAt), desc(lineageRuns.runId))
            .limit(20)
        ).map((r) => ({
          runId: r.runId,
          state: r.state,
          at: iso(r.stateAt) ?? "",
          startedAt: iso(r.startedAt),
          endedAt: iso(r.endedAt),
          errorMessage: r.error,
          facets: liveFacets(r.facets ?? {}),
        }))
      : [];
  let datasets: string[] = [];
  if (root.type === "dataset") datasets = [root.id];
  if (root.type === "model" || root.type === "deployment") datasets = await upstreamDatasetIds(root.id);
  const changes = await schemaChangesOf(datasets, 20);
  const schemaChanges = [];
  for (const c of changes)
    schemaChanges.push({ ...c, production: (await downstreamModels(c.datasetId)).filter((i) => i.stage === "production") });
  const recent = root.type === "dataset" ? await recentResults(root.id, 10) : [];
  const failingUpstream = root.type === "dataset" ? [] : [...(await latestResults(datasets)).values()].filter((r) => !r.success);
  return { node, runs, schemaChanges, dataQuality: { latest: recent[0] ?? null, recent, failingUpstream } };
}
