/**
 * Folding OpenLineage events into graph state, pure. Every merge here is commutative and idempotent, so the
 * events of a run give the same state whatever order they arrive in, and however often.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { datasetId, jobId } from "./ids";
import { eventTimeUtc, isDatasetEvent, isRunEvent, type OLDataset, type OLEvent } from "./validate";

/** A facet value with the time it was seen; `value: null` is a facet deleted with `_deleted: true`. */
export type Timed = { value: unknown; at: string };
export type FacetState = { facets: Record<string, unknown>; facetTimes: Record<string, string> };

const canon = (v: unknown) => canonicalize(v) ?? "null";

/** The later value wins; at the same instant, the one whose canonical JSON sorts last (so ties are order-free). */
function later(a: Timed | undefined, b: Timed): boolean {
  if (!a) return true;
  if (b.at !== a.at) return b.at > a.at;
  return canon(b.value) > canon(a.value);
}

export function mergeFacets(state: FacetState, incoming: Record<string, unknown> | undefined, at: string): FacetState {
  if (!incoming) return state;
  // Facet names are the producer's strings ("toString", "__proto__"): null-prototype records, read by own property.
  const facets: Record<string, unknown> = Object.assign(Object.create(null), state.facets);
  const facetTimes: Record<string, string> = Object.assign(Object.create(null), state.facetTimes);
  for (const [k, raw] of Object.entries(incoming)) {
    const value = raw && typeof raw === "object" && (raw as { _deleted?: unknown })._deleted === true ? null : raw;
    const cur = Object.hasOwn(facetTimes, k) ? { value: facets[k] ?? null, at: facetTimes[k] } : undefined;
    if (later(cur, { value, at })) {
      facets[k] = value;
      facetTimes[k] = at;
    }
  }
  return { facets, facetTimes };
}

/** Facets as shown: deleted ones left out. */
export function liveFacets(facets: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facets).filter(([, v]) => v !== null));
}

export type NodeDraft = { id: string; type: "dataset" | "job"; namespace: string; name: string } & FacetState;
export type RunDraft = {
  runId: string;
  jobId: string;
  events: { eventType: string; eventTime: string }[];
  inputs: string[];
  outputs: string[];
} & FacetState;
/** `runId` is null for an edge a static JobEvent drew. */
export type EdgeDraft = { source: string; target: string; runId: string | null; at: string };
export type SchemaObservation = { datasetId: string; observedAt: string; hash: string; runId: string | null; fields: SchemaField[] };
export type SchemaField = { name: string; type?: string; fields?: SchemaField[] };

const RANK: Record<string, number> = { OTHER: 0, START: 1, RUNNING: 2, COMPLETE: 3, ABORT: 3, FAIL: 3 };
/** Among terminal events at the same instant, the worse outcome is the run's: FAIL, then ABORT, then COMPLETE. */
const TIE: Record<string, number> = { OTHER: 0, START: 0, RUNNING: 0, COMPLETE: 0, ABORT: 1, FAIL: 2 };
export const TERMINAL = new Set(["COMPLETE", "ABORT", "FAIL"]);

type RunEventRef = { eventType: string; eventTime: string };
/** A total order on a run's events: by time, then rank, then the tie rule; so any arrival order sorts the same. */
const byTime = (x: RunEventRef, y: RunEventRef) =>
  x.eventTime !== y.eventTime
    ? x.eventTime < y.eventTime
      ? -1
      : 1
    : RANK[x.eventType] - RANK[y.eventType] || TIE[x.eventType] - TIE[y.eventType];

/**
 * A run's state from its events: the highest-ranked (terminal > RUNNING > START > OTHER), the latest among equals, and
 * at the same instant the worse terminal outcome (FAIL > ABORT > COMPLETE), so the state does not depend on arrival order.
 */
