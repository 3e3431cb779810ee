// Great Expectations validation results GE wrote for its own tests (tests/corpora/great-expectations, see its README),
// posted over real HTTP as GE writes them: the bare result with the dataset in the query, and the { dataset, result }
// wrapper. 201 with the counts read off each file by hand; 400 naming the field for a malformed result; 403 for a viewer;
// the dataset's lineage panel shows its latest validation.
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, disposeAll, expectError, expectStatus, unique } from "./support";

const DIR = path.resolve(process.cwd(), "tests/corpora/great-expectations");
const text = (f: string) => fs.readFileSync(path.join(DIR, f), "utf8");
const enc = encodeURIComponent;
const NS = "postgres://warehouse:5432";

let pipeline: APIRequestContext;
let viewer: APIRequestContext;
test.beforeAll(async () => {
  pipeline = await apiAs(E2E.users.contributor);
  viewer = await apiAs(E2E.users.viewer);
});
test.afterAll(() => disposeAll(pipeline, viewer));

const post = (who: APIRequestContext, query: string, body: string) =>
  who.post(`/api/v1/data-quality${query}`, { data: body, headers: { "content-type": "application/json" } });

test("stores GE's own results: passing 1.x, failing 1.x, failing 0.x with exceptions", async () => {
  const name = unique("titanic");
  const q = `?namespace=${enc(NS)}&name=${enc(name)}`;

  const passing = await post(pipeline, q, text("datetime_column_evrs.json"));
  await expectStatus(passing, 201);
  expect(await passing.json()).toMatchObject({
    datasetId: `dataset:${enc(NS)}:${enc(name)}`,
    suite: "default",
    success: true,
    evaluated: 2,
    successful: 2,
    unsuccessful: 0,
    failures: [],
    runTime: "2020-03-22T17:02:47.671Z",
    createdBy: E2E.users.contributor,
    createdNode: true,
  });

  // The wrapper form: { dataset, result }.
  const wrapped = `{"dataset":{"namespace":${JSON.stringify(NS)},"name":${JSON.stringify(name)}},"result":${text("expected_cli_results_default.json")}}`;
  const failing1x = await post(pipeline, "", wrapped);
  await expectStatus(failing1x, 201);
  const f1 = await failing1x.json();
  expect(f1).toMatchObject({
    success: false,
    evaluated: 10,
    successful: 9,
    unsuccessful: 1,
    createdNode: false,
    runTime: "1955-11-05T00:00:00.000Z",
  });
  expect(f1.failures.map((f: { type: string; column: string }) => [f.type, f.column])).toEqual([
    ["expect_column_values_to_be_in_set", "PClass"],
  ]);

  const failing0x = await post(pipeline, q, text("titanic_expected_data_asset_validate_results_with_exceptions.json"));
  await expectStatus(failing0x, 201);
  const f0 = await failing0x.json();
  expect(f0).toMatchObject({ suite: "titanic", success: false, evaluated: 10, successful: 6, unsuccessful: 4 });
  expect(f0.failures.map((f: { type: string; column: string; exception: boolean }) => [f.type, f.column, f.exception])).toEqual([
    ["expect_column_values_to_match_regex", "Name", true],
    ["expect_column_values_to_be_in_set", "PClass", true],
    ["expect_column_mean_to_be_between", "Age", true],
    ["expect_column_values_to_be_between", "Age", true],
  ]);

  // The dataset's panel: the latest by run time is the passing 2020 run; the two 1955 runs follow it.
  const node = await viewer.get(`/api/v1/lineage/node?node=${enc(`dataset:${enc(NS)}:${enc(name)}`)}`);
  await expectStatus(node, 200);
  const dq = (await node.json()).dataQuality;
  expect(dq.latest).toMatchObject({ success: true, evaluated: 2, runTime: "2020-03-22T17:02:47.671Z" });
  expect(dq.recent.map((r: { evaluated: number; unsuccessful: number }) => [r.evaluated, r.unsuccessful]).sort()).toEqual([
    [10, 1],
    [10, 4],
    [2, 0],
  ]);
});

test("400 names the field; 403 for a viewer", async () => {
  const q = `?namespace=${enc(NS)}&name=${enc(unique("bad"))}`;
  const broken = JSON.parse(text("expected_cli_results_default.json"));
  delete broken.results[2].expectation_config.type;
  const bad = await post(pipeline, q, JSON.stringify(broken));
  await expectError(bad, 400);
  expect((await bad.json()).error.details).toEqual([
    { path: "results[2].expectation_config.type", message: "is required (expectation_type in GE 0.x)" },
  ]);

  const noDataset = await post(pipeline, "", text("expected_cli_results_default.json"));
  await expectError(noDataset, 400);
  expect((await noDataset.json()).error.details[0].path).toBe("dataset");

  const notStats = await post(pipeline, q, JSON.stringify({ ...broken, results: [], statistics: { evaluated_expectations: "ten" } }));
  await expectError(notStats, 400);
  expect((await notStats.json()).error.details[0].path).toBe("statistics.evaluated_expectations");

  await expectError(await post(viewer, q, text("datetime_column_evrs.json")), 403);
});
