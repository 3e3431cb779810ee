import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { expectedSignature, type Receiver, startReceiver } from "../../tests/webhook-receiver";
import { E2E } from "../env";
import { signIn, unique } from "../fixtures";
import { snap } from "./support";

// One story, in order: the webhook added first is the one tested, paused and deleted after.
test.describe.configure({ mode: "serial" });

const name = unique("Deploy bot");
let receiver: Receiver;
let secret = "";

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

const item = (page: Page, n = name) => page.locator(`[data-testid=webhook][data-webhook-name="${n}"]`);

test.beforeAll(async () => {
  // The portal (another process) POSTs to this, in the test process.
  receiver = await startReceiver();
  receiver.respond = (r) => (r.path === "/flaky" ? 500 : 200);
});
test.afterAll(() => receiver.close());

test("an admin adds a webhook, sees its secret once, sends a test event that arrives signed, and sees it delivered", async ({ page }) => {
  await signIn(page, E2E.users.admin);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Webhooks", exact: true }).click();
  await expect(page).toHaveTitle("Webhooks · Steward");
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

  const form = page.getByRole("form", { name: "Add a webhook" });
  await form.getByLabel(/^Name/).fill(name);
  await form.getByLabel(/^URL/).fill("ftp://example.com/hook");
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(form.locator("#fld-url-err")).toHaveText("URL must be an http:// or https:// URL");
  await expect(form.getByLabel(/^URL/)).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel(/^URL/).fill(`${receiver.url}/deploy`);
  await expect(form.getByLabel(/^Events/)).toHaveValue("release.*");
  await form.getByRole("button", { name: "Add webhook" }).click();

  const created = page.getByTestId("created-webhook");
  await expect(created.getByRole("heading")).toHaveText(`Webhook “${name}” added`);
  await expect(created.getByRole("heading")).toBeFocused();
  await expect(created).toContainText("Copy its signing secret now: it will not be shown again.");
  secret = await created.getByRole("textbox", { name: "Signing secret" }).inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

  const hook = item(page);
  await expect(hook.getByTestId("webhook-url")).toHaveText(`${receiver.url}/deploy`);
  await expect(hook).toContainText("release.*");
  await expect(hook.getByTestId("no-deliveries")).toContainText("No deliveries yet. Send a test event");
  expect(await seriousViolations(page)).toEqual([]);

  await hook.getByRole("button", { name: "Send test event" }).click();
  await expect(hook.getByTestId("webhook-note")).toContainText("Test event queued");
  const [got] = await receiver.waitFor(1, "/deploy");
  expect(got.headers["content-type"]).toBe("application/json");
  expect(got.headers["x-steward-event"]).toBe("webhook.test");
  expect(got.headers["x-steward-delivery"]).toBe(got.body.id);
  expect(got.headers["x-steward-signature"]).toBe(expectedSignature(secret, got.raw));
  expect(got.body).toMatchObject({ event: "webhook.test", data: { webhook: { name }, sentBy: E2E.users.admin } });

  const row = hook.locator(`[data-testid=delivery-row][data-event-id="${got.body.id}"]`);
  await expect(row.getByTestId("delivery-status")).toHaveText("delivered");
  await expect(row.getByTestId("delivery-attempts")).toHaveText("1");
  await expect(row.getByTestId("delivery-answer")).toHaveText("HTTP 200");
  await expect(hook.getByTestId("webhook-last-delivery")).toContainText("delivered");
  expect(await seriousViolations(page)).toEqual([]);
  await snap(page, { path: "test-results/webhooks-ui/delivered-1280.png", fullPage: true });

  // Shown once: hidden on request, and after a reload the page holds no trace of it.
  await created.getByRole("button", { name: "I have copied it — hide it" }).click();
  await expect(created).toHaveCount(0);
  await page.reload();
  await expect(item(page).getByTestId("delivery-row")).toHaveCount(1);
  expect(await page.content()).not.toContain(secret);
});

