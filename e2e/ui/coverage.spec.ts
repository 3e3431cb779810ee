import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { E2E } from "../env";
import { signIn } from "../fixtures";
import { snap } from "./support";

// Failure-mode coverage (lib/coverage/) on the seeded demo: credit-default 1.1.0 is in production with a reference
// profile, labels arriving late and telemetry (lib/demo/drift.ts), and its debt_ratio drift and accuracy tickets fire.

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

for (const width of [1280, 390]) {
  test.describe(`coverage at ${width} px`, () => {
    test.use({ viewport: { width, height: width === 390 ? 844 : 900 } });

    test("the on-call page shows what is watched for the model it shows, and the blind spots across production", async ({ page }) => {
      await signIn(page, E2E.users.reviewer);
      await page.goto("/dashboards/on-call?model=credit-default");
      await expect(page).toHaveTitle("On-call · Steward", { timeout: 20_000 });
      const modes = page.getByTestId("coverage-modes");
      await expect(modes.locator("li")).toHaveCount(8);
      await expect(modes).toContainText("credit-default 1.1.0");
      // Drift against the reference profile fires on debt_ratio: F5 is live and firing with the alert's title.
      const f5 = page.getByTestId("coverage-F5");
      await expect(f5.getByText("live", { exact: true })).toBeVisible();
      await expect(f5.getByText("firing", { exact: true })).toBeVisible();
      await expect(f5).toContainText("debt_ratio");
      // Labels arrive (late) for its predictions: concept drift is watched.
      await expect(page.getByTestId("coverage-F2").getByText("live", { exact: true })).toBeVisible();
      // The security log is always on.
      await expect(page.getByTestId("coverage-F8").getByText("live", { exact: true })).toBeVisible();
      await expect(page.getByTestId("coverage-F8").getByRole("link", { name: "Runbook for Permission errors" })).toHaveAttribute(
        "href",
        /#f8$/,
      );

      const portfolio = page.getByTestId("coverage-portfolio");
      await expect(portfolio).toContainText(/Of \d+ production versions?, how many are blind to each failure mode/);
      for (const mode of ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8"])
        await expect(portfolio.getByTestId(`coverage-count-${mode}`)).toBeVisible();
      // Nobody is blind to the security log.
      await expect(portfolio.getByTestId("coverage-count-F8").locator("td").first()).toHaveText("0");

      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snap(page.locator("#coverage").locator(".."), { path: `test-results/screens/coverage-on-call-${width}.png` });
      await snap(portfolio, { path: `test-results/screens/coverage-portfolio-${width}.png` });
    });

    test("the model page shows what is watched for its production version, with runbook links into the guide", async ({ page }) => {
      await signIn(page, E2E.users.viewer);
      await page.goto("/models/credit-default");
      const panel = page.getByRole("region", { name: "What is watched" });
      await expect(panel).toContainText("The version in production");
      await expect(panel.getByTestId("coverage-modes").locator("li")).toHaveCount(8);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snap(panel, { path: `test-results/screens/coverage-model-${width}.png` });

      // A blind or live mode's runbook: the model's own when it has one, else the portal's guide at the mode's section.
      const href = await panel.getByRole("link", { name: "Runbook for Poisoning and adversarial inputs" }).getAttribute("href");
      expect(href).toMatch(/#f6$/);
      await page.goto("/docs/failure-modes#f6");
      await expect(page).toHaveTitle("Failure modes · Steward");
      await expect(page.locator("#f6")).toHaveText("F6 · Poisoning and adversarial inputs");
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snap(page, { path: `test-results/screens/coverage-guide-${width}.png`, fullPage: true });
    });
  });
}

test("the release policy form holds the monitoring coverage allowance", async ({ page }) => {
  await signIn(page, E2E.users.admin);
  await page.goto("/admin/policies");
  await expect(page.getByLabel("Failure modes a candidate may be blind to")).toHaveValue("2");
  await expect(page.getByLabel("Monitoring coverage, to production")).toHaveValue("warn");
});
