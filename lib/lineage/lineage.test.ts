// A multi-step pipeline posted as OpenLineage events, written to the spec here: the exact graph, the impact of a raw
// dataset, the same graph whatever the order or repetition of events, and a schema change traced to production.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows, transact } from "@/db/client";
import { models, modelVersions, webhookDeliveries, webhooks } from "@/db/schema";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { lineageGraph, lineageImpact, lineageNode, searchNodes } from "./graph";
import { ingestLineage } from "./ingest";
import { syncDeployments } from "./link";

const chen = person("Chen", ["contributor"], 1);
const viewer = person("Victor", ["viewer"], 2);
const P = "https://example.com/producer";
const RUN = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const WH = "postgres://warehouse:5432";
const schema = (cols: [string, string][]) => ({
  _producer: P,
  _schemaURL: "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json",
  fields: cols.map(([name, type]) => ({ name, type })),
});

/** raw.orders + raw.customers → clean_orders → clean.orders → build_features → features.churn → train_churn. */
function pipeline(ns: string, ids: { clean: string; cleanFail: string; features: string; train: string }) {
  const job = (name: string, facets?: Record<string, unknown>) => ({ namespace: ns, name, ...(facets ? { facets } : {}) });
  const d = (name: string, facets?: Record<string, unknown>) => ({ namespace: WH, name: `${ns}.${name}`, ...(facets ? { facets } : {}) });
  const ev = (eventType: string, eventTime: string, runId: string, j: object, inputs: object[], outputs: object[], runFacets?: object) => ({
    eventType,
    eventTime,
    producer: P,
    schemaURL: RUN,
    run: { runId, ...(runFacets ? { facets: runFacets } : {}) },
    job: j,
    inputs,
    outputs,
  });
  const sqlFacet = {
    sql: {
      _producer: P,
      _schemaURL: "https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json",
      query: "select o.id, c.region from raw.orders o join raw.customers c using (customer_id)",
    },
  };
  const columnLineage = {
    _producer: P,
    _schemaURL: "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
    fields: { region: { inputFields: [{ namespace: WH, name: `${ns}.raw.customers`, field: "region" }] } },
  };
  return [
    ev("START", "2026-11-01T01:00:00", ids.clean, job("clean_orders"), [d("raw.orders"), d("raw.customers")], []),
    ev(
      "COMPLETE",
      "2026-11-01T01:10:00Z",
      ids.clean,
      job("clean_orders", sqlFacet),
      [d("raw.orders"), d("raw.customers")],
      [
        d("clean.orders", {
          schema: schema([
            ["id", "BIGINT"],
            ["region", "VARCHAR"],
          ]),
          columnLineage,
        }),
      ],
    ),
    ev("START", "2026-11-02T01:00:00Z", ids.features, job("build_features"), [d("clean.orders")], []),
    ev(
      "COMPLETE",
      "2026-11-02T01:30:00Z",
      ids.features,
      job("build_features"),
      [d("clean.orders")],
      [
        {
          ...d("features.churn", {
            ownership: { _producer: P, _schemaURL: "https://example.com/ownership.json", owners: [{ name: "team:ml" }] },
          }),
          outputFacets: { outputStatistics: { _producer: P, _schemaURL: "https://example.com/stats.json", rowCount: 1200 } },
        },
      ],
    ),
    ev("START", "2026-11-03T01:00:00Z", ids.train, job("train_churn"), [d("features.churn")], []),
    ev("COMPLETE", "2026-11-03T03:00:00Z", ids.train, job("train_churn"), [d("features.churn")], []),
    // The next night's cleaning run failed.
    ev("START", "2026-11-04T01:00:00Z", ids.cleanFail, job("clean_orders"), [d("raw.orders")], []),
    ev("FAIL", "2026-11-04T01:02:00Z", ids.cleanFail, job("clean_orders"), [d("raw.orders")], [], {
      errorMessage: {
        _producer: P,
        _schemaURL: "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json",
        message: "relation raw.orders is locked",
        programmingLanguage: "SQL",
      },
    }),
  ];
}

const enc = encodeURIComponent;
const ds = (ns: string, name: string) => `dataset:${enc(WH)}:${enc(`${ns}.${name}`)}`;
const jb = (ns: string, name: string) => `job:${ns}:${name}`;

async function setStage(model: string, version: string, stage: "production" | "staging") {
  await transact(async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, model));
    await tx
      .update(modelVersions)
      .set({ stage })
      .where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, version)));
    await syncDeployments(tx, model);
  });
}

