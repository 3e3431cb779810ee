// OpenLineage events other projects wrote for their own tests (tests/corpora/openlineage, see its README), posted over
// real HTTP: Marquez's 15 API test events one by one, the OpenLineage project's as one array; every one accepted (201)
// with the warnings spelled out here, the one without a run id refused (400) naming `run.runId`, and the graph read back.
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, disposeAll, expectError, expectStatus } from "./support";

const DIR = path.resolve(process.cwd(), "tests/corpora/openlineage");
const read = (dir: string) =>
  fs
    .readdirSync(path.join(DIR, dir))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(DIR, dir, f), "utf8") }));
const enc = encodeURIComponent;

let pipeline: APIRequestContext;
let viewer: APIRequestContext;
test.beforeAll(async () => {
  pipeline = await apiAs(E2E.users.contributor);
  viewer = await apiAs(E2E.users.viewer);
});
test.afterAll(() => disposeAll(pipeline, viewer));

const post = (text: string) => pipeline.post("/api/v1/lineage", { data: text, headers: { "content-type": "application/json" } });
const DATASOURCE = [
  { path: "inputs[0].facets.dataSource.uri", message: "must be a valid uri; this dataSource facet was left out, the event kept" },
  { path: "outputs[0].facets.dataSource.uri", message: "must be a valid uri; this dataSource facet was left out, the event kept" },
];
const NO_URL = [{ path: "schemaURL", message: "is missing; read as a RunEvent of spec 2-0-2, as its fields imply" }];

test("accepts all 15 of Marquez's API test events, each with its warnings", async () => {
  const expected: Record<string, { path: string; message: string }[]> = {
    "event_additional_facet.json": DATASOURCE,
    "event_full.json": DATASOURCE,
    "event_large.json": DATASOURCE,
    "event_without_schema_url.json": NO_URL,
    "listener_1.json": NO_URL,
    "listener_2.json": NO_URL,
  };
  const files = read("marquez");
  expect(files).toHaveLength(15);
  for (const { file, text } of files) {
    const res = await post(text);
    await expectStatus(res, 201);
    const body = await res.json();
    expect(body.accepted, file).toBe(1);
    expect(body.warnings, file).toEqual(expected[file] ?? []);
  }
  // The DatasetEvent: its dataset with its schema facet.
  const ds = await viewer.get(`/api/v1/lineage/node?node=${enc("dataset:my-dataset-namespace:my-dataset-name")}`);
  await expectStatus(ds, 200);
  expect((await ds.json()).node.facets.schema.fields).toEqual([{ name: "col_a", type: "VARCHAR", description: "string" }]);
  // The JobEvent and the run events of 41fb5137…: input-1 and input-2 → myjob → output-1, the run's id on the edges.
  const g = await (await viewer.get(`/api/v1/lineage/graph?node=${enc("job:my-scheduler-namespace:myjob")}&direction=both&depth=1`)).json();
  const run = "41fb5137-f0fd-4ee5-ba5c-56f8571d1bd7";
  expect(g.edges).toEqual(
    expect.arrayContaining([
      { source: "dataset:my-datasource-namespace:instance.schema.input-1", target: "job:my-scheduler-namespace:myjob", runId: run },
      { source: "dataset:my-datasource-namespace:instance.schema.input-2", target: "job:my-scheduler-namespace:myjob", runId: run },
      { source: "job:my-scheduler-namespace:myjob", target: "dataset:my-datasource-namespace:instance.schema.output-1", runId: run },
      {
        source: "dataset:file.localhost:file%3A%2F%2Flocalhost%2Fin_file3.txt",
        target: "job:my-scheduler-namespace:myjob",
        runId: "5e58a95c-1c71-4231-8984-ac172d5566cf",
      },
    ]),
  );
  // The dataSource facet with uri "string" was left out; the dataset and its other facets are there.
  const table = await (
    await viewer.get(`/api/v1/lineage/node?node=${enc("dataset:my-datasource-namespace:instance.schema.table")}`)
  ).json();
  expect(Object.keys(table.node.facets)).toEqual(expect.arrayContaining(["documentation", "schema"]));
  expect(Object.keys(table.node.facets)).not.toContain("dataSource");
});

test("accepts the OpenLineage project's test events as one array, and refuses the one without a run id", async () => {
  const files = read("openlineage");
  expect(files).toHaveLength(15);
  const noRunId = files.findIndex((f) => f.file === "proxy_fluentd_events_event_no_run_id.json");
  // With the event that has no run id, the whole batch is refused, naming it, and nothing is stored.
  const all = `[${files.map((f) => f.text).join(",")}]`;
  const refused = await expectError(await post(all), 400, "invalid_request");
  expect(refused.details).toEqual([{ path: `[${noRunId}].run.runId`, message: "is required" }]);
  await expectError(await viewer.get(`/api/v1/lineage/node?node=${enc("job:openlineage:name")}`), 404, "not_found");

  const good = files.filter((_, i) => i !== noRunId);
  const res = await post(`[${good.map((f) => f.text).join(",")}]`);
  await expectStatus(res, 201);
  const body = await res.json();
  expect(body.accepted).toBe(14);
  const full = good.findIndex((f) => f.file === "proxy_fluentd_events_event_full.json");
  expect(body.warnings.map((w: { path: string }) => w.path)).toEqual([
    `[${full}].inputs[0].facets.dataSource.uri`,
    `[${full}].outputs[0].facets.dataSource.uri`,
  ]);
  // The Python client's JobEvent: dataset_a → name → dataset_b, no run on its edges.
  const g = await (await viewer.get(`/api/v1/lineage/graph?node=${enc("job:openlineage:name")}&direction=both&depth=1`)).json();
  expect(g.edges).toEqual([
    { source: "dataset:openlineage:dataset_a", target: "job:openlineage:name" },
    { source: "job:openlineage:name", target: "dataset:openlineage:dataset_b" },
  ]);
});
