import { expect, type Page, test } from "@playwright/test";
import { DEMO_MODELS } from "../../lib/demo/data";
import { E2E } from "../env";
import { apiAs, signIn, unique } from "../fixtures";

const RISK_ORDER = ["low", "medium", "high", "critical"] as const;

const table = (page: Page) => page.getByTestId("models-table");
const rows = (page: Page) => table(page).locator("tbody tr");
/**
 * Waits until a navigation has rendered: a client-side navigation changes the URL while the loading
 * skeleton still shows, so reading the table straight after waitForURL can read nothing.
 */
async function settled(page: Page) {
  await expect(page.getByRole("status").filter({ hasText: "Loading…" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Pages" })).toBeVisible();
}
/** The model names in the inventory table, top to bottom, once the page has rendered. */
const namesInTable = async (page: Page) => {
  await settled(page);
  return rows(page).locator("td:first-child a").allTextContents();
};
/** The value beside a label in a definition list ("About", "Version"). */
const dd = (page: Page, label: string) =>
  page.locator("dt", { hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::dd[1]");

async function applyFilters(page: Page, f: { q?: string; riskTier?: string; team?: string; tag?: string; sort?: string }) {
  const form = page.getByRole("search", { name: "Filter models" });
  if (f.q !== undefined) await form.getByLabel("Search").fill(f.q);
  if (f.riskTier !== undefined) await form.getByLabel("Risk tier").selectOption(f.riskTier);
  if (f.team !== undefined) await form.getByLabel("Team").selectOption(f.team);
  if (f.tag !== undefined) await form.getByLabel("Tag").selectOption(f.tag);
  if (f.sort !== undefined) await form.getByLabel("Sort by").selectOption({ label: f.sort });
  const before = page.url();
  await form.getByRole("button", { name: "Apply" }).click();
  await page.waitForURL((u) => u.href !== before);
}

test("a contributor registers a model and a version in the browser; it shows in the API and in search and filters", async ({ page }) => {
  const name = unique("ui-reg");
  const team = unique("team");
  const tag = unique("tag");
  await signIn(page, E2E.users.contributor);
  await page.goto("/models");
  await page.getByRole("link", { name: "Register model" }).click();
  await expect(page).toHaveURL(/\/models\/new$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Register a model");

  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Title").fill("Browser-registered model");
  await page.getByLabel("Description").fill("Registered by the browser test.");
  await expect(page.getByLabel("Owner (email)")).toHaveValue(E2E.users.contributor);
  await page.getByLabel("Team").fill(team);
  await page.getByLabel("Risk tier").selectOption("high");
  await page.getByLabel("Use case").fill("Testing");
  await page.getByLabel("Tags").fill(`${tag}, browser`);
  await page.getByRole("button", { name: "Register model" }).click();

  await page.waitForURL(`/models/${name}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await expect(dd(page, "Owner")).toHaveText(E2E.users.contributor);
  await expect(dd(page, "Team")).toHaveText(team);
  await expect(dd(page, "Risk tier")).toHaveText("high");
  await expect(page.getByText("No versions yet.")).toBeVisible();

  await page.getByRole("link", { name: "Register version" }).click();
  await expect(page).toHaveURL(`/models/${name}/versions/new`);
  await page.getByLabel("Version").fill("1.0.0");
  await page.getByLabel("Description").fill("First cut");
  await page.getByLabel("Framework").fill("sklearn");
  await page.getByLabel("Git commit").fill("abc1234");
  await page.getByLabel("Artifact URI").fill(`s3://models/${name}/1.0.0/model.bin`);
  await page.getByLabel("Metrics").fill("auc=0.91, f1=0.8");
  await page.getByRole("button", { name: "Register version" }).click();
  await page.waitForURL(`/models/${name}/versions/1.0.0`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${name} 1.0.0`);
  await expect(dd(page, "Stage")).toHaveText("development");
  await expect(dd(page, "Framework")).toHaveText("sklearn");

  // (a) The API, read by someone else.
  const viewer = await apiAs(E2E.users.viewer);
  const res = await viewer.get(`/api/v1/models/${name}`);
  expect(res.status()).toBe(200);
  const m = await res.json();
  expect(m).toMatchObject({
    name,
    title: "Browser-registered model",
    description: "Registered by the browser test.",
    owner: E2E.users.contributor,
    team,
    riskTier: "high",
    useCase: "Testing",
    tags: [tag, "browser"],
    stage: "development",
    latestVersion: "1.0.0",
    productionVersion: null,
    versionCount: 1,
    createdBy: E2E.users.contributor,
  });
  expect(m.versions).toHaveLength(1);
  expect(m.versions[0]).toMatchObject({
    version: "1.0.0",
    stage: "development",
    description: "First cut",
    framework: "sklearn",
    gitCommit: "abc1234",
    metrics: { auc: 0.91, f1: 0.8 },
  });
  await viewer.dispose();

  // (b) The inventory: search by name.
  await page.goto("/models");
  await applyFilters(page, { q: name });
  expect(new URL(page.url()).searchParams.get("q")).toBe(name);
  expect(await namesInTable(page)).toEqual([name]);
  await expect(rows(page).first()).toContainText("1.0.0");
  await expect(rows(page).first()).toContainText("development");

  // By team alone, from a fresh page: the URL holds the filter and a reload shows the same.
  await page.goto("/models");
  await applyFilters(page, { team });
  expect(new URL(page.url()).searchParams.get("team")).toBe(team);
  expect(await namesInTable(page)).toEqual([name]);
  await page.reload();
  expect(await namesInTable(page)).toEqual([name]);
  await expect(page.getByLabel("Team")).toHaveValue(team);

  // By tag and risk tier together.
  await page.goto("/models");
  await applyFilters(page, { tag, riskTier: "high" });
  const url = new URL(page.url());
  expect(url.searchParams.get("tag")).toBe(tag);
  expect(url.searchParams.get("riskTier")).toBe("high");
  expect(await namesInTable(page)).toEqual([name]);
  // The same filter with another tier finds nothing, and says so.
  await page.goto(`/models?tag=${tag}&riskTier=low`);
  await expect(table(page)).toHaveCount(0);
  await expect(page.getByText("No model matches these filters.")).toBeVisible();
  // A fresh page at the filtered address shows the same result.
  await page.goto(url.pathname + url.search);
  expect(await namesInTable(page)).toEqual([name]);
  await expect(page.getByLabel("Tag")).toHaveValue(tag);
  await expect(page.getByLabel("Risk tier")).toHaveValue("high");
});

test("a model and version registered by the API appear in search and filters", async ({ page }) => {
  const name = unique("api-reg");
  const tag = unique("apitag");
  const api = await apiAs(E2E.users.contributor);
  const created = await api.post("/api/v1/models", {
    // Owned by priya, with the registering pipeline's user as a maintainer (versions and evidence need one of the two).
    data: {
      name,
      title: "Registered by API",
      owner: E2E.users.contributor2,
      maintainers: [E2E.users.contributor],
      team: "api-team",
      riskTier: "critical",
      tags: [tag],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const v = await api.post(`/api/v1/models/${name}/versions`, {
    data: { version: "2.0.0-rc.1", framework: "onnx", metrics: { auc: 0.77 } },
  });
  expect(v.status(), await v.text()).toBe(201);
  const ev = await api.post(`/api/v1/models/${name}/versions/2.0.0-rc.1/evaluations`, {
    data: { dataset: "holdout-q4", metrics: { auc: 0.8123 }, slice: "region=eu" },
  });
  expect(ev.status(), await ev.text()).toBe(201);
  await api.dispose();

  await signIn(page, E2E.users.viewer);
  await page.goto("/models");
  await applyFilters(page, { q: name });
  expect(await namesInTable(page)).toEqual([name]);
  const row = rows(page).first();
  await expect(row).toContainText("Registered by API");
  await expect(row).toContainText("critical");
  await expect(row).toContainText("2.0.0-rc.1");
  await expect(row).toContainText(E2E.users.contributor2);

  // Search finds it by tag text too (q covers tags).
  await page.goto(`/models?q=${encodeURIComponent(tag)}`);
  expect(await namesInTable(page)).toEqual([name]);

  // Filter by owner and tag from the menus.
  await page.goto("/models");
  const form = page.getByRole("search", { name: "Filter models" });
  await form.getByLabel("Owner").selectOption(E2E.users.contributor2);
  await applyFilters(page, { tag, riskTier: "critical" });
  expect(new URL(page.url()).searchParams.get("owner")).toBe(E2E.users.contributor2);
  expect(await namesInTable(page)).toEqual([name]);

  // Open it, then its version, from the table.
  await table(page).getByRole("link", { name }).click();
  await page.waitForURL(`/models/${name}`);
  await expect(dd(page, "Owner")).toHaveText(E2E.users.contributor2);
  await expect(dd(page, "Risk tier")).toHaveText("critical");
  await page.getByRole("link", { name: "2.0.0-rc.1", exact: true }).click();
  await page.waitForURL(`/models/${name}/versions/2.0.0-rc.1`);
  await expect(dd(page, "Stage")).toHaveText("development");
  await expect(dd(page, "Owner")).toHaveText(E2E.users.contributor2);
  await expect(dd(page, "Model risk")).toHaveText("critical");
  const evals = page.getByRole("region", { name: "Evaluations", exact: true });
  await expect(evals.locator("tbody tr")).toHaveCount(1);
  // One table per dataset, headed by its name, with a row per slice and a column per metric.
  await expect(evals.locator("h3")).toHaveText("holdout-q4");
  await expect(evals.locator("tbody tr th")).toHaveText("region=eu");
  await expect(evals.locator("thead")).toContainText("auc");
  await expect(evals.locator("tbody tr td").first()).toHaveText("0.8123");
});

test("filters on the seeded portfolio return the seeded counts", async ({ page }) => {
  await signIn(page, E2E.users.viewer);
  const cases: { query: string; expected: string[] }[] = [
    {
      query: "team=fraud&riskTier=high",
      expected: DEMO_MODELS.filter((d) => d.team === "fraud" && d.riskTier === "high").map((d) => d.name),
    },
    { query: "tag=regulated", expected: DEMO_MODELS.filter((d) => d.tags.includes("regulated")).map((d) => d.name) },
    {
      query: "tag=forecasting&riskTier=medium",
      expected: DEMO_MODELS.filter((d) => d.tags.includes("forecasting") && d.riskTier === "medium").map((d) => d.name),
    },
    {
      query: "q=recommendations",
      expected: DEMO_MODELS.filter((d) =>
        [d.name, d.title, d.description, ...d.tags].some((s) => s.toLowerCase().includes("recommendations")),
      ).map((d) => d.name),
    },
  ];
  for (const c of cases) {
    expect(c.expected.length, c.query).toBeGreaterThan(0);
    await page.goto(`/models?${c.query}`);
    expect((await namesInTable(page)).sort(), c.query).toEqual([...c.expected].sort());
  }
  // Stage: models with a version in staging (models created by other tests have only development versions).
  await page.goto("/models?stage=staging");
  const staged = DEMO_MODELS.filter((d) => d.versions.some(([, s]) => s === "staging")).map((d) => d.name);
  const shown = await namesInTable(page);
  expect(shown.filter((n) => DEMO_MODELS.some((d) => d.name === n)).sort()).toEqual([...staged].sort());
});

test("sort by risk, critical first, puts a critical model first and never a lower tier above a higher one", async ({ page }) => {
  await signIn(page, E2E.users.viewer);
  await page.goto("/models");
  await applyFilters(page, { sort: "Risk (critical first)" });
  expect(new URL(page.url()).searchParams.get("sort")).toBe("-riskTier");
  await settled(page);
  const tiers = (await rows(page).locator("td:nth-child(4)").allTextContents()).map((t) => t.trim());
  expect(DEMO_MODELS.some((d) => d.riskTier === "critical")).toBe(true);
  expect(tiers[0]).toBe("critical");
  const ranks = tiers.map((t) => RISK_ORDER.indexOf(t as (typeof RISK_ORDER)[number]));
  expect(ranks.every((r) => r >= 0)).toBe(true);
  expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  await expect(page.getByLabel("Sort by")).toHaveValue("-riskTier");
});

test("with ?limit=5 the Next page link walks every model once", async ({ page }) => {
  const viewer = await apiAs(E2E.users.viewer);
  const all = await (await viewer.get("/api/v1/models?limit=500")).json();
  await viewer.dispose();
  const expected: string[] = all.items.map((m: { name: string }) => m.name);
  expect(all.nextCursor).toBeNull();
  for (const d of DEMO_MODELS) expect(expected).toContain(d.name);

  await signIn(page, E2E.users.viewer);
  await page.goto("/models?limit=5");
  const seen: string[] = [];
  let pages = 0;
  for (;;) {
    pages++;
    const names = await namesInTable(page);
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThanOrEqual(5);
    seen.push(...names);
    const next = page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Next page" });
    if ((await next.count()) === 0) break;
    expect(names.length).toBe(5);
    const before = page.url();
    await next.click();
    await page.waitForURL((u) => u.href !== before);
    expect(new URL(page.url()).searchParams.get("limit")).toBe("5");
    expect(pages).toBeLessThan(100);
  }
  expect(seen).toEqual(expected);
  expect(new Set(seen).size).toBe(seen.length);
  expect(pages).toBe(Math.ceil(expected.length / 5));

  // "First page" goes back to the start with the same page size.
  await page.getByRole("link", { name: "First page" }).click();
  await page.waitForURL((u) => !u.searchParams.has("cursor"));
  expect(await namesInTable(page)).toEqual(expected.slice(0, 5));
});

// Two sorts in the browser (one by tier, whose ties need the id, one by time); every sort is paged over the API
// in e2e/api/inventory-list.spec.ts and in lib/inventory/inventory.test.ts.
for (const sort of ["-riskTier", "updatedAt"] as const) {
  test(`paging with sort=${sort} shows the same models in the same order as one long page`, async ({ page }) => {
    // Two fresh models without versions (their times come from the database, to the microsecond) and one with.
    const api = await apiAs(E2E.users.contributor);
    for (const tier of ["critical", "low"]) {
      const r = await api.post("/api/v1/models", { data: { name: unique(`page-${tier}`), owner: E2E.users.contributor, riskTier: tier } });
      expect(r.status(), await r.text()).toBe(201);
    }
    await api.dispose();
    const viewer = await apiAs(E2E.users.viewer);
    const all = await (await viewer.get(`/api/v1/models?limit=500&sort=${sort}`)).json();
    await viewer.dispose();
    const expected: string[] = all.items.map((m: { name: string }) => m.name);

    await signIn(page, E2E.users.viewer);
    await page.goto(`/models?sort=${sort}&limit=4`);
    const seen: string[] = [];
    for (let i = 0; i < 100; i++) {
      seen.push(...(await namesInTable(page)));
      const next = page.getByRole("link", { name: "Next page" });
      if ((await next.count()) === 0) break;
      const before = page.url();
      await next.click();
      await page.waitForURL((u) => u.href !== before);
      expect(new URL(page.url()).searchParams.get("sort")).toBe(sort);
    }
    expect(seen).toEqual(expected);
  });
}

test("the register form shows a field error under Name for an invalid name and stays put", async ({ page }) => {
  await signIn(page, E2E.users.contributor);
  await page.goto("/models/new");
  await page.getByLabel("Name").fill("Bad Name");
  await page.getByLabel("Risk tier").selectOption("low");
  await page.getByRole("button", { name: "Register model" }).click();
  const name = page.getByLabel("Name");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  const err = page.locator("#fld-name-err");
  await expect(err).toBeVisible();
  await expect(err).toContainText("Name must be a slug");
  // The message is tied to the field for screen readers.
  expect(await name.getAttribute("aria-describedby")).toContain("fld-name-err");
  await expect(page).toHaveURL(/\/models\/new$/);
  await expect(name).toHaveValue("Bad Name");
  // The summary points at the field rather than repeating its message.
  await expect(page.getByTestId("form-error")).toHaveText("One field needs a change: see the message under it.");

  // Without a risk tier as well: both fields are marked, each with its own message.
  await page.goto("/models/new");
  await page.getByLabel("Name").fill("Bad Name");
  await page.getByRole("button", { name: "Register model" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("2 fields need a change: see the messages under them.");
  await expect(page.locator("#fld-name-err")).toContainText("Name must be a slug");
  await expect(page.locator("#fld-riskTier-err")).toHaveText("Risk tier must be one of: low, medium, high, critical");

  // Nothing was created.
  const viewer = await apiAs(E2E.users.viewer);
  expect((await viewer.get(`/api/v1/models/${encodeURIComponent("Bad Name")}`)).status()).toBe(404);
  await viewer.dispose();
});

test("registering a name that exists says so and stays on the form", async ({ page }) => {
  await signIn(page, E2E.users.contributor);
  await page.goto("/models/new");
  await page.getByLabel("Name").fill(DEMO_MODELS[0].name);
  await page.getByLabel("Risk tier").selectOption("low");
  await page.getByRole("button", { name: "Register model" }).click();
  await expect(page.getByTestId("form-error")).toContainText(`A model named ${DEMO_MODELS[0].name} exists already.`);
  await expect(page).toHaveURL(/\/models\/new$/);
});

test("a viewer sees no register buttons, and /models/new tells them they cannot", async ({ page }) => {
  await signIn(page, E2E.users.viewer);
  await page.goto("/models");
  await expect(table(page)).toBeVisible();
  await expect(page.getByRole("link", { name: "Register model" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Register model" })).toHaveCount(0);

  const model = DEMO_MODELS[0].name;
  await page.goto(`/models/${model}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(model);
  await expect(page.getByRole("link", { name: /Register (model|version)/ })).toHaveCount(0);

  await page.goto("/models/new");
  await expect(page.getByText("Only contributors can register models.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Register model" })).toHaveCount(0);
  await expect(page.getByLabel("Name")).toHaveCount(0);

  await page.goto(`/models/${model}/versions/new`);
  await expect(page.getByText("Only the model's owner, its maintainers or an admin can register versions.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Register version" })).toHaveCount(0);
});

test("a model page and a version page, opened from the table, show stage, owner, risk tier and evaluations", async ({ page }) => {
  const d = DEMO_MODELS.find((x) => x.versions.some(([, s]) => s === "production") && x.versions.length >= 3)!;
  const [prodVersion] = d.versions.find(([, s]) => s === "production")!;
  await signIn(page, E2E.users.viewer);
  await page.goto(`/models?q=${d.name}`);
  await table(page).getByRole("link", { name: d.name, exact: true }).click();
  await page.waitForURL(`/models/${d.name}`);

  await expect(page).toHaveTitle(`${d.name} · Steward`);
  await expect(dd(page, "Owner")).toHaveText(d.owner);
  await expect(dd(page, "Team")).toHaveText(d.team);
  await expect(dd(page, "Risk tier")).toHaveText(d.riskTier);
  await expect(dd(page, "In production")).toHaveText(prodVersion);
  // Versions newest first, each with the stage the seed left it in.
  const versions = page.getByRole("region", { name: "Versions" }).locator("tbody tr");
  await expect(versions).toHaveCount(d.versions.length);
  const newestFirst = [...d.versions].reverse();
  for (let i = 0; i < newestFirst.length; i++) {
    await expect(versions.nth(i).locator("td").nth(0)).toHaveText(newestFirst[i][0]);
    await expect(versions.nth(i).locator("td").nth(1)).toHaveText(newestFirst[i][1]);
  }

  await versions.getByRole("link", { name: prodVersion, exact: true }).click();
  await page.waitForURL(`/models/${d.name}/versions/${prodVersion}`);
  await expect(page).toHaveTitle(`${d.name} ${prodVersion} · Steward`);
  await expect(dd(page, "Stage")).toHaveText("production");
  await expect(dd(page, "Owner")).toHaveText(d.owner);
  await expect(dd(page, "Model risk")).toHaveText(d.riskTier);
  await expect(dd(page, "Framework")).toHaveText(d.framework);
  const evalPanel = page.getByRole("region", { name: "Evaluations", exact: true });
  const evals = evalPanel.locator("tbody tr");
  await expect(evals).toHaveCount(1);
  // One table per dataset, headed by its name, with a column per metric and a row per slice.
  await expect(evalPanel.locator("h3")).toHaveText(`${d.name}-holdout`);
  await expect(evalPanel.locator("thead")).toContainText(d.metric);
  await expect(evals.first()).toContainText("whole dataset");
  // The breadcrumb leads back to the model.
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: d.name }).click();
  await page.waitForURL(`/models/${d.name}`);
});
