// The Model Card Toolkit's own five test cards (tests/corpora/model-card-toolkit, see its README) imported over real
// HTTP: each 201 with its warnings, dates normalised when they read one way only, relative links kept as written.
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, disposeAll, expectStatus, newModel, newVersion } from "./support";

const DIR = path.resolve(process.cwd(), "tests/corpora/model-card-toolkit");
let owner: APIRequestContext;
test.beforeAll(async () => {
  owner = await apiAs(E2E.users.contributor);
});
test.afterAll(() => disposeAll(owner));

test("imports all five of the toolkit's test cards, with a warning for each lenient reading", async () => {
  const expected: Record<string, { date: string; warnings: number; first: string }> = {
    "cats_vs_dogs_v0_0_1.json": { date: "2020-08-28", warnings: 9, first: "schema_version" },
    "cats_vs_dogs_v0_0_2.json": { date: "2020-08-28", warnings: 1, first: "model_details.version.date" },
    "considerations.json": { date: "2020-01-01", warnings: 2, first: "model_parameters.data[0].link" },
    "full.json": { date: "2020-02-02", warnings: 1, first: "model_details.version.date" },
    "train_data.json": { date: "2020-01-01", warnings: 1, first: "model_parameters.data[0].link" },
  };
  const { name } = await newModel(owner);
  const files = fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
  expect(files).toEqual(Object.keys(expected));
  for (const [i, file] of files.entries()) {
    const version = `1.${i}`;
    await newVersion(owner, name, version);
    const res = await owner.post(`/api/v1/models/${name}/versions/${version}/card/import`, {
      data: fs.readFileSync(path.join(DIR, file), "utf8"),
      headers: { "content-type": "application/json" },
    });
    await expectStatus(res, 201);
    const body = await res.json();
    expect(body.card.modelDetails.date, file).toBe(expected[file].date);
    expect(body.warnings, file).toHaveLength(expected[file].warnings);
    expect(body.warnings[0].path, file).toBe(expected[file].first);
  }
  const train = await (await owner.get(`/api/v1/models/${name}/versions/1.4/card`)).json();
  expect(train.card.trainingData.text).toContain("link: path/to/train");
});
