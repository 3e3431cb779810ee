import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { E2E } from "../env";
import { adminApi, signIn, unique } from "../fixtures";
import { snap } from "./support";

// One story, in order: what the admin does is what the compliance user then finds in the trail.
test.describe.configure({ mode: "serial" });

const person = { email: `${unique("ines")}@example.com`, name: "Ines Oyelaran" };
const tokenName = "nightly retrain";
let tokenId = "";

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

async function signedInPage(browser: Browser, email: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test("an admin creates a user in the browser, with field errors shown under the fields", async ({ page }) => {
  await signIn(page, E2E.users.admin);
  await page.goto("/admin");
  await expect(page).toHaveTitle("Admin · Steward");
  await expect(page.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();
  await expect(page.getByTestId("users-table").getByText(E2E.users.compliance)).toBeVisible();

  const form = page.getByRole("form", { name: "Create a user" });
  await form.getByLabel(/^Email/).fill("not-an-email");
  await form.getByLabel(/^Name/).fill(person.name);
  await form.getByLabel(/^Initial password/).fill("too-short");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.locator("#fld-email-err")).toHaveText("Email must be an email address");
  await expect(form.locator("#fld-password-err")).toHaveText("Initial password must be at least 12 characters");
  await expect(form.getByLabel(/^Email/)).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel(/^Email/).fill(person.email);
  await form.getByLabel(/^Initial password/).fill("a-long-enough-password");
  await form.getByRole("checkbox", { name: /^contributor/ }).check();
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("user-created")).toContainText(`Created ${person.email} (viewer, contributor)`);
  const row = page.locator(`[data-testid=user-row][data-email="${person.email}"]`);
  await expect(row).toContainText(person.name);
  await expect(row.getByTestId("user-status")).toHaveText("active");

  // The same email again is a conflict, said at the top of the form.
  await form.getByLabel(/^Email/).fill(person.email);
  await form.getByLabel(/^Name/).fill(person.name);
  await form.getByLabel(/^Initial password/).fill("a-long-enough-password");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByTestId("form-error")).toContainText("exists already");
});

