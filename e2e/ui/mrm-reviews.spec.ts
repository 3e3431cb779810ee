import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, signIn, unique } from "../fixtures";
import { snap } from "./support";

// Periodic reviews (lib/mrm/) in the browser: the demo's aml-alert-triage (high tier, last reviewed 13 months ago,
// lib/demo/mrm.ts) is overdue on /reviews; a validator independent of a model opens its review from the model page,
// ticks the checklist and records the outcome.

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

for (const width of [1280, 390]) {
  test.describe(`reviews at ${width} px`, () => {
    test.use({ viewport: { width, height: width === 390 ? 844 : 900 } });

    test("a validator sees the overdue review, then reviews a model in the browser", async ({ page }) => {
      const owner = await apiAs(E2E.users.contributor);
      const model = unique("ui-review");
      const created = await owner.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "high" } });
      expect(created.status(), await created.text()).toBe(201);
      await owner.dispose();

      await signIn(page, E2E.users.reviewer);
      await page.goto("/reviews");
      await expect(page).toHaveTitle("Reviews · Steward", { timeout: 20_000 });
      const overdue = page.getByRole("region", { name: /^Overdue/ });
      await expect(overdue.getByRole("row").filter({ hasText: "aml-alert-triage" }).getByTestId("review-state")).toContainText(
        /overdue \d+ days?/,
      );
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snap(page.locator("main"), { path: `test-results/screens/mrm-reviews-list-${width}.png` });

      await page.goto(`/models/${model}`);
      const risk = page.getByRole("region", { name: "Risk and reviews" });
      await expect(risk).toContainText("Not assessed yet.");
      await risk.getByRole("button", { name: "Start review" }).click();
      await expect(page).toHaveURL(/\/reviews\/[0-9a-f-]{36}$/);
      const form = page.getByRole("form", { name: "Complete the review" });
      const boxes = form.getByRole("checkbox");
      await expect(boxes).toHaveCount(7);
      // Satisfactory with an item not done is refused, naming the item.
      for (let i = 0; i < 6; i++) await boxes.nth(i).check();
      await form.getByLabel("Satisfactory", { exact: true }).check();
      await form.getByLabel("Comment").fill("Card, metrics and monitoring hold; back-testing on Q3 decisions passes.");
      await form.getByRole("button", { name: "Record outcome" }).click();
      await expect(form).toContainText("must be done for a satisfactory outcome");
      expect(await seriousViolations(page)).toEqual([]);
      await boxes.nth(6).check();
      await form.getByRole("button", { name: "Record outcome" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Satisfactory");
      await expect(page.getByTestId("review-comment")).toHaveText(
        "Card, metrics and monitoring hold; back-testing on Q3 decisions passes.",
      );
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snap(page.locator("main"), { path: `test-results/screens/mrm-review-done-${width}.png` });

      // The model page lists it in the history.
      await page.goto(`/models/${model}`);
      await expect(page.getByRole("region", { name: "Risk and reviews" })).toContainText("Satisfactory");
    });
  });
}
