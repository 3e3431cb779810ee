import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { E2E } from "../env";
import { signIn } from "../fixtures";
import { snap } from "./support";

// The demo's quarter of KPIs (lib/demo/kpis.ts): dynamic-pricing 2024.11 went out as a canary 40 days ago and
// completed 36 days ago, lifting revenue; product-recs 7.3.0 was rolled back 4 days ago for its click-through.
const SECTIONS = ["headline", "kpis", "rollouts", "health", "compliance"];

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

/** The vertices of a recharts linear path ("M x,y L x,y …"). */
function vertices(d: string): { x: number; y: number }[] {
  return [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
}

test("executive: a viewer sees the charts, filters by team, a revenue step beside its release, the print view, axe clean", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, E2E.users.viewer);
  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Executive" }).click();
  await expect(page).toHaveTitle("Executive · Steward");

  // Charts drawn, the rollback highlighted, every figure a link.
  const revenue = page.locator('[data-testid="kpi-chart"][data-kpi="revenue"]');
  await expect(revenue.locator("path.recharts-line-curve").first()).toBeVisible({ timeout: 20_000 });
  // The demo's five KPIs (the API specs may have added others by the time this runs).
  for (const k of ["revenue", "margin_rate", "ctr", "fraud_losses", "approval_rate"])
    await expect(page.locator(`[data-testid="kpi-chart"][data-kpi="${k}"]`)).toBeVisible();
  await expect(page.getByTestId("health-multiple").first().locator(".recharts-surface")).toBeVisible();
  const rolledBack = page.getByTestId("rollout").filter({ hasText: "product-recs" }).first();
  await expect(rolledBack).toHaveAttribute("data-status", "rolled_back");
  await expect(rolledBack.locator('[data-metric="ctr"]')).toContainText("regression");
  // Cold starts (F7): beside the deltas, the start-up error rate of the rollout's first 10 minutes (or why there is none).
  await expect(rolledBack.getByRole("columnheader", { name: /Start-up/ })).toBeVisible();
  await expect(rolledBack.locator('[data-metric="error_rate"] [data-testid="startup"]')).toHaveText(/\d\.\d{3}%|no requests|—/);
  await expect(page.getByTestId("figure-approved")).toHaveAttribute("href", "/releases?view=all");
  const everyone = Number(await page.getByTestId("production-count").textContent());
  expect(everyone).toBeGreaterThan(1);
  await expect(page.getByTestId("recent-events")).toContainText("open to the compliance and admin roles");

  // Filter by team: the URL says so, and the figures are read again for it.
  await page.getByLabel("Team").selectOption("pricing");
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForURL((u) => u.searchParams.get("team") === "pricing");
  await expect(page.getByTestId("production-count")).toHaveText("1");
  await expect(page.getByTestId("health-row")).toHaveCount(1);
  await expect(page.getByTestId("health-row")).toContainText("dynamic-pricing");
  await expect(page.getByTestId("scope")).toContainText("team pricing");

  // The step in dynamic-pricing's revenue sits beside the marker of the release that made it: the completed
  // rollout's line lies between the two days with the biggest rise.
  await expect(revenue.locator("path.recharts-line-curve")).toHaveCount(1);
  const points = vertices((await revenue.locator("path.recharts-line-curve").getAttribute("d")) ?? "");
  expect(points.length).toBeGreaterThan(80);
  let step = 1;
  for (let i = 1; i < points.length; i++) if (points[i - 1].y - points[i].y > points[step - 1].y - points[step].y) step = i;
  const marker = revenue.locator("g.exec-marker-completed line");
  await expect(marker).toHaveCount(1);
  const x = Number(await marker.getAttribute("x1"));
  expect(x).toBeGreaterThan(points[step - 1].x);
  expect(x).toBeLessThan(points[step].x);
  await expect(revenue.getByTestId("kpi-markers")).toContainText("dynamic-pricing 2024.11 canary completed at 100%");

  // For a meeting: the data as CSV and the chart as PNG.
  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    revenue.getByRole("button", { name: "Download the data of the Revenue attributed chart as CSV" }).click(),
  ]);
  expect(csv.suggestedFilename()).toBe("kpi-revenue.csv");
  const text = fs.readFileSync((await csv.path()) as string, "utf8");
  expect(text.split("\r\n")[0]).toBe("kpi,unit,model,day,value");
  expect(text).toContain("revenue,USD,dynamic-pricing,");
  const [png] = await Promise.all([
    page.waitForEvent("download"),
    revenue.getByRole("button", { name: "Download the Revenue attributed chart as PNG" }).click(),
  ]);
  expect(png.suggestedFilename()).toBe("kpi-revenue.png");
  expect(
    fs
      .readFileSync((await png.path()) as string)
      .subarray(1, 4)
      .toString(),
  ).toBe("PNG");

  expect(await seriousViolations(page)).toEqual([]);
  await snap(page, { path: "test-results/screens/executive-1280.png", fullPage: true });

  // Print (the filtered page): controls and navigation gone, every section there, no chart wider than its figure.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Period" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Refresh" })).toBeHidden();
  for (const s of SECTIONS) await expect(page.getByTestId(s)).toBeVisible();
  for (const fig of await page.locator('[data-testid="kpi-chart"], [data-testid="health-multiple"]').all()) {
    const f = await fig.boundingBox();
    // The chart's own SVG (legend icons are SVGs too): inside its figure, and not collapsed.
    const svg = await fig.locator(".recharts-wrapper > svg.recharts-surface").boundingBox();
    expect(f && svg && svg.width > 100 && svg.x >= f.x - 1 && svg.x + svg.width <= f.x + f.width + 1).toBe(true);
    // And drawn: the line is there, with its width and height.
    const line = await fig.locator("path.recharts-line-curve").first().boundingBox();
    expect(line && line.width > 100 && line.height > 10).toBe(true);
  }
  await snap(page, { path: "test-results/screens/executive-print.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });

  // A phone: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("headline")).toBeVisible();
  // (The charts re-measure on resize: give them the moment they take. A tooltip left from hovering at 1280 px is
  // clipped to its chart, so it cannot widen the page either.)
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snap(page, { path: "test-results/screens/executive-390.png", fullPage: true });
});
