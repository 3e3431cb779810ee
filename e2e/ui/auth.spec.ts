import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../../db/demo-data";
import { E2E } from "../env";
import { adminApi, signIn } from "../fixtures";
import { createUser } from "./support";

const ROLES = ["admin", "contributor", "reviewer", "compliance", "viewer"] as const;

for (const role of ROLES) {
  test(`a ${role} signs in and sees their name and roles in the shell`, async ({ page }) => {
    const email = E2E.users[role];
    const seeded = DEMO_USERS.find((u) => u.email === email);
    expect(seeded, `${email} is a seeded user`).toBeTruthy();
    await signIn(page, email, E2E.password, { fresh: true });
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId("current-user")).toHaveText(seeded!.name);
    await expect(page.getByTestId("current-roles")).toHaveText(seeded!.roles.join(", "));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Hello, ${seeded!.name.split(" ")[0]}`);
  });
}

test("a wrong password shows an error and stays on /login", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(E2E.users.viewer);
  await page.getByLabel("Password").fill("not-the-password-at-all");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("login-error")).toHaveText("The email or password is wrong, or the account is disabled.");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId("current-user")).toHaveCount(0);
});

test("after 5 failed sign-ins for one email even the right password is refused", async ({ page }) => {
  const u = await createUser(["viewer"], "locked");
  await page.goto("/login");
  await page.getByLabel("Email").fill(u.email);
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel("Password").fill(`wrong-password-${i}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("login-error")).toHaveText("The email or password is wrong, or the account is disabled.");
    // The button is busy while a request runs; wait until the form is usable again before the next try.
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  }
  await page.getByLabel("Password").fill(E2E.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const err = page.getByTestId("login-error");
  await expect(err).toContainText(/too many failed sign-ins/i);
  // 15-minute window, first failure a few seconds ago: 15 minutes to wait, not "NaN".
  await expect(err).toHaveText("Too many failed sign-ins for this email. Try again in 15 minutes.");
  await expect(page).toHaveURL(/\/login$/);

  // Other users are not affected.
  await page.getByLabel("Email").fill(E2E.users.viewer);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("current-user")).toHaveText("Victor Hale");
});

test("signing out returns to /login and the old session cookie no longer works", async ({ page, browser, baseURL }) => {
  await signIn(page, E2E.users.reviewer, E2E.password, { fresh: true });
  await expect(page.getByTestId("current-user")).toHaveText("Rafael Souza");
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.includes("next-auth.session-token"))).toBe(true);
  // The cookie works before sign-out.
  expect((await page.request.get("/api/v1/me")).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to Steward");

  const replay = await browser.newContext({ baseURL });
  try {
    await replay.addCookies(cookies);
    const p = await replay.newPage();
    await p.goto("/models");
    await expect(p).toHaveURL(/\/login/);
    await expect(p.getByTestId("current-user")).toHaveCount(0);
    const me = await replay.request.get("/api/v1/me");
    expect(me.status()).toBe(401);
    expect((await me.json()).error.code).toBeTruthy();
  } finally {
    await replay.close();
  }
});

test("a user disabled by the admin is signed out on their next page load", async ({ page }) => {
  const u = await createUser(["contributor"], "disabled");
  await signIn(page, u.email);
  await page.goto("/models");
  await expect(page.getByTestId("current-user")).toHaveText(u.name);

  const admin = await adminApi();
  const res = await admin.patch(`/api/v1/users/${encodeURIComponent(u.email)}`, { data: { disabled: true } });
  expect(res.status(), await res.text()).toBe(200);
  expect((await res.json()).disabled).toBe(true);
  await admin.dispose();

  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId("current-user")).toHaveCount(0);
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);

  // And they cannot sign in again.
  await page.getByLabel("Email").fill(u.email);
  await page.getByLabel("Password").fill(E2E.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("login-error")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("visiting /models signed out goes to /login, and back to /models after sign-in", async ({ page }) => {
  await page.goto("/models?sort=-riskTier");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/models?sort=-riskTier");
  await page.getByLabel("Email").fill(E2E.users.viewer);
  await page.getByLabel("Password").fill(E2E.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/models");
  expect(new URL(page.url()).search).toBe("?sort=-riskTier");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Models");
});
