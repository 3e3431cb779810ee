import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { E2E } from "../env";
import { signIn } from "../fixtures";
import { snap } from "./support";

// Controls and frameworks (lib/controls/) on the seeded demo: credit-default 1.1.0 is in production with a card, a
// bias audit, evaluations, lineage and SLOs (lib/demo/), so its coverage mixes found, stale and missing evidence;
// reviews, findings, incidents and risk assessments come from the model-risk workflows (Art. 73 reads the incidents).

const SCREENS = `${process.env.E2E_OUTPUT_DIR ?? "test-results"}/screens`;

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

for (const width of [1280, 390]) {
  test.describe(`frameworks at ${width} px`, () => {
    test.use({ viewport: { width, height: width === 390 ? 844 : 900 } });

    test("the frameworks page and one framework's controls, with each production model's status", async ({ page }) => {
      await signIn(page, E2E.users.viewer);
      await page.goto("/compliance/frameworks");
      await expect(page).toHaveTitle("Frameworks · Steward", { timeout: 20_000 });
      for (const title of [
        "EU AI Act (high-risk providers)",
        "NIST AI Risk Management Framework",
        "ISO/IEC 42001 Annex A",
        "SR 11-7 model risk management",
      ])
        await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
      await expect(page.getByText(/% covered: \d+ of \d+/).first()).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snap(page, { path: `${SCREENS}/frameworks-${width}.png`, fullPage: true });

      await page.getByRole("link", { name: "EU AI Act (high-risk providers)", exact: true }).click();
      await expect(page).toHaveTitle("Framework eu-ai-act · Steward");
      const rows = page.getByTestId("control-row");
      await expect(rows).toHaveCount(10);
      await expect(rows.first()).toContainText("Art. 9");
      await expect(rows.last()).toContainText("Art. 73");
      // Every control names credit-default's status; opening one shows its evidence with links.
      const art15 = rows.filter({ hasText: "Art. 15" });
      await expect(art15.locator("summary")).toContainText("credit-default");
      await art15.locator("summary").click();
      await expect(art15.getByRole("link", { name: "bias_audit" }).first()).toBeVisible();
      await expect(page.getByTestId("portfolio-figures")).toContainText(/\d+% covered: \d+ of \d+/);
      await expect(page.getByRole("link", { name: "Download CSV" })).toHaveAttribute(
        "href",
        "/api/v1/frameworks/eu-ai-act/coverage?format=csv",
      );
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snap(page, { path: `${SCREENS}/framework-eu-ai-act-${width}.png`, fullPage: true });
    });

    test("the model page's framework coverage, with a framework picker and its CSV", async ({ page }) => {
      await signIn(page, E2E.users.viewer);
      await page.goto("/models/credit-default");
      const panel = page.getByRole("region", { name: "Framework coverage" });
      await expect(panel.getByTestId("framework-figures")).toContainText("of 10");
      await expect(panel.getByTestId("framework-figures")).toContainText("version 1.1.0 (production)");
      await expect(panel.getByText(/incidents? recorded/).first()).toBeVisible();
      await panel.getByLabel("Framework").selectOption({ label: "SR 11-7 model risk management" });
      await expect(panel.getByTestId("framework-figures")).toContainText("of 13");
      await expect(panel.getByText("SR11-7.V.1", { exact: true })).toBeVisible();
      await expect(panel.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", /framework=sr-11-7&format=csv$/);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await snap(panel, { path: `${SCREENS}/model-framework-coverage-${width}.png` });

      const csv = await page.request.get("/api/v1/models/credit-default/framework-coverage?framework=sr-11-7&format=csv");
      expect(csv.status()).toBe(200);
      expect(csv.headers()["content-type"]).toContain("text/csv");
      expect((await csv.text()).split("\r\n")[0]).toBe("framework,model,version,control,title,status,evidence,evidence_status,reason,link");
    });
  });
}

test("the executive dashboard shows coverage by framework", async ({ page }) => {
  await signIn(page, E2E.users.viewer);
  await page.goto("/dashboards/executive");
  const panel = page.getByTestId("coverage-by-framework");
  await expect(panel.getByRole("heading", { name: "Coverage by framework" })).toBeVisible({ timeout: 20_000 });
  await expect(panel.getByRole("img").first()).toBeVisible();
  expect(await panel.getByRole("img").count()).toBeGreaterThanOrEqual(4);
  await snap(panel, { path: `${SCREENS}/executive-frameworks-1280.png` });
});
