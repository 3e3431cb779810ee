import "server-only";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { AppError } from "../errors";
import { type GraphNode, type ImpactItem, lineageGraph, lineageNode, type NodeDetail, schemaChangesOf, searchNodes } from "./graph";
import { modelNodeId } from "./ids";

/** The reads behind the lineage pages (the explorer's suggestions, a version's panel, the model page's notice), built on graph.ts. */

const isNotFound = (e: unknown) => e instanceof AppError && e.status === 404;

export type VersionLineage = {
  node: string;
  /** Upstream datasets, nearest first. */
  datasets: GraphNode[];
  /** Upstream jobs, nearest first (the training job first). */
  jobs: GraphNode[];
  /** The deployments this version feeds. */
  deployments: GraphNode[];
  /** The run that trained this version, when an edge records it. */
  trainingRunId: string | null;
  schemaChanges: NodeDetail["schemaChanges"];
  /** Upstream datasets (any depth) whose latest Great Expectations validation failed. */
  failingDataQuality: NodeDetail["dataQuality"]["failingUpstream"];
};

/** A version's lineage: what it was made from (6 hops up), where it is deployed, and schema changes upstream. Null when it has none. */
export async function versionLineage(actor: Actor, model: string, version: string): Promise<VersionLineage | null> {
  authorize(actor, "inventory.read");
  const node = modelNodeId(model, version);
  try {
    const [up, down, detail] = await Promise.all([
      lineageGraph(actor, { node, direction: "upstream", depth: 6 }),
      lineageGraph(actor, { node, direction: "downstream", depth: 1 }),
      lineageNode(actor, { node }),
    ]);
    if (up.nodes.length <= 1 && down.nodes.length <= 1) return null;
    const byNearest = (a: GraphNode, b: GraphNode) => b.depth - a.depth || a.name.localeCompare(b.name);
    const training = up.edges.find((e) => e.target === node && e.source.startsWith("job:") && e.runId);
    return {
      node,
      datasets: up.nodes.filter((n) => n.type === "dataset").sort(byNearest),
      jobs: up.nodes.filter((n) => n.type === "job").sort(byNearest),
      deployments: down.nodes.filter((n) => n.type === "deployment"),
      trainingRunId: training?.runId ?? null,
      schemaChanges: detail.schemaChanges,
      failingDataQuality: detail.dataQuality.failingUpstream,
    };
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/** Schema changes upstream of a version seen within the last `days` days (for the model page's notice). */
export async function recentUpstreamSchemaChanges(
  actor: Actor,
  model: string,
  version: string,
  days = 30,
  now = Date.now(),
): Promise<NodeDetail["schemaChanges"]> {
  authorize(actor, "inventory.read");
  const since = now - days * 86_400_000;
  try {
    const { schemaChanges } = await lineageNode(actor, { node: modelNodeId(model, version) });
    return schemaChanges.filter((c) => new Date(c.at).getTime() >= since);
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
}

export type Suggestions = {
  production: GraphNode[];
  failedJobs: GraphNode[];
  changedDatasets: { node: GraphNode; at: string; production: ImpactItem[] }[];
};

/** Where to start when no node is chosen: production model versions, jobs whose last run failed, datasets whose schema changed. */
export async function lineageSuggestions(actor: Actor, limit = 4): Promise<Suggestions> {
  authorize(actor, "inventory.read");
  // An empty search matches every name; the lists are the first few of each kind.
  const [models, jobs, datasets] = await Promise.all([
    searchNodes(actor, { q: "", type: "model", limit: 100 }),
    searchNodes(actor, { q: "", type: "job", limit: 100 }),
    searchNodes(actor, { q: "", type: "dataset", limit: 100 }),
  ]);
  const production = models.items.filter((n) => n.stage === "production").slice(0, limit);
  const failedJobs = jobs.items.filter((n) => n.lastRun?.state === "FAIL").slice(0, limit);
  const byId = new Map(datasets.items.map((n) => [n.id, n]));
  const changedDatasets: Suggestions["changedDatasets"] = [];
  for (const c of await schemaChangesOf([...byId.keys()], 20)) {
    if (changedDatasets.some((d) => d.node.id === c.datasetId)) continue;
    const n = byId.get(c.datasetId);
    if (!n) continue;
    const impact = (await lineageNode(actor, { node: n.id })).schemaChanges.find((s) => s.at === c.at);
    changedDatasets.push({ node: n, at: c.at, production: impact?.production ?? [] });
    if (changedDatasets.length >= limit) break;
  }
  return { production, failedJobs, changedDatasets };
}
