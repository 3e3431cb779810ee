import { expect, test } from "@playwright/test";
import { DEMO_MODELS } from "../../lib/demo/data";
import { datasetId, modelNodeId } from "../../lib/lineage/ids";
import { E2E } from "../env";
import { signIn } from "../fixtures";

// The demo's pipelines (lib/demo/lineage.ts): raw.card_transactions → clean_card_transactions → clean.card_transactions
// → features → training → fraud-card-tx (and aml-alert-triage) versions → deployments. Its schema changed 3 days ago.
const WAREHOUSE = "postgres://warehouse:5432";
const RAW = "raw.card_transactions";
const MODEL = "fraud-card-tx";
const PROD = DEMO_MODELS.find((d) => d.name === MODEL)?.versions.find(([, s]) => s === "production")?.[0] ?? "";

test("find a raw dataset by keyboard, see its graph, expand it, open its impact, and follow it to the production version's lineage", async ({
  page,
}) => {
  expect(PROD).not.toBe("");
  await signIn(page, E2E.users.reviewer);
  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Lineage" }).click();
  await expect(page).toHaveTitle("Lineage · Steward");
  // With no node chosen, places to start: among them the table whose schema changed.
  await expect(page.getByRole("region", { name: "Recent schema changes" })).toContainText(RAW);

  // Search: type, the list shows kinds, Enter opens the first match.
  const search = page.getByRole("combobox", { name: /Find a dataset/ });
  await search.fill("card_trans");
  const first = page.getByRole("option").first();
  await expect(first).toContainText(RAW);
  await expect(first).toContainText("Dataset");
  await search.press("Enter");
  await page.waitForURL((u) => u.searchParams.get("node") === datasetId({ namespace: WAREHOUSE, name: RAW }));

  // The graph, by the names a person reads: two hops downstream, nothing upstream of a raw table.
  const graph = page.getByTestId("lineage-graph");
  const nodes = graph.getByTestId("lineage-node");
  await expect(nodes).toHaveCount(3);
  for (const name of [RAW, "clean_card_transactions", "clean.card_transactions"])
    await expect(graph.getByText(name, { exact: true })).toBeVisible();

  // The side panel opens on the centre: its schema, and the rename seen three days ago.
  const panel = page.getByTestId("node-panel");
  await expect(panel.getByRole("heading", { name: RAW })).toBeVisible();
  await expect(panel.getByTestId("schema-table")).toContainText("merchant_key");
  await expect(panel.getByTestId("schema-changes")).toContainText("renamed merchant_id → merchant_key");

  // Expand one hop: the feature jobs that read the clean table appear.
  await graph.getByRole("button", { name: "Expand clean.card_transactions: show its neighbours" }).click();
  await expect(graph.getByText("build_features_fraud_card_tx", { exact: true })).toBeVisible();
  await expect(nodes).toHaveCount(5);

  // The keyboard's list of nodes chooses a node too: the job, with its SQL.
  await page.getByText(/Choose from a list of the 5 nodes/).click();
  await page
    .getByTestId("node-list")
    .getByRole("button", { name: /clean_card_transactions/ })
    .click();
  await expect(panel.getByRole("heading", { name: "clean_card_transactions" })).toBeVisible();
  await expect(panel.getByTestId("job-sql")).toContainText("from raw.card_transactions");

  // Impact of the raw table: the production version first, with its stage.
  await page
    .getByTestId("node-list")
    .getByRole("button", { name: new RegExp(`^Dataset: ${RAW.replace(".", "\\.")}`) })
    .click();
  await panel.getByRole("tab", { name: "Impact" }).click();
  const prod = panel.getByTestId("impact-production");
  const item = prod.getByTestId("impact-item").filter({ hasText: `${MODEL} ${PROD}` });
  await expect(item).toContainText("production");
  await item.getByRole("link", { name: `${MODEL} ${PROD}` }).click();

  // The version page's Lineage panel: what it was made from, and the upstream schema change.
  await page.waitForURL(`**/models/${MODEL}/versions/${PROD}`);
  const lineage = page.getByTestId("version-lineage");
  await expect(lineage).toContainText(`train_${MODEL.replace(/-/g, "_")}`);
  await expect(lineage).toContainText(RAW);
  await expect(lineage.getByTestId("schema-changes")).toContainText("renamed merchant_id → merchant_key");
  await expect(lineage.getByRole("link", { name: "Open in lineage explorer" })).toHaveAttribute(
    "href",
    `/lineage?node=${encodeURIComponent(modelNodeId(MODEL, PROD))}`,
  );
});