test("a failing endpoint shows its answer and the retry; deactivating stops sends; delete asks first", async ({ page }) => {
  await signIn(page, E2E.users.admin);
  await page.goto("/admin/webhooks");
  const flakyName = unique("Flaky");
  const form = page.getByRole("form", { name: "Add a webhook" });
  await form.getByLabel(/^Name/).fill(flakyName);
  await form.getByLabel(/^URL/).fill(`${receiver.url}/flaky`);
  await form.getByLabel(/^Events/).fill("release.approved, Release Rejected");
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(form.locator("#fld-events-err")).toContainText("(the 2nd)");
  await form.getByLabel(/^Events/).fill("release.approved, release.rejected");
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByTestId("created-webhook")).toBeVisible();

  const flaky = item(page, flakyName);
  await flaky.getByRole("button", { name: "Send test event" }).click();
  await receiver.waitFor(1, "/flaky");
  const row = flaky.getByTestId("delivery-row").first();
  await expect(row.getByTestId("delivery-status")).toHaveText("pending");
  await expect(row.getByTestId("delivery-answer")).toHaveText("HTTP 500: the receiver failed to take the delivery.");
  await expect(row).toContainText("next try");

  // Deactivating asks, then fails what waits, and the test button waits for activation.
  await flaky.getByRole("button", { name: `Deactivate ${flakyName}` }).click();
  await expect(flaky.getByRole("button", { name: "Cancel" })).toBeFocused();
  await flaky.getByRole("button", { name: "Yes, deactivate" }).click();
  await expect(flaky.getByRole("heading", { level: 3 })).toHaveText(`${flakyName} inactive`);
  await expect(row.getByTestId("delivery-status")).toHaveText("failed");
  await expect(row.getByTestId("delivery-answer")).toHaveText("The webhook was deactivated before this was sent.");
  await expect(flaky.getByRole("button", { name: "Send test event" })).toBeDisabled();
  await flaky.getByRole("button", { name: "Activate" }).click();
  await expect(flaky.getByRole("heading", { level: 3 })).toHaveText(`${flakyName} active`);
  await expect(flaky.getByRole("button", { name: "Send test event" })).toBeEnabled();

  await flaky.getByRole("button", { name: `Delete ${flakyName}` }).click();
  await expect(flaky).toContainText("its delivery history is deleted");
  await flaky.getByRole("button", { name: "Yes, delete" }).click();
  await expect(flaky).toHaveCount(0);
  await expect(item(page)).toHaveCount(1);
});

test("at 390 px the page fits without sideways scrolling, works by keyboard, and passes axe", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, E2E.users.admin);
  await page.goto("/admin/webhooks");
  await expect(item(page).getByTestId("delivery-row")).toHaveCount(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await seriousViolations(page)).toEqual([]);
  await snap(page, { path: "test-results/webhooks-ui/page-390.png", fullPage: true });

  // The header's link jumps to the form; the keyboard reaches "Send test event" and presses it.
  await page.getByRole("link", { name: "Add a webhook" }).click();
  await expect(page.getByRole("form", { name: "Add a webhook" })).toBeInViewport();
  const send = item(page).getByRole("button", { name: "Send test event" });
  await send.focus();
  await page.keyboard.press("Enter");
  await receiver.waitFor(2, "/deploy");
  await expect(item(page).getByTestId("delivery-row")).toHaveCount(2);
  await expect(item(page).getByTestId("delivery-row").first().getByTestId("delivery-status")).toHaveText("delivered");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("a non-admin gets the same refusal as on /admin", async ({ page }) => {
  await signIn(page, E2E.users.compliance);
  await page.goto("/admin/webhooks");
  await expect(page).toHaveTitle("Webhooks · Steward");
  await expect(page.getByTestId("role-required")).toContainText("This page needs the admin role.");
  await expect(page.getByTestId("webhook")).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
});
