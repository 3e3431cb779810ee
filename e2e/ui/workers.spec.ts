// /admin shows each background worker of the instance (issue 17, item 7): state, last run, lag and last error, readable
// at 1280 and 390 px and free of serious axe violations.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { E2E } from "../env";
import { signIn } from "../fixtures";
import { snap } from "./support";

const WORKERS = [
  ["telemetry_compactor", "Telemetry compactor"],
  ["alert_evaluator", "Alert evaluator"],
  ["webhook_sender", "Webhook sender"],
  ["checkpoint_publisher", "Checkpoint publisher"],
  ["pruning", "Pruning"],
  ["mrm_reminders", "Model-risk reminders"],
] as const;

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

test("an admin sees every worker on /admin with its state, last run, lag and last error, at 1280 and 390 px", async ({ page, request }) => {
  // Every worker has had its first pass (the evaluator's and the publisher's come 5 s after start).
  await expect.poll(async () => (await request.get("/api/ready")).status(), { timeout: 20_000 }).toBe(200);
  await signIn(page, E2E.users.admin);
  await page.goto("/admin");
  const section = page.getByTestId("workers-section");
  await expect(section.getByRole("heading", { level: 2, name: "Background workers" })).toBeVisible();
  const rows = section.getByTestId("worker-row");
  await expect(rows).toHaveCount(6);
  for (const [i, [name, label]] of WORKERS.entries()) {
    await expect(rows.nth(i)).toHaveAttribute("data-worker", name);
    await expect(rows.nth(i).getByRole("rowheader")).toContainText(label);
  }
  const row = (name: string) => section.locator(`[data-testid=worker-row][data-worker="${name}"]`);
  for (const name of ["telemetry_compactor", "alert_evaluator", "webhook_sender", "checkpoint_publisher"]) {
    await expect(row(name).getByTestId("worker-state")).toHaveText("alive");
    await expect(row(name).getByTestId("worker-last-run")).toContainText(/\d+ s ago|\d+ min ago/);
    await expect(row(name).getByTestId("worker-error")).toHaveText("none");
  }
  await expect(row("pruning").getByTestId("worker-state")).toHaveText("on demand");
  await expect(row("alert_evaluator").getByTestId("worker-lag")).toContainText(/^last pass \d+ (s|min) ago$/);
  await expect(row("checkpoint_publisher").getByTestId("worker-lag")).toContainText(/up to date|entr(y|ies) since the last checkpoint/);
  await expect(row("webhook_sender").getByTestId("worker-lag")).toContainText(/nothing due|overdue/);
  expect(await seriousViolations(page)).toEqual([]);
  await section.scrollIntoViewIfNeeded();
  await snap(section, { path: "test-results/admin-ui/workers-1280.png" });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(section.getByTestId("worker-row")).toHaveCount(6);
  // On a phone the last run, lag and last error fold under the worker's name: no sideways scroll.
  await expect(row("alert_evaluator").getByTestId("worker-lag")).toBeHidden();
  await expect(row("alert_evaluator").getByRole("rowheader")).toContainText(/Lag: last pass \d+ (s|min) ago/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const table = section.getByRole("region", { name: "Background workers" });
  expect(await table.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
  await section.scrollIntoViewIfNeeded();
  await snap(section, { path: "test-results/admin-ui/workers-390.png" });
});

test("the workers are not shown to a compliance user on /admin", async ({ page }) => {
  await signIn(page, E2E.users.compliance);
  await page.goto("/admin");
  await expect(page.getByTestId("workers-section")).toHaveCount(0);
});
