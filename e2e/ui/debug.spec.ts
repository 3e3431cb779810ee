import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, signIn } from "../fixtures";
import { snap } from "./support";

// The demo's drift story (lib/demo/drift.ts): credit-default 1.1.0's debt_ratio moved up three days ago, a drift
// ticket fires on it, and its accuracy falls as late labels arrive.

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

// One walk through the page; on a loaded machine the two axe passes alone can take tens of seconds.
test.setTimeout(180_000);

test("debug: from the drift alert on on-call to the drifted feature, the charts, a trace, at 1280 and 390 px", async ({ page }) => {
  // The demo reports no resources for the version: the platform reports six hours of them, scaling 2 → 3 replicas.
  const platform = await apiAs(E2E.users.contributor);
  const now = Date.now();
  const points = Array.from({ length: 24 }, (_, i) => {
    const ago = (24 - i) * 15 * 60_000;
    return {
      model: "credit-default",
      version: "1.1.0",
      environment: "production",
      ts: new Date(now - ago).toISOString(),
      cpu: 1.2 + (i % 5) * 0.2,
      memoryMb: 900 + i * 8,
      replicas: ago > 2 * 3_600_000 ? 2 : 3,
    };
  });
  const res = await platform.post("/api/v1/resources", { data: { points } });
  expect(res.status(), await res.text()).toBeLessThan(300);
  await platform.dispose();

  await signIn(page, E2E.users.viewer);
  await page.goto("/dashboards/on-call");
  const alert = page
    .getByTestId("alerts-panel")
    .getByTestId("firing-alert")
    .filter({ hasText: /credit-default 1\.1\.0: feature debt_ratio has drifted/ });
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await alert.getByRole("link", { name: "Debug credit-default 1.1.0" }).click();
  await page.waitForURL(
    (u) =>
      u.pathname === "/dashboards/debug" && u.searchParams.get("model") === "credit-default" && u.searchParams.get("version") === "1.1.0",
  );
  await expect(page).toHaveTitle("Debug · Steward");

  // debt_ratio first, drifted; the others behind it.
  const features = page.getByTestId("drift-feature");
  await expect(features.first().getByRole("heading")).toHaveText("debt_ratio");
  await expect(features.first().getByText("drifted", { exact: true })).toBeVisible();
  expect(await features.count()).toBeGreaterThan(1);
  await expect(features.nth(1).getByRole("heading")).not.toHaveText("debt_ratio");

  // Outliers beside drift (F6): the shifted debt_ratio has the highest share outside the reference's 0.5–99.5 % range,
  // and the sampled inputs farthest outside name it.
  const outliers = page.getByTestId("outliers-panel");
  await expect(outliers.getByRole("heading", { name: "Outliers", exact: true })).toBeVisible();
  await expect(outliers.getByTestId("outlier-input").first()).toContainText("debt_ratio");
  await expect(outliers.getByTestId("outlier-sample").first()).toContainText("debt_ratio=");

  // The charts are drawn, with legends.
  const dist = features.first().getByTestId("distribution-chart");
  await expect(dist.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(dist.locator(".recharts-legend-wrapper")).toContainText("earlier window");
  await expect(page.getByTestId("quality-chart").locator("svg.recharts-surface").first()).toBeVisible();
  await expect(page.getByTestId("latency-chart").locator("svg.recharts-surface").first()).toBeVisible();
  const resources = page.getByTestId("resources-chart");
  await expect(resources.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(resources.getByRole("img", { name: /Autoscaling: 2 to 3 replicas/ })).toBeVisible();

  expect(await seriousViolations(page)).toEqual([]);
  await snap(page, { path: "test-results/debug-ui/page-1280.png", fullPage: true });

  // A sampled request's trace id finds it again (a plain GET form: ?trace=).
  const trace =
    (await page.getByTestId("samples-table").getByTestId("sample-row").first().locator("td").nth(1).textContent())?.trim() ?? "";
  expect(trace).toMatch(/^cd-/);
  await page.getByRole("search", { name: "Find a request by trace id" }).getByLabel("Trace id").fill(trace);
  await page.getByRole("button", { name: "Find" }).click();
  await page.waitForURL((u) => u.searchParams.get("trace") === trace);
  await expect(page.getByTestId("samples-summary")).toContainText("1 sampled request of credit-default carrying");
  await expect(page.getByTestId("samples-table").getByTestId("sample-row")).toHaveCount(1);
  await expect(page.getByTestId("samples-table")).toContainText(trace);

  // An unknown model: 404 from the API, a chooser on the page.
  expect((await page.request.get("/api/v1/dashboards/debug?model=no-such-model")).status()).toBe(404);

  // A phone: no sideways scrolling of the page (tables scroll in their own region), axe-clean.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/dashboards/debug?model=credit-default&version=1.1.0");
  await expect(page.getByTestId("drift-feature").first().getByRole("heading")).toHaveText("debt_ratio");
  await expect(page.getByTestId("distribution-chart").first().locator("svg.recharts-surface").first()).toBeVisible();
  await expect(page.getByTestId("outliers-panel").getByTestId("outlier-input").first()).toContainText("debt_ratio");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await seriousViolations(page)).toEqual([]);
  await snap(page, { path: "test-results/debug-ui/page-390.png", fullPage: true });
});
