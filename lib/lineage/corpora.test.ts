// Every OpenLineage event in tests/corpora/openlineage (written by Marquez and by the OpenLineage project for their own
// tests; see its README) goes through the real ingest into a real store: each is accepted with the warnings spelled out
// here, and the graph holds every node and edge its fields imply. The one event without a run id is refused, naming it.
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { lineageGraph, lineageNode } from "./graph";
import { ingestLineage } from "./ingest";

const chen = person("Chen", ["contributor"], 1);
const DIR = path.resolve(__dirname, "../../tests/corpora/openlineage");
const enc = encodeURIComponent;
const id = (type: string, ns: string, name: string) => `${type}:${enc(ns)}:${enc(name)}`;

type Json = Record<string, unknown>;
type Ds = { namespace: string; name: string };
const corpus = ["marquez", "openlineage"].flatMap((d) =>
  fs
    .readdirSync(path.join(DIR, d))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ file: `${d}/${f}`, body: JSON.parse(fs.readFileSync(path.join(DIR, d, f), "utf8")) as Json | Json[] })),
);

const DATASOURCE = ["inputs[0].facets.dataSource.uri", "outputs[0].facets.dataSource.uri"];
/** The warnings each file gets, by JSON path; a file not named here gets none. */
const WARNINGS: Record<string, string[]> = {
  "marquez/event_additional_facet.json": DATASOURCE,
  "marquez/event_full.json": DATASOURCE,
  "marquez/event_large.json": DATASOURCE,
  "openlineage/proxy_fluentd_events_event_full.json": DATASOURCE,
  "marquez/event_without_schema_url.json": ["schemaURL"],
  "marquez/listener_1.json": ["schemaURL"],
  "marquez/listener_2.json": ["schemaURL"],
};
const REFUSED = "openlineage/proxy_fluentd_events_event_no_run_id.json";

/** The nodes and edges an event's own fields imply, read straight from its JSON. */
function implied(e: Json) {
  // A DatasetEvent; a `dataset` beside a run (the spec's own example_full_event has one) is not part of a RunEvent.
  if (e.dataset && !e.run) {
    const d = e.dataset as Ds;
    return { nodes: [id("dataset", d.namespace, d.name)], edges: [] as string[] };
  }
  const j = e.job as Ds;
  const job = id("job", j.namespace, j.name);
  const ins = ((e.inputs ?? []) as Ds[]).map((d) => id("dataset", d.namespace, d.name));
  const outs = ((e.outputs ?? []) as Ds[]).map((d) => id("dataset", d.namespace, d.name));
  return { nodes: [job, ...ins, ...outs], edges: [...ins.map((i) => `${i} → ${job}`), ...outs.map((o) => `${job} → ${o}`)] };
}

