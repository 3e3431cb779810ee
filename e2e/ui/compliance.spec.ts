// Compliance in the browser: the trail filtered to one model, its CSV export, the model's and a release's history,
// the evidence pack of a release; a viewer reaches none of it.

import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { E2E } from "../env";
import { apiAs, signIn } from "../fixtures";
import { snap } from "./support";

const U = E2E.users;

async function read(d: import("@playwright/test").Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await d.createReadStream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

test("compliance filters the trail to one model, downloads its CSV, reads its history, and downloads a release's evidence pack", async ({
  page,
}) => {
  await signIn(page, U.compliance);
  await page.goto("/audit");
  // The chain is verified on load; a signed checkpoint of its head can be saved outside Steward.
  await expect(page.getByTestId("verify-result")).toHaveAttribute("data-ok", "true");
  const [cp] = await Promise.all([page.waitForEvent("download"), page.getByTestId("checkpoint").click()]);
  const checkpoint = JSON.parse(await read(cp));
  expect(Object.keys(checkpoint).sort()).toEqual(["at", "hash", "keyId", "seq", "signature"]);
  expect(checkpoint.hash).toMatch(/^[0-9a-f]{64}$/);
  await page.getByLabel("Model (everything about it)").fill("product-recs");
  await page.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL((u) => u.searchParams.get("model") === "product-recs");
  const rows = page.getByTestId("audit-table").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(5);
  await expect(page.getByTestId("audit-table")).not.toContainText("credit-default");

  // The CSV download carries the filter: the demo release, its rollback and the stage changes are in it, and no other model.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const csv = await download.createReadStream().then(async (s) => {
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  });
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("seq,at,actorType,actorId,actorEmail,action,entityType,entityId,before,after,requestId,prevHash,hash");
  expect(csv).toContain("release.rolled_back");
  expect(csv).toContain("version.archived,version,product-recs/7.3.0");
  expect(csv).not.toContain("credit-default/");

  // The model's own history page, from the model page.
  await page.goto("/models/product-recs");
  await page.getByRole("link", { name: "History" }).click();
  await page.waitForURL("**/models/product-recs/history");
  await expect(page.locator("h1")).toHaveText("History of product-recs");
  await expect(page.getByTestId("audit-table")).toContainText("release.rolled_back");

  // A release's page shows its history and offers the evidence pack.
  const api = await apiAs(U.compliance);
  const list = await (await api.get("/api/v1/releases?model=product-recs")).json();
  const rollback = list.items.find((r: { kind: string }) => r.kind === "rollback");
  await api.dispose();
  await page.goto(`/releases/${rollback.id}`);
  await expect(page.getByRole("region", { name: "History", exact: true })).toContainText("release.rolled_back");
  const [pack] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download evidence pack/ }).click()]);
  expect(pack.suggestedFilename()).toMatch(/^evidence-product-recs-7\.2\.0-.*\.zip$/);
  const bytes = await pack.createReadStream().then(async (s) => {
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  });
  const files = unzipSync(new Uint8Array(bytes));
  expect(Object.keys(files)).toContain("README.md");
  expect(Object.keys(files)).toContain("release.json");
  const release = JSON.parse(strFromU8(files["release.json"]));
  expect(release).toMatchObject({ id: rollback.id, kind: "rollback", model: "product-recs", version: "7.2.0", status: "approved" });
  expect(strFromU8(files["README.md"])).toContain("product-recs");
});

test("a viewer reaches none of it: the trail, a model's history, the exports and the evidence pack", async ({ page }) => {
  await signIn(page, U.viewer);
  for (const p of ["/audit?model=product-recs", "/models/product-recs/history"]) {
    await page.goto(p);
    await expect(page.getByTestId("role-required")).toBeVisible();
    await expect(page.getByTestId("audit-table")).toHaveCount(0);
  }
  await page.goto("/models/product-recs");
  await expect(page.getByRole("link", { name: "History" })).toHaveCount(0);
  const api = await apiAs(U.viewer);
  const list = await (await api.get("/api/v1/releases?model=product-recs")).json();
  await page.goto(`/releases/${list.items[0].id}`);
  await expect(page.getByRole("link", { name: /Download evidence pack/ })).toHaveCount(0);
  await expect(page.locator("#history-h")).toHaveCount(0);
  for (const url of ["/api/v1/audit?model=product-recs&format=csv", `/api/v1/releases/${list.items[0].id}/evidence-pack`]) {
    const res = await page.request.get(url);
    expect(res.status(), url).toBe(403);
  }
  await api.dispose();
});

test("compliance publishes a checkpoint from /audit and downloads an entry's proof, which verifies against it", async ({ page }, info) => {
  await signIn(page, U.compliance);
  await page.goto("/audit");
  const panel = page.getByTestId("witnesses");
  await expect(panel.getByRole("heading", { name: "Published checkpoints and witnesses" })).toBeVisible();
  await panel.getByTestId("publish-now").click();
  await expect(panel.getByRole("status").first()).toContainText(/Published a checkpoint of [\d,]+ entries\.|The head is already published/);
  await expect(page.getByTestId("latest-published")).toContainText(/Latest published: [\d,]+ entries/);
  // After the refresh, the chain is held to the published checkpoints.
  await page.reload();
  await expect(page.getByTestId("verify-published")).toContainText(/match all \d+ published checkpoints/);
  const first = page.getByTestId("audit-entry").first();
  const seq = Number(await first.getAttribute("data-seq"));
  const [d] = await Promise.all([page.waitForEvent("download"), first.getByTestId("prove").click()]);
  expect(d.suggestedFilename()).toBe(`steward-audit-proof-${seq}.json`);
  const bundle = JSON.parse(await read(d));
  expect(bundle.entry.seq).toBe(seq);
  expect(bundle.proof.leafIndex).toBe(seq - 1);
  expect(bundle.checkpoint.split("\n")[1]).toBe(String(bundle.proof.treeSize));
  expect(bundle.publishedAt).not.toBeNull();

  // The page with its transparency panels: axe clean, no sideways scrolling at 390 px; screenshots to look at.
  const dir = path.join(info.project.outputDir, "screens");
  fs.mkdirSync(dir, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
    await page.goto("/audit");
    await expect(page.getByTestId("witnesses")).toBeVisible();
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    expect(
      axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
      `/audit at ${width}`,
    ).toEqual([]);
    if (width < 400) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await snap(page, { path: path.join(dir, `audit-transparency-${width}.png`), fullPage: false });
  }
});
