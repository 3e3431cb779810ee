// The audit page as a reviewer uses it: the seeded failing audit of recidivism-risk 2.0 names the harmed group in
// words, marks it in the charts and tables, greys the group too small to judge, and passes axe at desktop and phone width.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, signIn } from "../fixtures";
import { snap } from "./support";

async function auditId(model: string, version: string): Promise<string> {
  const api = await apiAs(E2E.users.viewer);
  const v = await (await api.get(`/api/v1/models/${model}/versions/${version}`)).json();
  await api.dispose();
  expect(v.audits.length, `${model} ${version} has a seeded audit`).toBeGreaterThan(0);
  return v.audits[0].id;
}

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

test("a failing audit names the harmed group, marks it in charts and tables, and greys the group too small to judge", async ({ page }) => {
  const id = await auditId("recidivism-risk", "2.0");
  await signIn(page, E2E.users.viewer);
  await page.goto(`/audits/${id}`);
  await expect(page).toHaveTitle("Bias audit broward-2013-2014: recidivism-risk 2.0 · Steward");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bias audit broward-2013-2014");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Failed");
  await expect(page.getByTestId("verdict-text")).toContainText("Failed");

  // The finding in words, from the fpr disparity of 1.912.
  const finding = page.getByTestId("finding").filter({ hasText: "African-American" }).first();
  await expect(finding).toContainText("African-American (race) fails");
  await expect(finding).toContainText(
    "People in the African-American group are flagged as high risk 1.91 times as often as those in the Caucasian group when they do not reoffend.",
  );

  const race = page.getByTestId("attribute-race");
  // The charts open on the rate that fails most; pick the false positive rate by keyboard.
  await race.getByRole("radio", { name: /^False positive rate/ }).focus();
  await page.keyboard.press("Space");
  await expect(race.getByRole("img", { name: /False positive rate disparity against Caucasian/ })).toHaveAttribute(
    "aria-label",
    /African-American: 1\.91× fails/,
  );
  await expect(race.getByRole("img", { name: /False positive rate by group/ })).toHaveAttribute(
    "aria-label",
    /Caucasian \(reference\): 0\.235/,
  );
  await page.keyboard.press("ArrowRight");
  await expect(race.getByRole("img", { name: /False negative rate disparity/ })).toHaveAttribute(
    "aria-label",
    /African-American: 0\.586× fails/,
  );

  const counts = race.getByTestId("counts-table");
  const black = counts.locator('tr[data-group="African-American"]');
  await expect(black).toContainText("3,696");
  await expect(black).toContainText("✗ fails");
  await expect(counts.locator('tr[data-group="Caucasian"]')).toContainText("reference");
  const small = counts.locator('tr[data-group="Native American"]');
  await expect(small).toContainText("too small to judge");
  await expect(small).toContainText("not judged");
  await expect(small).toHaveClass(/bg-slate-50/);

  await expect(page.getByTestId("intersection-race × sex")).toContainText("African-American × Male");
  const versions = page.getByTestId("version-comparison");
  await expect(versions.locator("tr")).toHaveCount(4); // header + 2.2, 2.1, 2.0
  await expect(versions.locator('tr[aria-current="page"]')).toContainText("2.0");

  const download = await page.request.get(`/api/v1/bias-audits/${id}?format=csv`);
  expect(download.status()).toBe(200);
  expect(await download.text()).toContain("race,African-American,false,3696,1369,805,990,532,");
  await expect(page.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", `/api/v1/bias-audits/${id}?format=csv`);

  expect(await seriousViolations(page)).toEqual([]);
  for (const s of [
    { w: 1280, h: 900 },
    { w: 390, h: 844 },
  ]) {
    await page.setViewportSize({ width: s.w, height: s.h });
    await page.waitForTimeout(300);
    await snap(page, { path: test.info().outputPath(`bias-audit-failed-${s.w}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `no sideways scrolling of the page at ${s.w}px`).toBeLessThanOrEqual(0);
  }
  expect(await seriousViolations(page)).toEqual([]);
});

test("a passing audit says so, and links from the comparison to the other versions' audits", async ({ page }) => {
  const id = await auditId("recidivism-risk", "2.1");
  await signIn(page, E2E.users.contributor);
  await page.goto(`/audits/${id}`);
  await expect(page.getByTestId("verdict-text")).toContainText("Passed");
  await expect(page.getByTestId("finding")).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, { path: test.info().outputPath("bias-audit-passed-390.png"), fullPage: true });
  await page.getByTestId("version-comparison").getByRole("link", { name: "broward-2013-2014" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("broward-2013-2014");
});

test("an unknown audit shows the not-found page", async ({ page }) => {
  await signIn(page, E2E.users.viewer);
  // The portal streams its pages (loading.tsx), so the status is sent before the audit is looked up: check the page.
  await page.goto("/audits/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  await page.goto("/audits/not-an-id");
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
});
