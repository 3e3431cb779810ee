import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { SECTIONS } from "../../lib/cards/schemas";
import { DEMO_MODELS } from "../../lib/demo/data";
import { E2E } from "../env";
import { adminApi, apiAs, signIn, unique } from "../fixtures";
import { snap } from "./support";

const C = E2E.users.contributor;
const cardApi = (name: string, v: string) => `/api/v1/models/${name}/versions/${encodeURIComponent(v)}/card`;
const versionPage = (name: string, v: string) => `/models/${name}/versions/${encodeURIComponent(v)}`;
const onPath = (p: string) => (u: URL) => u.pathname === p;

/** A fresh model owned by the contributor, with versions that each have one evaluation; nothing else touches it. */
async function newModel(versions = ["1.0.0"]) {
  const api = await apiAs(C);
  const name = unique("ui-card");
  const m = await api.post("/api/v1/models", { data: { name, title: "Card test model", owner: C, team: "cards", riskTier: "high" } });
  expect(m.status(), await m.text()).toBe(201);
  const evals: Record<string, string> = {};
  for (const v of versions) {
    const r = await api.post(`/api/v1/models/${name}/versions`, { data: { version: v, metrics: { auc: 0.9 } } });
    expect(r.status(), await r.text()).toBe(201);
    const e = await api.post(`/api/v1/models/${name}/versions/${v}/evaluations`, {
      data: { dataset: "holdout-2026Q1", metrics: { auc: 0.88, f1: 0.71 } },
    });
    expect(e.status(), await e.text()).toBe(201);
    evals[v] = (await e.json()).id;
  }
  return { api, name, evals };
}

