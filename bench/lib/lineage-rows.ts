// The rows the lineage ingest stores for a list of OpenLineage events (folded by lib/lineage/fold.ts), and their CSV
// for COPY. Shared by bench/lineage.ts (its COPY baseline) and bench/seed.ts (the scale dataset's landscape).
import { foldEvents, runState } from "../../lib/lineage/fold";
import type { OLRunEvent } from "../../lib/lineage/validate";

export const LINEAGE_TABLES = ["lineage_nodes", "lineage_edges", "lineage_runs", "lineage_schemas"] as const;

export type Table = { columns: string[]; rows: unknown[][] };

/** What the ingest stores for these events (nodes, edges, runs, schema observations), as rows. Untimed. */
export function storedRows(events: OLRunEvent[]): Record<(typeof LINEAGE_TABLES)[number], Table> {
  const b = foldEvents(events);
  return {
    lineage_nodes: {
      columns: ["id", "type", "namespace", "name", "facets", "facet_times"],
      rows: [...b.nodes.values()]
        .sort((x, y) => (x.id < y.id ? -1 : 1))
        .map((n) => [n.id, n.type, n.namespace, n.name, n.facets, n.facetTimes]),
    },
    lineage_edges: {
      columns: ["source", "target", "run_id", "origin", "at"],
      rows: [...b.edges.values()].map((e) => [e.source, e.target, e.runId, "event", e.at]),
    },
    lineage_runs: {
      columns: ["run_id", "job_id", "state", "state_at", "started_at", "ended_at", "inputs", "outputs", "facets", "facet_times", "events"],
      rows: [...b.runs.values()].map((r) => {
        const st = runState(r.events);
        return [r.runId, r.jobId, st.state, st.stateAt, st.startedAt, st.endedAt, r.inputs, r.outputs, r.facets, r.facetTimes, r.events];
      }),
    },
    lineage_schemas: {
      columns: ["dataset_id", "observed_at", "hash", "run_id", "fields"],
      rows: b.schemas.map((s) => [s.datasetId, s.observedAt, s.hash, s.runId, s.fields]),
    },
  };
}

// The text[] columns (runs' inputs and outputs); every other array or object is jsonb.
export const ARRAY_COLUMNS = new Set(["inputs", "outputs"]);
const csvField = (v: unknown, column: string): string => {
  if (v === null || v === undefined) return "";
  let s: string;
  if (ARRAY_COLUMNS.has(column)) s = `{${(v as string[]).map((x) => `"${x.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`;
  else s = typeof v === "string" ? v : JSON.stringify(v);
  return `"${s.replace(/"/g, '""')}"`;
};
export const toCsv = (t: Table) =>
  t.rows.map((r) => r.map((v, k) => csvField(v, t.columns[k])).join(",")).join("\n") + (t.rows.length ? "\n" : "");