test("the admin issues the user a token, shown once, that works until it is revoked", async ({ page, request }) => {
  await signIn(page, E2E.users.admin);
  await page.goto("/admin");
  await page.getByRole("link", { name: `Tokens of ${person.email}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Tokens of ${person.email}`);
  await expect(page.getByText("No tokens yet.")).toBeVisible();

  const form = page.getByRole("form", { name: "Issue a token" });
  await form.getByLabel(/^Name/).fill(tokenName);
  await form.getByRole("checkbox", { name: /^write/ }).check();
  await form.getByRole("button", { name: "Issue token" }).click();

  const issued = page.getByTestId("issued-token");
  await expect(issued.getByRole("heading")).toHaveText(`Token “${tokenName}” issued`);
  await expect(issued).toContainText("Copy it now: it will not be shown again.");
  await expect(issued.getByRole("heading")).toBeFocused();
  const field = issued.getByRole("textbox", { name: /^Token/ });
  await expect(field).toHaveAttribute("readonly", "");
  const token = await field.inputValue();
  expect(token).toMatch(/^stw_[A-Za-z0-9_-]{40,}$/);
  await snap(page, { path: "test-results/admin-ui/token-issued-1280.png", fullPage: true });

  const row = page.locator(`[data-testid=token-row][data-token-name="${tokenName}"]`);
  await expect(row.getByTestId("token-state")).toHaveText("active");
  tokenId = (await row.getAttribute("data-token-id")) ?? "";
  expect(tokenId).toMatch(/^tok_/);

  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: person.email, name: person.name, roles: ["viewer", "contributor"] });

  // Shown once: after a reload the page has no trace of the secret, only the token's name and id.
  await page.reload();
  await expect(page.getByTestId("issued-token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  await expect(row).toContainText(tokenId);

  await row.getByRole("button", { name: `Revoke the token ${tokenName}` }).click();
  await expect(row).toContainText("Anything using it gets 401");
  await row.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(row.getByTestId("token-state")).toContainText("revoked");

  const after = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe("unauthenticated");
});

test("the admin changes the user's roles, then disables them, which ends their tokens at once", async ({ page, request }) => {
  // A second, live token, to see disabling end it.
  const admin = await adminApi();
  const res = await admin.post(`/api/v1/users/${encodeURIComponent(person.email)}/tokens`, { data: { name: "second", scopes: ["read"] } });
  expect(res.status()).toBe(201);
  const second = (await res.json()).token as string;
  await admin.dispose();
  expect((await request.get("/api/v1/me", { headers: { authorization: `Bearer ${second}` } })).status()).toBe(200);

  await signIn(page, E2E.users.admin);
  await page.goto("/admin");
  const row = page.locator(`[data-testid=user-row][data-email="${person.email}"]`);
  await row.getByRole("button", { name: `Manage ${person.email}` }).click();
  const panel = page.getByRole("form", { name: `Roles of ${person.email}` });
  await expect(panel.getByRole("button", { name: "Save roles" })).toBeDisabled();
  await panel.getByRole("checkbox", { name: /^reviewer/ }).check();
  await panel.getByRole("button", { name: "Save roles" }).click();
  await expect(page.getByTestId("user-saved")).toHaveText("Roles saved: viewer, contributor, reviewer.");
  await expect(row).toContainText("reviewer");

  await expect(page.getByText("Disabling ends their sessions and revokes all their tokens at once.")).toBeVisible();
  await page.getByRole("button", { name: "Disable user…" }).click();
  await expect(page.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.getByRole("button", { name: "Yes, disable" }).click();
  await expect(page.getByTestId("user-saved")).toContainText(`${person.email} is disabled`);
  await expect(row.getByTestId("user-status")).toHaveText("disabled");

  expect((await request.get("/api/v1/me", { headers: { authorization: `Bearer ${second}` } })).status()).toBe(401);

  // The admin cannot lock themself out from here.
  const self = page.locator(`[data-testid=user-row][data-email="${E2E.users.admin}"]`);
  await self.getByRole("button", { name: `Manage ${E2E.users.admin}` }).click();
  await expect(page.getByText("This is you. You cannot disable yourself")).toBeVisible();
});

test("a compliance user sees the chain verified and the admin's actions in the trail", async ({ browser }) => {
  const page = await signedInPage(browser, E2E.users.compliance);
  await page.goto("/audit");
  await expect(page).toHaveTitle("Audit trail · Steward");
  const verified = page.getByTestId("verify-result");
  await expect(verified).toHaveAttribute("data-ok", "true");
  await expect(verified).toContainText("Chain verified");
  await expect(verified).toContainText(/All [\d,]+ entries check out/);

  // The first view opens on the newest entries, which are the ones just made.
  const entries = page.getByTestId("audit-entry");
  for (const [action, id] of [
    ["user.created", person.email],
    ["token.created", tokenId],
    ["token.revoked", tokenId],
    ["user.updated", person.email],
    ["user.disabled", person.email],
  ]) {
    await expect(page.locator(`[data-testid=audit-entry][data-action="${action}"]`).filter({ hasText: id })).toHaveCount(1);
  }

  // Filter by entity, held in the address; expand an entry to see before and after side by side.
  await page.getByLabel("Entity id").fill(person.email);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`entityId=${encodeURIComponent(person.email).replace(/\./g, "\\.")}`));
  await expect(entries).toHaveCount(3);
  await expect(page.getByTestId("audit-summary")).toContainText("3 matching entries");
  const disabled = page.locator('[data-testid=audit-entry][data-action="user.disabled"]');
  await expect(disabled).toContainText(E2E.users.admin);
  await disabled.getByText("Before and after").click();
  await expect(disabled.getByText("Changed:")).toBeVisible();
  await expect(disabled.getByRole("heading", { name: "Before" })).toBeVisible();
  await expect(disabled.getByRole("heading", { name: "After" })).toBeVisible();
  await expect(disabled.locator("pre").nth(1)).toContainText('"disabled": true');

  // A date alone covers the whole day (UTC); a range that holds none of them says so and how to widen it.
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("From (UTC)").fill(today);
  await page.getByLabel("To (UTC, inclusive)").fill(today);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}&to=/);
  await expect(entries).toHaveCount(3);
  await page.getByLabel("To (UTC, inclusive)").fill("2000-01-01");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No entry matches this filter.")).toBeVisible();
  await page.getByLabel("From (UTC)").fill("yesterday");
  await page.getByLabel("To (UTC, inclusive)").fill("");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("Ignored, as not valid: from.")).toBeVisible();
  await expect(entries).toHaveCount(3);

  // The downloads carry the same filter.
  const ndjson = await page.request.get((await page.getByTestId("export-ndjson").getAttribute("href")) ?? "");
  expect(ndjson.status()).toBe(200);
  const lines = (await ndjson.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => l.action)).toEqual(["user.created", "user.updated", "user.disabled"]);
  const csv = await page.request.get((await page.getByTestId("export-csv").getAttribute("href")) ?? "");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).trim().split("\r\n")).toHaveLength(4);
  await page.context().close();
});