/** The graph with one namespace's names swapped for "NS", so two copies of the pipeline compare equal. */
async function normalisedGraph(ns: string, model: string) {
  const g = await lineageGraph(viewer, { node: ds(ns, "raw.orders"), direction: "downstream", depth: 20 });
  const swap = (s: string) => s.replaceAll(ns, "NS").replaceAll(model, "MODEL");
  const run = (id?: string) => (id ? "run" : "none");
  return {
    nodes: g.nodes
      .map((n) => ({
        ...n,
        id: swap(n.id),
        namespace: swap(n.namespace),
        name: swap(n.name),
        lastRun: n.lastRun ? { ...n.lastRun, runId: "x" } : n.lastRun,
        facets: n.facets ? JSON.parse(swap(JSON.stringify(n.facets))) : undefined,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    edges: g.edges.map((e) => `${swap(e.source)} → ${swap(e.target)} ${run(e.runId)}`).sort(),
  };
}

describe("lineage (database)", () => {
  useFreshStore();
  const A = {
    clean: "a0000000-0000-4000-8000-000000000001",
    cleanFail: "a0000000-0000-4000-8000-000000000002",
    features: "a0000000-0000-4000-8000-000000000003",
    train: "a0000000-0000-4000-8000-000000000004",
  };
  const B = {
    clean: "b0000000-0000-4000-8000-000000000001",
    cleanFail: "b0000000-0000-4000-8000-000000000002",
    features: "b0000000-0000-4000-8000-000000000003",
    train: "b0000000-0000-4000-8000-000000000004",
  };

  it("builds the exact graph from raw data to the production deployment, and its impact", async () => {
    await createModel(chen, { name: "churn-alpha", owner: chen.email, riskTier: "medium" });
    // 1.0 registered first with its training run id; the run's events come after. 2.0 names its inputs.
    await createVersion(chen, "churn-alpha", { version: "1.0", trainingRunId: A.train });
    expect(await ingestLineage(chen, pipeline("teamalpha", A))).toEqual({ accepted: 8, runs: 4, schemaChanges: 0, warnings: [] });
    await createVersion(chen, "churn-alpha", { version: "2.0", inputs: [{ namespace: WH, name: "teamalpha.features.churn" }] });
    await setStage("churn-alpha", "1.0", "production");

    const g = await lineageGraph(viewer, { node: ds("teamalpha", "raw.orders"), direction: "downstream", depth: 20 });
    expect(g.nodes.map((n) => [n.id, n.depth, n.stage ?? null])).toEqual([
      [ds("teamalpha", "raw.orders"), 0, null],
      [jb("teamalpha", "clean_orders"), 1, null],
      [ds("teamalpha", "clean.orders"), 2, null],
      [jb("teamalpha", "build_features"), 3, null],
      [ds("teamalpha", "features.churn"), 4, null],
      [jb("teamalpha", "train_churn"), 5, null],
      ["model:churn-alpha:1.0", 5, "production"],
      ["model:churn-alpha:2.0", 5, "development"],
      ["deployment:churn-alpha:production", 6, "production"],
    ]);
    expect(g.edges).toEqual([
      { source: ds("teamalpha", "clean.orders"), target: jb("teamalpha", "build_features"), runId: A.features },
      { source: ds("teamalpha", "features.churn"), target: jb("teamalpha", "train_churn"), runId: A.train },
      { source: ds("teamalpha", "features.churn"), target: "model:churn-alpha:1.0", runId: A.train },
      { source: ds("teamalpha", "features.churn"), target: "model:churn-alpha:2.0" },
      { source: ds("teamalpha", "raw.orders"), target: jb("teamalpha", "clean_orders"), runId: A.cleanFail },
      { source: jb("teamalpha", "build_features"), target: ds("teamalpha", "features.churn"), runId: A.features },
      { source: jb("teamalpha", "clean_orders"), target: ds("teamalpha", "clean.orders"), runId: A.clean },
      { source: jb("teamalpha", "train_churn"), target: "model:churn-alpha:1.0", runId: A.train },
      { source: "model:churn-alpha:1.0", target: "deployment:churn-alpha:production" },
    ]);
    expect(g.truncated).toBe(false);

    // Facets kept: the job's SQL, the output's schema and column lineage; the failed run is the job's last.
    const job = g.nodes.find((n) => n.id === jb("teamalpha", "clean_orders"));
    expect((job?.facets?.sql as { query: string } | undefined)?.query).toContain("join raw.customers");
    expect(job?.lastRun).toMatchObject({
      runId: A.cleanFail,
      state: "FAIL",
      errorMessage: "relation raw.orders is locked",
      at: "2026-11-04T01:02:00.000Z",
    });
    const clean = g.nodes.find((n) => n.id === ds("teamalpha", "clean.orders"));
    expect((clean?.facets?.schema as { fields: unknown[] } | undefined)?.fields).toEqual([
      { name: "id", type: "BIGINT" },
      { name: "region", type: "VARCHAR" },
    ]);
    expect(clean?.facets?.columnLineage).toMatchObject({
      fields: { region: { inputFields: [{ namespace: WH, name: "teamalpha.raw.customers", field: "region" }] } },
    });
    // Unknown facets are kept as they came: a dataset's own, and a run's output facets keyed by the dataset.
    expect(g.nodes.find((n) => n.id === ds("teamalpha", "features.churn"))?.facets?.ownership).toMatchObject({
      owners: [{ name: "team:ml" }],
    });
    const features = await lineageNode(viewer, { node: jb("teamalpha", "build_features") });
    expect(features.runs.map((r) => [r.runId, r.state, r.facets[`outputFacets/${ds("teamalpha", "features.churn")}`]])).toEqual([
      [A.features, "COMPLETE", { outputStatistics: { _producer: P, _schemaURL: "https://example.com/stats.json", rowCount: 1200 } }],
    ]);
    const deployment = g.nodes.find((n) => n.type === "deployment");
    expect(deployment).toMatchObject({ environment: "production", version: "1.0", stage: "production" });

    // Upstream of the deployment, two hops: the model and what feeds it directly.
    const up = await lineageGraph(viewer, {
      type: "deployment",
      namespace: "churn-alpha",
      name: "production",
      direction: "upstream",
      depth: 2,
    });
    expect(up.nodes.map((n) => [n.id, n.depth])).toEqual([
      [ds("teamalpha", "features.churn"), -2],
      [jb("teamalpha", "train_churn"), -2],
      ["model:churn-alpha:1.0", -1],
      ["deployment:churn-alpha:production", 0],
    ]);

    const impact = await lineageImpact(viewer, { node: ds("teamalpha", "raw.customers") });
    expect(impact.items).toEqual([
      {
        id: "deployment:churn-alpha:production",
        type: "deployment",
        model: "churn-alpha",
        version: "1.0",
        stage: "production",
        environment: "production",
        depth: 6,
      },
      {
        id: "model:churn-alpha:1.0",
        type: "model",
        model: "churn-alpha",
        version: "1.0",
        stage: "production",
        environment: null,
        depth: 5,
      },
      {
        id: "model:churn-alpha:2.0",
        type: "model",
        model: "churn-alpha",
        version: "2.0",
        stage: "development",
        environment: null,
        depth: 5,
      },
    ]);
    expect(impact.production.map((i) => i.id)).toEqual(["deployment:churn-alpha:production", "model:churn-alpha:1.0"]);

    // Promoting 2.0 moves the deployment's edge to it.
    await transact(async (tx) => {
      await tx.execute(
        sql`update model_versions set stage = 'archived' where version = '1.0' and model_id = (select id from models where name = 'churn-alpha')`,
      );
    });
    await setStage("churn-alpha", "2.0", "production");
    expect((await lineageImpact(viewer, { node: ds("teamalpha", "raw.orders") })).production.map((i) => `${i.id} ${i.version}`)).toEqual([
      "deployment:churn-alpha:production 2.0",
      "model:churn-alpha:2.0 2.0",
    ]);
  });

  it("gives the same graph when events arrive reversed, repeated, one by one, and before the version", async () => {
    await createModel(chen, { name: "churn-bravo", owner: chen.email, riskTier: "medium" });
    const events = pipeline("teambravo", B);
    for (const e of [...events].reverse()) await ingestLineage(chen, e);
    await ingestLineage(chen, events);
    await ingestLineage(chen, [...events.slice(4), ...events.slice(0, 4)]);
    await createVersion(chen, "churn-bravo", { version: "1.0", trainingRunId: B.train });
    await createVersion(chen, "churn-bravo", { version: "2.0", inputs: [{ namespace: WH, name: "teambravo.features.churn" }] });
    await transact(async (tx) => {
      await tx.execute(
        sql`update model_versions set stage = 'archived' where version = '1.0' and model_id = (select id from models where name = 'churn-bravo')`,
      );
    });
    await setStage("churn-bravo", "2.0", "production");
    const [runs] = await rows<{ n: number }>(sql`select count(*)::int as n from lineage_runs where run_id::text like 'b0000000%'`);
    expect(runs.n).toBe(4);
    expect(await normalisedGraph("teambravo", "churn-bravo")).toEqual(await normalisedGraph("teamalpha", "churn-alpha"));
  });

  it("finds nodes by part of their name, datasets first", async () => {
    const found = await searchNodes(viewer, { q: "features.churn", limit: 10 });
    expect(found.items.map((i) => i.id)).toEqual([ds("teamalpha", "features.churn"), ds("teambravo", "features.churn")]);
  });

  it("records a schema change with its exact diff and names the production model downstream", async () => {
    await transact(async (tx) => {
      await tx
        .insert(webhooks)
        .values({ name: "oncall", url: "http://127.0.0.1:9/unused", secret: "s", events: ["lineage.*"], createdBy: "t" });
    });
    const out = (runId: string, eventTime: string, cols: [string, string][]) => ({
      eventType: "COMPLETE",
      eventTime,
      producer: P,
      schemaURL: RUN,
      run: { runId },
      job: { namespace: "teamalpha", name: "clean_orders" },
      inputs: [{ namespace: WH, name: "teamalpha.raw.orders" }],
      outputs: [{ namespace: WH, name: "teamalpha.clean.orders", facets: { schema: schema(cols) } }],
    });
    // The first of these has the same schema as the pipeline's run of 1 November: no change there.
    await ingestLineage(
      chen,
      out("a0000000-0000-4000-8000-000000000010", "2026-11-05T01:00:00Z", [
        ["id", "BIGINT"],
        ["region", "VARCHAR"],
        ["amount", "DECIMAL"],
        ["legacy_flag", "BOOLEAN"],
      ]),
    );
    const res = await ingestLineage(
      chen,
      out("a0000000-0000-4000-8000-000000000011", "2026-11-06T01:00:00Z", [
        ["id", "BIGINT"],
        ["region", "TEXT"],
        ["amount_usd", "DECIMAL"],
        ["channel", "VARCHAR"],
      ]),
    );
    expect(res.schemaChanges).toBe(1);

    const detail = await lineageNode(viewer, { node: ds("teamalpha", "clean.orders") });
    expect(
      detail.schemaChanges.map((c) => ({
        at: c.at,
        previousAt: c.previousAt,
        diff: c.diff,
        production: c.production.map((p) => `${p.model} ${p.version} ${p.type}`),
      })),
    ).toEqual([
      {
        at: "2026-11-06T01:00:00.000Z",
        previousAt: "2026-11-05T01:00:00.000Z",
        diff: {
          added: [{ name: "channel", type: "VARCHAR" }],
          removed: [{ name: "legacy_flag", type: "BOOLEAN" }],
          renamed: [{ from: "amount", to: "amount_usd", type: "DECIMAL" }],
          retyped: [{ name: "region", from: "VARCHAR", to: "TEXT" }],
        },
        production: ["churn-alpha 2.0 deployment", "churn-alpha 2.0 model"],
      },
      {
        at: "2026-11-05T01:00:00.000Z",
        previousAt: "2026-11-01T01:10:00.000Z",
        diff: {
          added: [
            { name: "amount", type: "DECIMAL" },
            { name: "legacy_flag", type: "BOOLEAN" },
          ],
          removed: [],
          renamed: [],
          retyped: [],
        },
        production: ["churn-alpha 2.0 deployment", "churn-alpha 2.0 model"],
      },
    ]);
    // Shown on every model version downstream too.
    const onModel = await lineageNode(viewer, { node: "model:churn-alpha:2.0" });
    expect(onModel.schemaChanges.map((c) => `${c.dataset.name} ${c.at}`)).toEqual([
      "teamalpha.clean.orders 2026-11-06T01:00:00.000Z",
      "teamalpha.clean.orders 2026-11-05T01:00:00.000Z",
    ]);
    // And sent once per change as a ticket naming the production models.
    const sent = await rows<{ payload: { dataset: string; severity: string; production: { model: string; version: string }[] } }>(
      sql`select payload from ${webhookDeliveries} where event = 'lineage.schema_changed' order by id`,
    );
    expect(sent.map((s) => [s.payload.dataset, s.payload.severity, s.payload.production.map((p) => `${p.model} ${p.version}`)])).toEqual([
      [ds("teamalpha", "clean.orders"), "ticket", ["churn-alpha 2.0", "churn-alpha 2.0"]],
      [ds("teamalpha", "clean.orders"), "ticket", ["churn-alpha 2.0", "churn-alpha 2.0"]],
    ]);
  });

  it("raises one ticket per production version downstream, updated by later changes, closed after a week", async () => {
    const open = await rows<{ key: string; severity: string; state: string; title: string }>(
      sql`select key, severity, state, title from alerts where kind = 'schema_change' order by key`,
    );
    // Two changes of teamalpha.clean.orders, one production version downstream (churn-alpha 2.0): one alert, which
    // the second change updated.
    expect(open.map((a) => [a.severity, a.state, a.title])).toEqual([
      [
        "ticket",
        "firing",
        "churn-alpha 2.0: upstream schema change in teamalpha.clean.orders (added channel (VARCHAR); removed legacy_flag (BOOLEAN); renamed amount → amount_usd; region VARCHAR → TEXT)",
      ],
    ]);
    const { evaluateAlerts } = await import("@/lib/slo/evaluate");
    await evaluateAlerts(new Date(Date.now() + 6 * 86_400_000));
    expect((await rows<{ state: string }>(sql`select state from alerts where kind = 'schema_change'`)).map((a) => a.state)).toEqual([
      "firing",
    ]);
    await evaluateAlerts(new Date(Date.now() + 7 * 86_400_000 + 60_000));
    expect((await rows<{ state: string }>(sql`select state from alerts where kind = 'schema_change'`)).map((a) => a.state)).toEqual([
      "resolved",
    ]);
  });

  it("refuses a viewer's events and stores nothing of a batch with one bad event", async () => {
    await expect(ingestLineage(viewer, pipeline("c", A)[0])).rejects.toMatchObject({ status: 403 });
    const events = pipeline("d", A);
    (events[3] as { job: { name?: string } }).job = { namespace: "d" } as never;
    await expect(ingestLineage(chen, events)).rejects.toMatchObject({
      status: 400,
      details: [{ path: "[3].job.name", message: "is required" }],
    });
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from lineage_nodes where namespace = 'd' or name like 'd.%'`);
    expect(n.n).toBe(0);
  });

  it("draws a static JobEvent's edges without a run, and never lets one clear the run an event recorded, in either order", async () => {
    const JOB = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent";
    const jobEvent = (ns: string, eventTime: string) => ({
      eventTime,
      producer: P,
      schemaURL: JOB,
      job: { namespace: ns, name: "load" },
      inputs: [{ namespace: ns, name: "src" }],
      outputs: [{ namespace: ns, name: "dst" }],
    });
    const runEvent = (ns: string, runId: string, eventTime: string) => ({
      eventType: "COMPLETE",
      eventTime,
      producer: P,
      schemaURL: RUN,
      run: { runId },
      job: { namespace: ns, name: "load" },
      inputs: [{ namespace: ns, name: "src" }],
      outputs: [],
    });
    const edges = async (ns: string) => (await lineageGraph(viewer, { node: `job:${ns}:load`, direction: "both", depth: 1 })).edges;
    const res = await ingestLineage(chen, jobEvent("static-only", "2026-11-05T00:00:00Z"));
    expect(res).toEqual({ accepted: 1, runs: 0, schemaChanges: 0, warnings: [] });
    expect(await edges("static-only")).toEqual([
      { source: "dataset:static-only:src", target: "job:static-only:load" },
      { source: "job:static-only:load", target: "dataset:static-only:dst" },
    ]);
    const R1 = "c0000000-0000-4000-8000-000000000001";
    const R2 = "c0000000-0000-4000-8000-000000000002";
    // Run R1 at 01:00, the static event at 03:00, run R2 at 02:00: R2 is the latest run on src → load, in any order.
    for (const [ns, order] of [
      ["order-a", [0, 1, 2]],
      ["order-b", [1, 2, 0]],
      ["order-c", [2, 1, 0]],
    ] as const) {
      const evs = [
        runEvent(ns, R1, "2026-11-05T01:00:00Z"),
        jobEvent(ns, "2026-11-05T03:00:00Z"),
        runEvent(ns, R2, "2026-11-05T02:00:00Z"),
      ];
      for (const i of order) await ingestLineage(chen, evs[i]);
      expect(await edges(ns), ns).toEqual([
        { source: `dataset:${ns}:src`, target: `job:${ns}:load`, runId: R2 },
        { source: `job:${ns}:load`, target: `dataset:${ns}:dst` },
      ]);
    }
  });
});