export function runState(events: RunEventRef[]) {
  let best: RunEventRef | undefined;
  for (const e of events) {
    const better =
      !best ||
      RANK[e.eventType] > RANK[best.eventType] ||
      (RANK[e.eventType] === RANK[best.eventType] &&
        (e.eventTime > best.eventTime || (e.eventTime === best.eventTime && TIE[e.eventType] > TIE[best.eventType])));
    if (better) best = e;
  }
  if (!best) throw new Error("a run has at least one event");
  const starts = events.filter((e) => e.eventType === "START").map((e) => e.eventTime);
  const all = events.map((e) => e.eventTime);
  return {
    state: best.eventType,
    stateAt: best.eventTime,
    startedAt: (starts.length ? starts : all).sort()[0],
    endedAt: TERMINAL.has(best.eventType) ? best.eventTime : null,
  };
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();

export function mergeRun(a: RunDraft, b: RunDraft): RunDraft {
  const seen = new Set<string>();
  const events = [...a.events, ...b.events]
    .filter((e) => {
      const k = `${e.eventType}@${e.eventTime}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort(byTime);
  const facets = Object.keys(b.facetTimes).reduce<FacetState>(
    (s, k) => mergeFacets(s, { [k]: b.facets[k] === null ? { _deleted: true } : b.facets[k] }, b.facetTimes[k]),
    { facets: a.facets, facetTimes: a.facetTimes },
  );
  // A job is named by every event of its run; should two disagree, the smaller id wins, whatever the order.
  return {
    runId: a.runId,
    jobId: a.jobId < b.jobId ? a.jobId : b.jobId,
    events,
    inputs: union(a.inputs, b.inputs),
    outputs: union(a.outputs, b.outputs),
    ...facets,
  };
}

export function mergeNode<T extends FacetState>(a: T, b: FacetState): T {
  const merged = Object.keys(b.facetTimes).reduce<FacetState>(
    (s, k) => mergeFacets(s, { [k]: b.facets[k] === null ? { _deleted: true } : b.facets[k] }, b.facetTimes[k]),
    { facets: a.facets, facetTimes: a.facetTimes },
  );
  return { ...a, ...merged };
}

export function schemaHash(fields: SchemaField[]): string {
  return createHash("sha256").update(canon(fields)).digest("hex").slice(0, 32);
}

function schemaFields(d: OLDataset): SchemaField[] | null {
  const s = d.facets?.schema as { fields?: SchemaField[]; _deleted?: boolean } | undefined;
  if (!s || s._deleted || !Array.isArray(s.fields)) return null;
  const clean = (f: SchemaField): SchemaField => ({
    name: f.name,
    ...(f.type !== undefined ? { type: f.type } : {}),
    ...(f.fields?.length ? { fields: f.fields.map(clean) } : {}),
  });
  return s.fields.map(clean);
}

export type Batch = {
  nodes: Map<string, NodeDraft>;
  runs: Map<string, RunDraft>;
  edges: Map<string, EdgeDraft>;
  schemas: SchemaObservation[];
};

/** Fold a batch of validated events: RunEvents, and the static JobEvents and DatasetEvents (nodes and edges, no run). */
export function foldEvents(events: OLEvent[]): Batch {
  const nodes = new Map<string, NodeDraft>();
  const runs = new Map<string, RunDraft>();
  const edges = new Map<string, EdgeDraft>();
  const schemas = new Map<string, SchemaObservation>();
  const hashes = new Map<string, string>(); // canonical hashing is the fold's costliest step: once per distinct schema
  const empty = (): FacetState => ({ facets: {}, facetTimes: {} });

  const addNode = (draft: Omit<NodeDraft, "facets" | "facetTimes">, facets: Record<string, unknown> | undefined, at: string) => {
    const cur = nodes.get(draft.id) ?? { ...draft, ...empty() };
    nodes.set(draft.id, { ...cur, ...mergeFacets(cur, facets, at) });
  };
  const addEdge = (e: EdgeDraft) => {
    const k = `${e.source}\n${e.target}`;
    const cur = edges.get(k);
    // A run's edge beats a static one (a JobEvent names no run), whatever the order; among each kind, the latest.
    const better = !cur
      ? true
      : (e.runId === null) !== (cur.runId === null)
        ? e.runId !== null
        : e.at > cur.at || (e.at === cur.at && (e.runId ?? "") > (cur.runId ?? ""));
    if (better) edges.set(k, e);
  };

  const observe = (d: OLDataset, id: string, at: string, runId: string | null) => {
    const fields = schemaFields(d);
    if (!fields) return;
    const text = JSON.stringify(fields);
    const hash = hashes.get(text) ?? schemaHash(fields);
    hashes.set(text, hash);
    const key = `${id}\n${at}\n${hash}`;
    const cur = schemas.get(key);
    if (!cur || (runId ?? "") < (cur.runId ?? "")) schemas.set(key, { datasetId: id, observedAt: at, hash, runId, fields });
  };

  for (const ev of events) {
    const at = eventTimeUtc(ev.eventTime).toISOString();
    if (isDatasetEvent(ev)) {
      const id = datasetId(ev.dataset);
      addNode({ id, type: "dataset", namespace: ev.dataset.namespace, name: ev.dataset.name }, ev.dataset.facets, at);
      observe(ev.dataset, id, at, null);
      continue;
    }
    const runId = isRunEvent(ev) ? ev.run.runId.toLowerCase() : null;
    const job = jobId(ev.job);
    addNode({ id: job, type: "job", namespace: ev.job.namespace, name: ev.job.name }, ev.job.facets, at);
    const io = (list: OLDataset[] | undefined, dir: "in" | "out") =>
      (list ?? []).map((d) => {
        const id = datasetId(d);
        addNode({ id, type: "dataset", namespace: d.namespace, name: d.name }, d.facets, at);
        addEdge(dir === "in" ? { source: id, target: job, runId, at } : { source: job, target: id, runId, at });
        observe(d, id, at, runId);
        return id;
      });
    const inputs = [...new Set(io(ev.inputs, "in"))].sort();
    const outputs = [...new Set(io(ev.outputs, "out"))].sort();
    // A JobEvent is the job's static lineage: nodes and edges, no run.
    if (!isRunEvent(ev) || runId === null) continue;
    // Input and output facets describe this run's use of a dataset (row counts, quality metrics): kept on the run,
    // keyed "inputFacets/<dataset id>" and "outputFacets/<dataset id>", merged like any other facet.
    const perDataset: Record<string, unknown> = {};
    for (const d of ev.inputs ?? [])
      if (d.inputFacets && Object.keys(d.inputFacets).length) perDataset[`inputFacets/${datasetId(d)}`] = d.inputFacets;
    for (const d of ev.outputs ?? [])
      if (d.outputFacets && Object.keys(d.outputFacets).length) perDataset[`outputFacets/${datasetId(d)}`] = d.outputFacets;
    const draft: RunDraft = {
      runId,
      jobId: job,
      events: [{ eventType: ev.eventType ?? "OTHER", eventTime: at }],
      inputs,
      outputs,
      ...mergeFacets(empty(), { ...ev.run.facets, ...perDataset }, at),
    };
    const cur = runs.get(runId);
    runs.set(runId, cur ? mergeRun(cur, draft) : draft);
  }
  return { nodes, runs, edges, schemas: [...schemas.values()] };
}
