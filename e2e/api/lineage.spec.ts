// API.md "Lineage" over real HTTP: events in (one or an array), 400 naming the field that breaks the spec with
// nothing stored, the graph and impact by node id or by type/namespace/name, and the seeded demo pipeline's impact.
import { randomUUID } from "node:crypto";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, disposeAll, expectError, expectStatus, unique } from "./support";

const RUN = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const enc = encodeURIComponent;
const event = (ns: string, runId: string, eventType: string, inputs: string[], outputs: string[]) => ({
  eventType,
  eventTime: "2026-11-20T10:00:00",
  producer: "https://example.com/e2e",
  schemaURL: RUN,
  run: { runId },
  job: { namespace: ns, name: "etl" },
  inputs: inputs.map((name) => ({ namespace: ns, name })),
  outputs: outputs.map((name) => ({ namespace: ns, name })),
});

let pipeline: APIRequestContext;
let viewer: APIRequestContext;
test.beforeAll(async () => {
  pipeline = await apiAs(E2E.users.contributor);
  viewer = await apiAs(E2E.users.viewer);
});
test.afterAll(() => disposeAll(pipeline, viewer));

test("posts events, refuses a broken one naming its field and storing nothing, and draws the graph", async () => {
  const ns = unique("e2e-lineage");
  const runId = randomUUID();
  const bad = [event(ns, runId, "START", ["raw"], []), { ...event(ns, runId, "COMPLETE", ["raw"], ["clean"]), run: {} }];
  const refused = await pipeline.post("/api/v1/lineage", { data: bad });
  const body = await expectError(refused, 400, "invalid_request");
  expect(body.details).toEqual([{ path: "[1].run.runId", message: "is required" }]);
  await expectError(await viewer.get(`/api/v1/lineage/graph?type=dataset&namespace=${enc(ns)}&name=raw`), 404, "not_found");

  const ok = await pipeline.post("/api/v1/lineage", {
    data: [event(ns, runId, "START", ["raw"], []), event(ns, runId, "COMPLETE", ["raw"], ["clean"])],
  });
  await expectStatus(ok, 201);
  expect(await ok.json()).toEqual({ accepted: 2, runs: 1, schemaChanges: 0, warnings: [] });

  const g = await (await viewer.get(`/api/v1/lineage/graph?type=dataset&namespace=${enc(ns)}&name=raw&direction=downstream`)).json();
  const raw = `dataset:${enc(ns)}:raw`;
  expect(g.nodes.map((n: { id: string }) => n.id)).toEqual([raw, `job:${enc(ns)}:etl`, `dataset:${enc(ns)}:clean`]);
  expect(g.edges).toEqual([
    { source: raw, target: `job:${enc(ns)}:etl`, runId },
    { source: `job:${enc(ns)}:etl`, target: `dataset:${enc(ns)}:clean`, runId },
  ]);
  const tooDeep = await viewer.get(`/api/v1/lineage/graph?node=${enc(raw)}&depth=21`);
  expect((await expectError(tooDeep, 400)).details[0].path).toBe("depth");
  expect((await expectError(await viewer.get("/api/v1/lineage/impact"), 400)).details[0].path).toBe("node");
  await expectError(await viewer.post("/api/v1/lineage", { data: event(ns, randomUUID(), "START", [], []) }), 403);
});

test("the demo's raw card transactions feed the fraud and AML models in production", async () => {
  const node = `dataset:${enc("postgres://warehouse:5432")}:${enc("raw.card_transactions")}`;
  const res = await viewer.get(`/api/v1/lineage/impact?node=${enc(node)}`);
  await expectStatus(res, 200);
  const impact = await res.json();
  expect(impact.production.map((i: { type: string; model: string; version: string }) => `${i.type} ${i.model} ${i.version}`)).toEqual([
    "deployment aml-alert-triage 0.9.0",
    "model aml-alert-triage 0.9.0",
    "deployment fraud-card-tx 3.6.0",
    "model fraud-card-tx 3.6.0",
  ]);
  const detail = await (await viewer.get(`/api/v1/lineage/node?node=${enc(node)}`)).json();
  expect(detail.schemaChanges[0].diff).toEqual({
    added: [{ name: "channel", type: "VARCHAR" }],
    removed: [],
    renamed: [{ from: "merchant_id", to: "merchant_key", type: "BIGINT" }],
    retyped: [],
  });
});