async function putCard(api: APIRequestContext, name: string, v: string, card: unknown, ifMatch?: number) {
  const res = await api.put(cardApi(name, v), { data: card, headers: ifMatch === undefined ? {} : { "if-match": `"${ifMatch}"` } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { revision: number; completeness: number };
}

/** Every section filled, structured fields included; Markdown with emphasis, a list, and raw HTML that must not render. */
const FULL = {
  modelDetails: {
    text: "Scores **retail loan** applications.\n\n<b>raw html</b><script>window.__pwned = 1</script>",
    developers: ["Credit risk team", "Model validation"],
    date: "2026-03-15",
    type: "gradient-boosted trees",
    license: "proprietary",
    citation: "Internal report CR-2026-7",
    contact: "credit-risk@example.com",
  },
  intendedUse: {
    text: "Ranks applications for a person to review.",
    primaryUses: ["Retail lending decisions", "Portfolio monitoring"],
    primaryUsers: ["Credit officers"],
    outOfScopeUses: ["Employment decisions"],
  },
  factors: { text: "Age band and region.", relevantFactors: ["Age band", "Region"], evaluationFactors: ["Age band"] },
  metrics: {
    text: "AUC is the headline.",
    performanceMeasures: [{ name: "auc", threshold: 0.8, why: "Below 0.8 it loses to the scorecard." }],
  },
  evaluationData: {
    text: "Out-of-time holdout.",
    datasets: [{ name: "holdout-2026Q1", link: "https://data.example.com/holdout", description: "Never used in training." }],
  },
  trainingData: {
    text: "Two years of history.",
    datasets: [{ name: "features.credit", link: "s3://warehouse/features/credit/", description: "Nightly refresh." }],
  },
  quantitativeAnalyses: { text: "| slice | auc |\n|---|---|\n| all | 0.88 |" },
  ethicalConsiderations: {
    text: "Decisions about people.",
    items: [{ name: "Proxy discrimination", mitigation: "Audited each release." }],
  },
  caveatsAndRecommendations: { text: "- Retrain on drift\n- Re-validate before a new market" },
};

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

test("the owner writes a card in the browser: revisions go up, completeness shows, and the API returns the same card", async ({ page }) => {
  const { name, evals } = await newModel();
  await signIn(page, C);
  await page.goto(versionPage(name, "1.0.0"));
  const panel = page.getByTestId("card-panel");
  await expect(panel.getByTestId("card-empty")).toContainText("No model card for this version yet.");
  await panel.getByRole("link", { name: "Write the card" }).click();
  await page.waitForURL(onPath(`/models/${name}/versions/1.0.0/card/edit`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Write the model card");
  await expect(page.getByTestId("editing-revision")).toHaveText("A new card: no revision saved yet.");

  const meter = page.getByTestId("completeness-value");
  await expect(meter).toHaveText("0%");
  await page.getByLabel("Model details: text").fill("A **gradient-boosted** model.\n\n- one\n- two");
  await expect(meter).toHaveText("11%"); // 1 of 9
  await page.getByLabel("Developers, item 1").fill("Credit risk team");
  await page.getByLabel("Date").fill("2026-03-15");
  await page.getByLabel("Licence").fill("proprietary");
  await page.getByLabel("Intended use: text").fill("Ranks applications for review.");
  await page.getByLabel("Primary uses, item 1").fill("Retail lending decisions");
  await page.getByRole("button", { name: "Add primary use", exact: true }).click();
  await page.getByLabel("Primary uses, item 2").fill("Portfolio monitoring");
  await page.getByLabel("Out-of-scope uses, item 1").fill("Employment decisions");
  await expect(meter).toHaveText("22%"); // 2 of 9
  await page.getByLabel("Name (performance measure 1)").fill("auc");
  await page.getByLabel("Threshold (performance measure 1)").fill("0.8");
  await page.getByLabel("Why it matters (performance measure 1)").fill("Below 0.8 it loses to the scorecard.");
  await page.getByLabel("Name (evaluation dataset 1)").fill("holdout-2026Q1");
  await page.getByLabel("Link (evaluation dataset 1)").fill("https://data.example.com/holdout");
  await page.getByLabel("Quantitative analyses: text").fill("AUC 0.88 on the holdout.");
  await page.getByRole("checkbox", { name: /holdout-2026Q1/ }).check();
  await page.getByLabel("Risk (consideration 1)").fill("Proxy discrimination");
  await page.getByLabel("Mitigation (consideration 1)").fill("Audited each release.");
  await expect(meter).toHaveText("67%"); // 6 of 9
  // A row added and removed again leaves nothing behind.
  await page.getByRole("button", { name: "Add out-of-scope use" }).click();
  await page.getByLabel("Out-of-scope uses, item 2").fill("to be removed");
  await page.getByRole("button", { name: "Remove out-of-scope use 2" }).click();
  await expect(page.getByLabel("Out-of-scope uses, item 2")).toHaveCount(0);

  await page.getByRole("button", { name: "Save card" }).click();
  await page.waitForURL(onPath(versionPage(name, "1.0.0")));
  await expect(panel.getByTestId("card-revision")).toContainText("Revision 1, saved by contributor@example.com on");
  await expect(panel.getByTestId("card-revision")).toContainText("in the browser");
  await expect(panel.getByTestId("completeness-value")).toHaveText("67%");
  await expect(panel.locator('[data-section="modelDetails"] strong')).toHaveText("gradient-boosted");
  await expect(panel.locator('[data-section="intendedUse"] li')).toHaveText([
    "Retail lending decisions",
    "Portfolio monitoring",
    "Employment decisions",
  ]);
  await expect(panel.locator('[data-section="caveatsAndRecommendations"]')).toContainText("Not written yet.");

  // A second save: revision 2, one more section.
  await panel.getByRole("link", { name: "Edit" }).click();
  await page.waitForURL(onPath(`/models/${name}/versions/1.0.0/card/edit`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit the model card");
  await expect(page.getByTestId("editing-revision")).toContainText("Editing revision 1, saved by contributor@example.com");
  await expect(page.getByLabel("Primary uses, item 2")).toHaveValue("Portfolio monitoring");
  await page.getByLabel("Caveats and recommendations: text").fill("Re-validate before a new market.");
  await expect(meter).toHaveText("78%"); // 7 of 9
  await page.getByRole("button", { name: "Save card" }).click();
  await page.waitForURL(onPath(versionPage(name, "1.0.0")));
  await expect(panel.getByTestId("card-revision")).toContainText("Revision 2");
  await expect(panel.getByTestId("completeness-value")).toHaveText("78%");

  // The same card, read by someone else through the API.
  const viewer = await apiAs(E2E.users.viewer);
  const res = await viewer.get(cardApi(name, "1.0.0"));
  expect(res.status()).toBe(200);
  expect(res.headers().etag).toBe('"2"');
  const doc = await res.json();
  expect(doc).toMatchObject({
    model: name,
    version: "1.0.0",
    revision: 2,
    completeness: 78,
    needsReview: false,
    source: "browser",
    savedBy: C,
  });
  expect(doc.card).toEqual({
    modelDetails: {
      text: "A **gradient-boosted** model.\n\n- one\n- two",
      developers: ["Credit risk team"],
      date: "2026-03-15",
      license: "proprietary",
    },
    intendedUse: {
      text: "Ranks applications for review.",
      primaryUses: ["Retail lending decisions", "Portfolio monitoring"],
      outOfScopeUses: ["Employment decisions"],
    },
    metrics: { performanceMeasures: [{ name: "auc", threshold: 0.8, why: "Below 0.8 it loses to the scorecard." }] },
    evaluationData: { datasets: [{ name: "holdout-2026Q1", link: "https://data.example.com/holdout" }] },
    quantitativeAnalyses: { text: "AUC 0.88 on the holdout.", evaluationIds: [evals["1.0.0"]] },
    ethicalConsiderations: { items: [{ name: "Proxy discrimination", mitigation: "Audited each release." }] },
    caveatsAndRecommendations: { text: "Re-validate before a new market." },
  });
  const revs = await (await viewer.get(`${cardApi(name, "1.0.0")}/revisions`)).json();
  expect(revs.items.map((r: { revision: number; completeness: number; source: string }) => [r.revision, r.completeness, r.source])).toEqual(
    [
      [2, 78, "browser"],
      [1, 67, "browser"],
    ],
  );
  await viewer.dispose();
});

test("a card saved by API shows in the browser section by section, and saving it unchanged from the browser gives the same card", async ({
  page,
}) => {
  const { api, name, evals } = await newModel();
  const card = { ...FULL, quantitativeAnalyses: { ...FULL.quantitativeAnalyses, evaluationIds: [evals["1.0.0"]] } };
  expect(await putCard(api, name, "1.0.0", card, 0)).toMatchObject({ revision: 1, completeness: 100 });

  await signIn(page, C);
  await page.goto(versionPage(name, "1.0.0"));
  const panel = page.getByTestId("card-panel");
  await expect(panel.getByTestId("card-revision")).toContainText("Revision 1, saved by contributor@example.com");
  await expect(panel.getByTestId("card-revision")).toContainText("through the API");
  await expect(panel.getByTestId("completeness-value")).toHaveText("100%");
  await expect(panel.locator("h3")).toHaveText(SECTIONS.map((s) => s.title));
  const sec = (k: string) => panel.locator(`[data-section="${k}"]`);
  await expect(sec("modelDetails").locator("strong")).toHaveText("retail loan");
  // Raw HTML in the Markdown is not rendered, and no script ran.
  await expect(sec("modelDetails").locator("b, script")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  for (const [dt, dd] of [
    ["Developers", "Credit risk team, Model validation"],
    ["Date", "2026-03-15"],
    ["Type", "gradient-boosted trees"],
    ["Licence", "proprietary"],
    ["Contact", "credit-risk@example.com"],
    ["Citation", "Internal report CR-2026-7"],
  ])
    await expect(sec("modelDetails").locator("dt", { hasText: dt }).locator("xpath=following-sibling::dd[1]")).toHaveText(dd);
  await expect(sec("intendedUse").locator("li")).toHaveText([
    "Retail lending decisions",
    "Portfolio monitoring",
    "Credit officers",
    "Employment decisions",
  ]);
  await expect(sec("factors").locator("li")).toHaveText(["Age band", "Region", "Age band"]);
  await expect(sec("metrics").locator("tbody tr")).toHaveText([/auc\s*0\.8\s*Below 0\.8 it loses to the scorecard\./]);
  await expect(sec("evaluationData").getByRole("link", { name: "https://data.example.com/holdout" })).toBeVisible();
  await expect(sec("trainingData")).toContainText("s3://warehouse/features/credit/");
  await expect(sec("quantitativeAnalyses").locator("table").first()).toContainText("0.88"); // the Markdown table
  await expect(sec("quantitativeAnalyses")).toContainText("Evaluations cited");
  await expect(sec("quantitativeAnalyses")).toContainText("holdout-2026Q1: auc 0.88 · f1 0.71");
  await expect(sec("ethicalConsiderations").locator("tbody tr")).toHaveText([/Proxy discrimination\s*Audited each release\./]);
  await expect(sec("caveatsAndRecommendations").locator("li")).toHaveText(["Retrain on drift", "Re-validate before a new market"]);

  // The editor shows every field as saved; saving it untouched gives revision 2 with the identical card.
  await panel.getByRole("link", { name: "Edit" }).click();
  await page.waitForURL(onPath(`/models/${name}/versions/1.0.0/card/edit`));
  await expect(page.getByLabel("Model details: text")).toHaveValue(FULL.modelDetails.text);
  await expect(page.getByLabel("Developers, item 2")).toHaveValue("Model validation");
  await expect(page.getByLabel("Date")).toHaveValue("2026-03-15");
  await expect(page.getByLabel("Threshold (performance measure 1)")).toHaveValue("0.8");
  await expect(page.getByLabel("Link (training dataset 1)")).toHaveValue("s3://warehouse/features/credit/");
  await expect(page.getByRole("checkbox", { name: /holdout-2026Q1/ })).toBeChecked();
  await expect(page.getByTestId("completeness-value")).toHaveText("100%");
  await page.getByRole("button", { name: "Save card" }).click();
  await page.waitForURL(onPath(versionPage(name, "1.0.0")));
  await expect(panel.getByTestId("card-revision")).toContainText("Revision 2");
  await expect(panel.getByTestId("card-revision")).toContainText("in the browser");
  const one = await (await api.get(`${cardApi(name, "1.0.0")}?revision=1`)).json();
  const two = await (await api.get(`${cardApi(name, "1.0.0")}?revision=2`)).json();
  expect(two.card).toEqual(one.card);
  expect(two.card).toEqual(card);
  const diff = await (await api.get(`${cardApi(name, "1.0.0")}/diff?from=1&to=2`)).json();
  expect(diff.sections.filter((s: { changed: boolean }) => s.changed)).toEqual([]);
});

test("conflict: a save on top of someone else's says who saved, keeps the draft, and both reload and save-anyway work", async ({
  page,
}) => {
  const { api, name } = await newModel();
  await putCard(api, name, "1.0.0", FULL, 0);
  const admin = await adminApi();
  await signIn(page, C);
  await page.goto(`/models/${name}/versions/1.0.0/card/edit`);
  await expect(page.getByTestId("editing-revision")).toContainText("Editing revision 1");
  const intended = page.getByLabel("Intended use: text");
  await intended.fill("My browser draft of the intended use.");

  // Meanwhile the admin saves revision 2 by API.
  const theirs = {
    ...FULL,
    modelDetails: { ...FULL.modelDetails, text: "The admin's overview." },
    intendedUse: { ...FULL.intendedUse, text: "The admin's intended use." },
  };
  await putCard(admin, name, "1.0.0", theirs, 1);

  await page.getByRole("button", { name: "Save card" }).click();
  const conflict = page.getByTestId("conflict");
  await expect(conflict).toContainText("Not saved: someone else saved this card while you were editing.");
  await expect(conflict).toContainText("admin@example.com saved revision 2");
  await expect(conflict).toContainText("after you opened revision 1");
  await expect(intended).toHaveValue("My browser draft of the intended use.");
  expect(await seriousViolations(page)).toEqual([]);

  // Reload theirs: the form holds revision 2, the draft is kept beside it and can be taken back section by section.
  await conflict.getByRole("button", { name: "Reload their version" }).click();
  await expect(conflict).toHaveCount(0);
  await expect(intended).toHaveValue("The admin's intended use.");
  await expect(page.getByLabel("Model details: text")).toHaveValue("The admin's overview.");
  await expect(page.getByTestId("editing-revision")).toContainText("Editing revision 2, saved by admin@example.com");
  const kept = page.getByTestId("kept-draft");
  await expect(kept.getByTestId("kept-intendedUse")).toContainText("My browser draft of the intended use.");
  await kept.getByRole("button", { name: "Use mine for Intended use" }).click();
  await expect(intended).toHaveValue("My browser draft of the intended use.");
  await page.getByRole("button", { name: "Save card" }).click();
  await page.waitForURL(onPath(versionPage(name, "1.0.0")));
  await expect(page.getByTestId("card-revision")).toContainText("Revision 3");
  let doc = await (await api.get(cardApi(name, "1.0.0"))).json();
  expect(doc.revision).toBe(3);
  expect(doc.card.intendedUse.text).toBe("My browser draft of the intended use.");
  expect(doc.card.modelDetails.text).toBe("The admin's overview."); // theirs kept where the person did not take theirs back

  // Save mine anyway: the draft goes on top of the other save.
  await page.goto(`/models/${name}/versions/1.0.0/card/edit`);
  await expect(page.getByTestId("editing-revision")).toContainText("Editing revision 3");
  await page.getByLabel("Caveats and recommendations: text").fill("Mine, saved anyway.");
  await putCard(admin, name, "1.0.0", { ...doc.card, caveatsAndRecommendations: { text: "Theirs." } }, 3);
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(conflict).toContainText("admin@example.com saved revision 4");
  await expect(page.getByLabel("Caveats and recommendations: text")).toHaveValue("Mine, saved anyway.");
  await conflict.getByRole("button", { name: "Save mine anyway" }).click();
  await page.waitForURL(onPath(versionPage(name, "1.0.0")));
  await expect(page.getByTestId("card-revision")).toContainText("Revision 5");
  doc = await (await api.get(cardApi(name, "1.0.0"))).json();
  expect(doc).toMatchObject({ revision: 5, savedBy: C, source: "browser" });
  expect(doc.card.caveatsAndRecommendations.text).toBe("Mine, saved anyway.");
  await admin.dispose();
});

test("field errors: a threshold that is not a number and a link the API refuses are shown at their fields", async ({ page }) => {
  const { name } = await newModel();
  await signIn(page, C);
  await page.goto(`/models/${name}/versions/1.0.0/card/edit`);
  await page.getByLabel("Intended use: text").fill("Something.");
  const threshold = page.getByLabel("Threshold (performance measure 1)");
  await threshold.fill("high");
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(threshold).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#card-metrics-performanceMeasures-0-threshold-err")).toHaveText("must be a number, such as 0.8");
  await expect(page.getByTestId("form-error")).toHaveText("One field needs a change: see the message under it.");
  await threshold.fill("0.75");
  const link = page.getByLabel("Link (evaluation dataset 1)");
  await link.fill("not a link");
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(link).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#card-evaluationData-datasets-0-link-err")).toContainText("must be an absolute URI");
  await expect(threshold).not.toHaveAttribute("aria-invalid", "true");
  expect(await seriousViolations(page)).toEqual([]);
  await link.fill("https://data.example.com/x");
  await page.getByRole("button", { name: "Save card" }).click();
  await page.waitForURL(onPath(versionPage(name, "1.0.0")));
  await expect(page.getByTestId("card-revision")).toContainText("Revision 1");
});

test("who may edit: a viewer and a contributor who does not own the model see no Edit button and a read-only editor; an admin may edit", async ({
  page,
}) => {
  const { api, name } = await newModel();
  await putCard(api, name, "1.0.0", FULL, 0);
  for (const who of [E2E.users.viewer, E2E.users.contributor2]) {
    await signIn(page, who);
    await page.goto(versionPage(name, "1.0.0"));
    const panel = page.getByTestId("card-panel");
    await expect(panel.getByTestId("card-revision")).toContainText("Revision 1");
    await expect(panel.getByRole("link", { name: "Edit", exact: true })).toHaveCount(0);
    for (const action of ["Print", "Export MCT JSON", "Export Markdown", "History"])
      await expect(panel.getByRole("link", { name: action })).toBeVisible();
    await page.goto(`/models/${name}/versions/1.0.0/card/edit`);
    await expect(page.getByTestId("read-only")).toContainText("You can read this card but not edit it.");
    await expect(page.getByRole("button", { name: "Save card" })).toHaveCount(0);
    await page.context().clearCookies();
  }
  await signIn(page, E2E.users.admin);
  await page.goto(versionPage(name, "1.0.0"));
  await expect(page.getByTestId("card-panel").getByRole("link", { name: "Edit", exact: true })).toBeVisible();
});

test("history lists every revision and shows the diff between any two, section by section", async ({ page }) => {
  const { api, name } = await newModel();
  await putCard(api, name, "1.0.0", FULL, 0);
  await putCard(
    api,
    name,
    "1.0.0",
    {
      ...FULL,
      intendedUse: { ...FULL.intendedUse, text: "Ranks applications for a person to review.\nNever decides alone." },
      factors: { ...FULL.factors, relevantFactors: ["Age band", "Region", "Income band"] },
    },
    1,
  );
  await signIn(page, E2E.users.viewer);
  await page.goto(versionPage(name, "1.0.0"));
  await page.getByTestId("card-panel").getByRole("link", { name: "History" }).click();
  await page.waitForURL(onPath(`/models/${name}/versions/1.0.0/card/history`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Card history");
  const rows = page.getByTestId("revisions").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("2");
  await expect(rows.nth(0)).toContainText(C);
  await expect(rows.nth(0)).toContainText("100%");
  await expect(rows.nth(0)).toContainText("API");

  // By default the latest change: revision 1 → 2.
  const diff = page.getByTestId("card-diff");
  await expect(diff).toContainText("2 of 9 sections changed between revision 1 and revision 2.");
  await expect(diff.locator('[data-changed="true"] h3')).toHaveText([/Intended use/, /Factors/]);
  await expect(diff.getByTestId("diff-modelDetails")).toHaveAttribute("data-changed", "false");
  const intended = diff.getByTestId("diff-intendedUse");
  await expect(intended.getByTestId("text-before")).toContainText("Ranks applications for a person to review.");
  await expect(intended.getByTestId("text-after")).toContainText("Never decides alone.");
  await expect(intended.getByTestId("text-before")).not.toContainText("Never decides alone.");
  await expect(diff.getByTestId("diff-factors")).toContainText("Income band");
  expect(await seriousViolations(page)).toEqual([]);

  // Any two, from the address.
  await page.goto(`/models/${name}/versions/1.0.0/card/history?from=2&to=2`);
  await expect(page.getByTestId("card-diff")).toContainText("The two revisions hold the same card.");
  await page.getByLabel("From").selectOption("1");
  await page.getByRole("button", { name: "Compare" }).click();
  await page.waitForURL((u) => u.searchParams.get("from") === "1" && u.searchParams.get("to") === "2");
  await expect(page.getByTestId("card-diff")).toContainText("2 of 9 sections changed");
});

test("the print view leaves out navigation and buttons and shows the nine sections", async ({ page }) => {
  const { api, name } = await newModel();
  await putCard(api, name, "1.0.0", FULL, 0);
  await signIn(page, E2E.users.viewer);
  await page.goto(versionPage(name, "1.0.0"));
  await page.getByTestId("card-panel").getByRole("link", { name: "Print" }).click();
  await page.waitForURL(onPath(`/models/${name}/versions/1.0.0/card/print`));
  await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.emulateMedia({ media: "print" });
  const doc = page.getByTestId("print-document");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Model card: ${name} 1.0.0`);
  await expect(doc.locator("h2")).toHaveText(SECTIONS.map((s) => s.title));
  for (const [k, v] of [
    ["Stage", "development"],
    ["Risk tier", "high"],
    ["Owner", C],
    ["Revision", "1 (latest)"],
    ["Completeness", "100%"],
  ])
    await expect(doc.locator("dt", { hasText: new RegExp(`^${k}$`) }).locator("xpath=following-sibling::dd[1]")).toHaveText(v);
  await expect(page.locator('nav[aria-label="Main"]')).toBeHidden();
  await expect(page.locator('nav[aria-label="Breadcrumb"]')).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
  await expect(page.getByText("Steward", { exact: true })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeHidden();
  await expect(page.getByRole("link", { name: "Back to the version" })).toBeHidden();
});

test("a new version starts from the previous version's card, marked as needing review until saved", async ({ page }) => {
  const { api, name } = await newModel(["1.0.0", "1.1.0"]);
  await putCard(api, name, "1.0.0", FULL, 0);
  await signIn(page, E2E.users.viewer);
  await page.goto(versionPage(name, "1.1.0"));
  await expect(page.getByTestId("card-empty")).toContainText(`The model's owner (${C}) or an admin writes it`);
  await expect(page.getByRole("button", { name: /Start from version/ })).toHaveCount(0);
  await page.context().clearCookies();

  await signIn(page, C);
  await page.goto(versionPage(name, "1.1.0"));
  await page.getByRole("button", { name: "Start from version 1.0.0's card" }).click();
  const panel = page.getByTestId("card-panel");
  await expect(panel.getByTestId("needs-review")).toBeVisible();
  await expect(panel.getByTestId("card-revision")).toContainText("copied from the previous version");
  await expect(panel.locator('[data-section="intendedUse"] li').first()).toHaveText("Retail lending decisions");
  await panel.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Save card" }).click();
  await page.waitForURL(onPath(versionPage(name, "1.1.0")));
  await expect(panel.getByTestId("card-revision")).toContainText("Revision 2");
  await expect(panel.getByTestId("needs-review")).toHaveCount(0);
});

test("exports: the version page's links give MCT JSON and Markdown", async ({ page }) => {
  const { api, name } = await newModel();
  await putCard(api, name, "1.0.0", FULL, 0);
  await signIn(page, E2E.users.viewer);
  await page.goto(versionPage(name, "1.0.0"));
  const panel = page.getByTestId("card-panel");
  const mctHref = await panel.getByRole("link", { name: "Export MCT JSON" }).getAttribute("href");
  const mct = await page.request.get(mctHref ?? "");
  expect(mct.status()).toBe(200);
  const json = await mct.json();
  expect(json.model_details.overview).toContain("retail loan");
  const mdHref = await panel.getByRole("link", { name: "Export Markdown" }).getAttribute("href");
  const md = await (await page.request.get(mdHref ?? "")).text();
  for (const s of SECTIONS) expect(md).toContain(`## ${s.title}`);
});

test("evidence: evaluations by dataset and slice, bias audits on the version, a metric chart on the model, verdicts in the inventory", async ({
  page,
}) => {
  const { api, name } = await newModel(["1.0.0", "1.1.0"]);
  for (const slice of ["region=north", "region=south"])
    expect(
      (
        await api.post(`/api/v1/models/${name}/versions/1.1.0/evaluations`, {
          data: { dataset: "holdout-2026Q1", slice, metrics: { auc: 0.8 } },
        })
      ).status(),
    ).toBe(201);
  await signIn(page, E2E.users.viewer);
  await page.goto(versionPage(name, "1.1.0"));
  const evals = page.getByTestId("evaluations");
  await expect(evals.locator("h3")).toHaveText(["holdout-2026Q1"]);
  await expect(evals.locator("thead th")).toHaveText(["Slice", "auc", "f1", "Recorded"]);
  await expect(evals.locator("tbody tr th")).toHaveText(["whole dataset", "region=north", "region=south"]);
  await expect(evals.locator("tbody tr").nth(0).locator("td").nth(0)).toHaveText("0.88");
  await expect(page.getByTestId("version-audits")).toContainText("No bias audit of this version yet.");

  await page.goto(`/models/${name}`);
  const chart = page.getByTestId("metric-chart");
  await expect(chart.getByLabel("Metric")).toHaveValue("auc");
  await expect(chart.locator("svg.recharts-surface").first()).toBeVisible();
  await chart.getByText("Show as a table").click();
  await expect(chart.locator("tbody tr")).toHaveCount(2);
  await expect(chart.locator("tbody tr").nth(0)).toContainText("1.0.0");
  await chart.getByLabel("Metric").selectOption("f1");
  await expect(chart.locator("tbody tr").nth(1)).toContainText("0.71");

  // A demo model with audits: the version lists them with their verdicts, and the inventory agrees with the API.
  const d = DEMO_MODELS.find((m) => m.name === "credit-default");
  if (!d) throw new Error("credit-default is in the demo portfolio");
  const model = await (await api.get("/api/v1/models/credit-default")).json();
  expect(model.latestBiasAudit).not.toBeNull();
  await page.goto(versionPage("credit-default", model.latestBiasAudit.version));
  const audits = page.getByTestId("version-audits");
  const link = audits
    .getByRole("link", { name: new RegExp(`^Bias audit ${model.latestBiasAudit.passed ? "passed" : "failed"}\\s*,.*: open the audit$`) })
    .first();
  await expect(link).toHaveAttribute("href", `/audits/${model.latestBiasAudit.id}`);
  const list = await (await api.get("/api/v1/models?q=credit-default")).json();
  expect(list.items[0].latestBiasAudit).toMatchObject({
    id: model.latestBiasAudit.id,
    passed: model.latestBiasAudit.passed,
    version: model.latestBiasAudit.version,
  });
  await page.goto("/models?q=credit-default");
  const cell = page.getByTestId("models-table").locator("tbody tr").first().getByTestId("audit-verdict");
  await expect(cell).toContainText(model.latestBiasAudit.passed ? "Passed" : "Failed");
  await expect(cell.getByRole("link")).toHaveAttribute("href", `/audits/${model.latestBiasAudit.id}`);
});

// A demo version with a complete card, two revisions and a bias audit, for axe and the screenshots.
const DEMO = { model: "credit-default", version: "1.1.0" };

test("axe: the card's view, edit, history and print pages, at desktop and phone widths, without horizontal overflow on a phone", async ({
  page,
}) => {
  await signIn(page, C);
  const pages = [
    versionPage(DEMO.model, DEMO.version),
    `${versionPage(DEMO.model, DEMO.version)}/card/edit`,
    `${versionPage(DEMO.model, DEMO.version)}/card/history`,
    `${versionPage(DEMO.model, DEMO.version)}/card/print`,
    `/models/${DEMO.model}`,
  ];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
    for (const p of pages) {
      await page.goto(p);
      await expect(page.locator("h1")).toHaveCount(1);
      expect(await seriousViolations(page), `${p} at ${width}`).toEqual([]);
      if (width < 400) expect(await page.evaluate(() => document.documentElement.scrollWidth), `${p} at ${width}`).toBeLessThanOrEqual(390);
    }
  }
});

test.describe("screenshots", () => {
  for (const size of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    test(`at ${size.width}×${size.height}`, async ({ page }, info) => {
      const dir = path.join(info.project.outputDir, "screens");
      fs.mkdirSync(dir, { recursive: true });
      const shot = (n: string) => snap(page, { path: path.join(dir, `${n}-${size.width}.png`), fullPage: true });
      await page.setViewportSize(size);
      await signIn(page, C);
      const base = versionPage(DEMO.model, DEMO.version);
      for (const [n, p] of [
        ["card-version", base],
        ["card-edit", `${base}/card/edit`],
        ["card-history", `${base}/card/history`],
        ["card-model", `/models/${DEMO.model}`],
        ["card-models", "/models"],
      ]) {
        await page.goto(p);
        await expect(page.locator("h1")).toBeVisible();
        await shot(n);
      }
      // On a phone the save bar stays at the foot of the screen while the form scrolls under it.
      await page.goto(`${base}/card/edit`);
      await page.locator("#edit-metrics").scrollIntoViewIfNeeded();
      await expect(page.getByRole("button", { name: "Save card" })).toBeInViewport();
      await snap(page, { path: path.join(dir, `card-edit-scrolled-${size.width}.png`) });
      await page.goto(`${base}/card/print`);
      await page.emulateMedia({ media: "print" });
      await shot("card-print");
      await page.emulateMedia({ media: "screen" });

      // The conflict, and the draft kept beside their version.
      const { api, name } = await newModel();
      await putCard(api, name, "1.0.0", FULL, 0);
      await page.goto(`/models/${name}/versions/1.0.0/card/edit`);
      await page.getByLabel("Intended use: text").fill("My browser draft of the intended use.");
      await putCard(api, name, "1.0.0", { ...FULL, intendedUse: { ...FULL.intendedUse, text: "Their intended use." } }, 1);
      await page.getByRole("button", { name: "Save card" }).click();
      await expect(page.getByTestId("conflict")).toBeVisible();
      await shot("card-conflict");
      await page.getByRole("button", { name: "Reload their version" }).click();
      await expect(page.getByTestId("kept-draft")).toBeVisible();
      await shot("card-kept-draft");
    });
  }
});