test("a viewer gets a clear refusal on /admin and /audit", async ({ browser }) => {
  const page = await signedInPage(browser, E2E.users.viewer);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "This page needs the admin role." })).toBeVisible();
  await expect(page.getByTestId("users-table")).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Create a user" })).toHaveCount(0);
  await page.goto(`/admin/users/${encodeURIComponent(E2E.users.admin)}`);
  await expect(page.getByRole("heading", { name: "This page needs the admin role." })).toBeVisible();
  await expect(page.getByTestId("tokens-table")).toHaveCount(0);
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "This page needs the compliance or admin role." })).toBeVisible();
  await expect(page.getByTestId("audit-table")).toHaveCount(0);
  await expect(page.getByTestId("verify-result")).toHaveCount(0);
  await snap(page, { path: "test-results/admin-ui/audit-refused-1280.png" });
  // Their own tokens are theirs to manage.
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Issue a token" })).toBeVisible();
  await page.context().close();
});

test("the Security section: admins see it on /admin, compliance on /audit", async ({ page, browser, request }) => {
  expect((await request.get("/api/v1/me", { headers: { authorization: "Bearer stw_not-a-token-anyone-issued" } })).status()).toBe(401);
  await signIn(page, E2E.users.admin);
  await page.goto("/admin");
  const section = page.getByTestId("security-section");
  await expect(section.getByRole("heading", { level: 2, name: "Security" })).toBeVisible();
  const tokens = section.locator('[data-testid=security-count][data-kind="token_refused"]');
  expect(Number(await tokens.getByTestId("security-count-24h").textContent())).toBeGreaterThanOrEqual(1);
  await expect(section.getByTestId("security-chart")).toBeVisible();
  await expect(section.getByTestId("security-event").first()).toBeVisible();
  await snap(page, { path: "test-results/admin-ui/security-1280.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await section.getByTestId("security-chart").scrollIntoViewIfNeeded();
  await snap(page, { path: "test-results/admin-ui/security-390.png" });

  const compliance = await signedInPage(browser, E2E.users.compliance);
  await compliance.goto("/audit");
  await expect(compliance.getByTestId("security-section").getByTestId("security-count")).toHaveCount(3);
  await compliance.context().close();
});

test("any user issues a token for themself on /account, reached from the shell", async ({ browser, request }) => {
  const page = await signedInPage(browser, E2E.users.reviewer);
  await page.getByTestId("current-user").click();
  await expect(page).toHaveURL(/\/account$/);
  const form = page.getByRole("form", { name: "Issue a token" });
  await form.getByLabel(/^Name/).fill("my laptop");
  await form.getByRole("button", { name: "Issue token" }).click();
  const token = await page.getByTestId("issued-token-value").inputValue();
  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(await me.json()).toMatchObject({ email: E2E.users.reviewer });
  await page.getByRole("button", { name: /I have copied it/ }).click();
  await expect(page.getByTestId("issued-token")).toHaveCount(0);
  await page.context().close();
});

test("/docs lists the API by tag, with schemas", async ({ page }) => {
  await signIn(page, E2E.users.viewer);
  await page.goto("/docs");
  await expect(page).toHaveTitle("API reference · Steward");
  await expect(page.getByRole("link", { name: "OpenAPI document (JSON)" })).toHaveAttribute("href", "/api/v1/openapi.json");
  for (const tag of ["health", "identity", "inventory", "audit"])
    await expect(page.getByRole("heading", { level: 2, name: tag, exact: true })).toBeVisible();
  const post = page.getByTestId("endpoint").filter({ hasText: "Create a user (admin)" });
  await post.locator("summary").click();
  await expect(post.getByRole("heading", { name: /Request body/ })).toBeVisible();
  await expect(post.getByRole("cell", { name: "password" })).toBeVisible();
  await expect(post.getByRole("row", { name: /password/ })).toContainText("12–200 characters");
  await expect(post).toContainText("409");
});

test("axe finds no serious or critical violation on /admin, /account, /audit, /docs", async ({ page }) => {
  // /docs grows with every endpoint, and axe reads all of it.
  test.setTimeout(180_000);
  await signIn(page, E2E.users.admin);
  const results: Record<string, string[]> = {};
  await page.goto("/admin");
  await page
    .locator(`[data-testid=user-row][data-email="${person.email}"]`)
    .getByRole("button", { name: /^Manage/ })
    .click();
  await page.getByRole("button", { name: "Enable user…" }).click();
  results["/admin"] = await seriousViolations(page);
  await page.goto(`/admin/users/${encodeURIComponent(person.email)}`);
  results["/admin/users/[email]"] = await seriousViolations(page);
  await page.goto("/account");
  results["/account"] = await seriousViolations(page);
  await page.goto("/audit");
  await page.getByTestId("audit-entry").last().getByText("Before and after").click();
  results["/audit"] = await seriousViolations(page);
  await page.goto("/docs");
  await page.getByTestId("endpoint").first().locator("summary").click();
  results["/docs"] = await seriousViolations(page);
  expect(results).toEqual({ "/admin": [], "/admin/users/[email]": [], "/account": [], "/audit": [], "/docs": [] });
});

test("screenshots of /admin and /audit at 1280 and 390 px", async ({ page }) => {
  await signIn(page, E2E.users.admin);
  for (const [w, h] of [
    [1280, 900],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    for (const p of ["admin", "audit", "account", "docs"]) {
      await page.goto(`/${p}`);
      await expect(page.locator("h1")).toBeVisible();
      // Nothing may overflow the page sideways at either width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
      await snap(page, { path: `test-results/admin-ui/${p}-${w}.png`, fullPage: true });
    }
    // The states a person spends time in: a user's row opened, one entry's changes, a user's tokens.
    await page.goto("/admin");
    await page
      .locator(`[data-testid=user-row][data-email="${person.email}"]`)
      .getByRole("button", { name: /^Manage/ })
      .click();
    await page.getByRole("button", { name: "Enable user…" }).click();
    await snap(page, { path: `test-results/admin-ui/admin-manage-${w}.png`, fullPage: true });
    await page.goto(`/audit?entityId=${encodeURIComponent(person.email)}`);
    await page.getByTestId("audit-entry").last().getByText("Before and after").click();
    await snap(page, { path: `test-results/admin-ui/audit-entry-${w}.png`, fullPage: true });
    await page.goto(`/admin/users/${encodeURIComponent(person.email)}`);
    await snap(page, { path: `test-results/admin-ui/user-tokens-${w}.png`, fullPage: true });
  }
});
