import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, signIn, unique } from "../fixtures";
import { snap } from "./support";

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

async function axeAtBothWidths(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await seriousViolations(page), `${name} at ${width} px`).toEqual([]);
    await snap(page, { path: `test-results/screens/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a reviewer raises a finding from the model page; the owner sees it and starts remediation", async ({ page }) => {
  const owner = await apiAs(E2E.users.contributor);
  const model = unique("ui-finding");
  expect((await owner.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "high" } })).status()).toBe(
    201,
  );
  expect((await owner.post(`/api/v1/models/${model}/versions`, { data: { version: "1.0.0" } })).status()).toBe(201);
  await owner.dispose();

  await signIn(page, E2E.users.reviewer);
  await page.goto(`/models/${model}`);
  const panel = page.getByRole("region", { name: "Findings" });
  await expect(panel).toContainText("No finding has been raised against this model.");
  await panel.getByText("Raise a finding").click();
  const form = page.getByTestId("raise-finding-form");
  await form.getByLabel("Severity").selectOption("high");
  await form.getByLabel("Version").selectOption("1.0.0");
  await form.getByLabel("Title").fill("Income feature leaks the label");
  await form.getByLabel("What is wrong").fill("The income field is filled after the decision, so the model sees the outcome.");
  await form.getByLabel("Due date").fill("2030-06-30");
  await form.getByRole("button", { name: "Raise the finding" }).click();

  await expect(page).toHaveURL(/\/findings\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Income feature leaks the label");
  await expect(page.getByRole("region", { name: "About" })).toContainText("contributor@example.com");
  await expect(page.getByTestId("finding-history")).toContainText("Raised by reviewer@example.com");
  // The reviewer is independent of the model: they may close it; only compliance accepts risk; only the owner side works it.
  await expect(page.getByTestId("finding-close-form")).toBeVisible();
  await expect(page.getByTestId("finding-accept-form")).toHaveCount(0);
  await expect(page.getByTestId("finding-update-form")).toHaveCount(0);
  await axeAtBothWidths(page, "finding");
  const url = page.url();

  // The owner starts remediation with a plan; the history says so.
  await page.context().clearCookies();
  await signIn(page, E2E.users.contributor);
  await page.goto(url);
  const update = page.getByTestId("finding-update-form");
  await update.getByLabel("Remediation plan").fill("Drop income; retrain on the application-time snapshot.");
  await update.getByRole("button", { name: "Save and start remediation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("in remediation");
  await expect(page.getByTestId("finding-history")).toContainText("Remediation started by contributor@example.com");
  await expect(page.getByTestId("finding-close-form")).toHaveCount(0);

  // The list shows it, with its model.
  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Risk" }).click();
  await page.getByRole("navigation", { name: "Model risk" }).getByRole("link", { name: "Findings" }).click();
  // The whole suite raises many findings: filter the list by the model, as a user would.
  await page.locator("#f-model").fill(model);
  await page.locator("#f-model").press("Enter");
  await expect(page.getByTestId("findings-table").getByRole("row").filter({ hasText: "Income feature leaks the label" })).toContainText(
    model,
  );
  await axeAtBothWidths(page, "findings");
});

// The demo's claims-triage 1.0 burns its availability budget (a ticket firing now): see e2e/ui/on-call.spec.ts.
test("an on-call engineer records an incident from a firing alert with one click", async ({ page }) => {
  await signIn(page, E2E.users.contributor);
  await page.goto("/dashboards/on-call");
  const firing = page.getByTestId("firing-alert").filter({ hasText: "claims-triage 1.0: availability SLO" });
  await expect(firing).toContainText("burn rate", { timeout: 20_000 });
  await firing.getByRole("button", { name: /Record incident/ }).click();
  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1 })).toContainText("claims-triage 1.0: availability SLO");
  await expect(page.getByTestId("incident-timeline")).toContainText("Recorded from the alert");
  await expect(page.getByRole("region", { name: "About" })).toContainText("claims-triage");

  await page.getByTestId("timeline-form").getByLabel("What happened").fill("Rolled the tokeniser back.");
  await page.getByTestId("timeline-form").getByRole("button", { name: "Add to the timeline" }).click();
  await expect(page.getByTestId("incident-timeline")).toContainText("Rolled the tokeniser back. (contributor@example.com)");
  // A contributor neither marks it serious nor downloads the report.
  await expect(page.getByTestId("serious-form")).toHaveCount(0);
  await axeAtBothWidths(page, "incident");
  const url = page.url();

  // Compliance marks it serious: the deadline appears with the days left, and the report is offered.
  await page.context().clearCookies();
  await signIn(page, E2E.users.compliance);
  await page.goto(url);
  await page
    .getByTestId("serious-form")
    .getByLabel(/Serious incident/)
    .selectOption("widespread_or_critical_infrastructure");
  await page.getByTestId("serious-form").getByRole("button", { name: "Save" }).click();
  const deadline = page.getByTestId("serious-deadline");
  await expect(deadline).toContainText(/report due \d{4}-\d{2}-\d{2} \((2 days left|1 day left|due today)\)/);
  await expect(deadline).toContainText("Article 73(3)");
  const report = await page.request.get(`${url.replace(/\/incidents\//, "/api/v1/incidents/")}/report`);
  expect(report.status()).toBe(200);
  expect(await report.text()).toContain("## Corrective actions");
  await axeAtBothWidths(page, "incident-serious");
});
