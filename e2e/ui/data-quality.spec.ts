import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { datasetId } from "../../lib/lineage/ids";
import { apiAs, disposeAll, expectStatus, newModel, newVersion, unique } from "../api/support";
import { E2E } from "../env";
import { signIn } from "../fixtures";

// GE's failing 0.x result (tests/corpora/great-expectations: 4 of 10 expectations failed) posted on a dataset a new
// version was trained on: the version page says so, and the lineage explorer's panel shows the failed expectations.
const NS = "postgres://warehouse:5432";

test("a failing validation upstream shows on the version page and in the dataset's lineage panel", async ({ page }) => {
  const api = await apiAs(E2E.users.contributor);
  const table = unique("dq.titanic");
  const model = (await newModel(api)).name as string;
  await newVersion(api, model, "1.0.0", { inputs: [{ namespace: NS, name: table }] });
  const result = fs.readFileSync(
    path.resolve(process.cwd(), "tests/corpora/great-expectations/titanic_expected_data_asset_validate_results_with_exceptions.json"),
    "utf8",
  );
  await expectStatus(
    await api.post(`/api/v1/data-quality?namespace=${encodeURIComponent(NS)}&name=${encodeURIComponent(table)}`, {
      data: result,
      headers: { "content-type": "application/json" },
    }),
    201,
  );
  await disposeAll(api);

  await signIn(page, E2E.users.reviewer);
  await page.goto(`/models/${model}/versions/1.0.0`);
  const lineage = page.getByTestId("version-lineage");
  await expect(lineage.getByRole("heading", { name: "Data quality upstream: 1 failing dataset" })).toBeVisible();
  const upstream = lineage.getByTestId("data-quality-upstream");
  await expect(upstream).toContainText("4 of 10 expectations failed");
  await upstream.getByRole("link", { name: table }).click();

  await page.waitForURL((u) => u.searchParams.get("node") === datasetId({ namespace: NS, name: table }));
  const latest = page.getByTestId("node-panel").getByTestId("data-quality-latest");
  await expect(latest).toContainText("Failed: 4 of 10 expectations failed");
  for (const t of [
    "expect_column_values_to_match_regex",
    "expect_column_values_to_be_in_set",
    "expect_column_mean_to_be_between",
    "expect_column_values_to_be_between",
  ])
    await expect(latest).toContainText(t);
});