describe("OpenLineage corpora from other projects (database)", () => {
  useFreshStore();

  it("holds 30 files: Marquez's 15 API test events and 15 of the OpenLineage project's", () => {
    expect(corpus.filter((c) => c.file.startsWith("marquez/"))).toHaveLength(15);
    expect(corpus.filter((c) => c.file.startsWith("openlineage/"))).toHaveLength(15);
  });

  it("accepts every event but the one without a run id, with warnings naming each lenient reading", async () => {
    for (const { file, body } of corpus) {
      if (file === REFUSED) {
        await expect(ingestLineage(chen, body), file).rejects.toMatchObject({
          status: 400,
          details: [{ path: "run.runId", message: "is required" }],
        });
        continue;
      }
      const res = await ingestLineage(chen, body);
      expect(res.accepted, file).toBe(Array.isArray(body) ? body.length : 1);
      expect(
        res.warnings.map((w) => w.path),
        file,
      ).toEqual(WARNINGS[file] ?? []);
    }
    const stored = new Set((await rows<{ id: string }>(sql`select id from lineage_nodes`)).map((r) => r.id));
    const edges = new Set(
      (await rows<{ source: string; target: string }>(sql`select source, target from lineage_edges`)).map(
        (r) => `${r.source} → ${r.target}`,
      ),
    );
    for (const { file, body } of corpus) {
      if (file === REFUSED) continue;
      for (const e of Array.isArray(body) ? body : [body]) {
        const want = implied(e);
        for (const n of want.nodes) expect(stored.has(n), `${file}: node ${n}`).toBe(true);
        for (const x of want.edges) expect(edges.has(x), `${file}: edge ${x}`).toBe(true);
      }
    }
    // Ten distinct runs among the run events (several files repeat Marquez's run ids); static events add none.
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from lineage_runs`);
    expect(n).toBe(10);
  });

  it("draws static JobEvents without a run, keeps DatasetEvents' facets, and reads real namespaces and names", async () => {
    // The OpenLineage Python client's JobEvent: dataset_a → name → dataset_b, no run on either edge.
    const g = await lineageGraph(chen, { node: "job:openlineage:name", direction: "both", depth: 1 });
    expect(g.edges).toEqual([
      { source: "dataset:openlineage:dataset_a", target: "job:openlineage:name" },
      { source: "job:openlineage:name", target: "dataset:openlineage:dataset_b" },
    ]);
    // Marquez's JobEvent names the same edge as its RunEvents of run 41fb5137…: the run's id stays on it.
    const m = await lineageGraph(chen, {
      node: "dataset:my-datasource-namespace:instance.schema.input-1",
      direction: "downstream",
      depth: 1,
    });
    expect(m.edges).toContainEqual({
      source: "dataset:my-datasource-namespace:instance.schema.input-1",
      target: "job:my-scheduler-namespace:myjob",
      runId: "41fb5137-f0fd-4ee5-ba5c-56f8571d1bd7",
    });
    // Marquez's DatasetEvent: a dataset with its schema facet and nothing else.
    const d = await lineageNode(chen, { node: "dataset:my-dataset-namespace:my-dataset-name" });
    expect(((d.node.facets ?? {}).schema as { fields: unknown[] }).fields).toEqual([
      { name: "col_a", type: "VARCHAR", description: "string" },
    ]);
    // Namespaces that are URIs, names that are file URLs, a job named with an emoji: percent-encoded ids.
    const s3 = await lineageGraph(chen, {
      node: "dataset:s3%3A%2F%2Fblob-source:instance.schema.table",
      direction: "downstream",
      depth: 2,
    });
    expect(s3.edges).toContainEqual({
      source: "dataset:s3%3A%2F%2Fblob-source:instance.schema.table",
      target: "job:my-scheduler-namespace:myjob.mytask",
      runId: "ea041791-68bc-4ae1-bd89-4c8106a157e4",
    });
    expect(s3.edges).toContainEqual({
      source: "job:my-scheduler-namespace:myjob.mytask",
      target: "dataset:s3%3A%2F%2Fblob-sink:instance.schema.table",
      runId: "ea041791-68bc-4ae1-bd89-4c8106a157e4",
    });
    const files = await lineageGraph(chen, {
      node: "dataset:file.localhost:file%3A%2F%2Flocalhost%2Fin_file1.txt",
      direction: "downstream",
      depth: 1,
    });
    expect(files.edges).toEqual([
      {
        source: "dataset:file.localhost:file%3A%2F%2Flocalhost%2Fin_file1.txt",
        target: "job:my-scheduler-namespace:myjob",
        runId: "5e58a95c-1c71-4231-8984-ac172d5566cf",
      },
    ]);
    await expect(lineageNode(chen, { node: "job:my-scheduler-namespace:myjob.buggy_task%F0%9F%95%B7" })).resolves.toMatchObject({
      node: { name: "myjob.buggy_task🕷" },
    });
    // The dataSource facet whose uri broke its schema was left out; the dataset's other facets were kept.
    const t = await lineageNode(chen, { node: "dataset:my-datasource-namespace:instance.schema.table" });
    const facets = Object.keys(t.node.facets ?? {});
    expect(facets).toEqual(expect.arrayContaining(["documentation", "schema", "additionalProp1"]));
    expect(facets).not.toContain("dataSource");
  });
});
