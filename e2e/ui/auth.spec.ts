import { expect, test } from "@playwright/test";
import { DEMO_USERS } from "../../lib/demo/data";
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

test("a callbackUrl to another origin is dropped: after sign-in the portal's home page, not evil.example", async ({ page, baseURL }) => {
  // Browsers read "/\evil.example" as "//evil.example", another origin.
  for (const target of ["/\\evil.example", "//evil.example", "https://evil.example/"]) {
    await page.context().clearCookies();
    await page.goto(`/login?callbackUrl=${encodeURIComponent(target)}`);
    await page.getByLabel("Email").fill(E2E.users.viewer);
    await page.getByLabel("Password").fill(E2E.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    expect(page.url(), target).toBe(`${baseURL}/`);
    await expect(page.getByTestId("current-user")).toHaveText("Victor Hale");
  }
});

test("a new password ends the user's sessions in other browsers; changing one's own keeps the session it was changed from", async ({
  browser,
  baseURL,
}) => {
  const here = await browser.newContext({ baseURL });
  const there = await browser.newContext({ baseURL });
  const admin = await adminApi();
  try {
    // An admin sets a user's password: the user's browser is signed out at its next request.
    const u = await createUser(["viewer"], "pw-reset");
    const theirs = await there.newPage();
    await signIn(theirs, u.email, E2E.password, { fresh: true });
    expect((await theirs.request.get("/api/v1/me")).status()).toBe(200);
    const reset = await admin.patch(`/api/v1/users/${encodeURIComponent(u.email)}`, { data: { password: "a-new-password-for-them" } });
    expect(reset.status(), await reset.text()).toBe(200);
    await theirs.reload();
    await expect(theirs).toHaveURL(/\/login/);
    expect((await theirs.request.get("/api/v1/me")).status()).toBe(401);

    // An admin signed in twice changes their own password from one browser: that one stays, the other ends.
    const a = await createUser(["admin"], "pw-self");
    const mine = await here.newPage();
    await signIn(mine, a.email, E2E.password, { fresh: true });
    await theirs.context().clearCookies();
    await signIn(theirs, a.email, E2E.password, { fresh: true });
    const own = await mine.request.patch(`/api/v1/users/${encodeURIComponent(a.email)}`, { data: { password: "my-own-new-password-1" } });
    expect(own.status(), await own.text()).toBe(200);
    await mine.reload();
    await expect(mine.getByTestId("current-user")).toHaveText(a.name);
    expect((await mine.request.get("/api/v1/me")).status()).toBe(200);
    await theirs.reload();
    await expect(theirs).toHaveURL(/\/login/);
    expect((await theirs.request.get("/api/v1/me")).status()).toBe(401);
  } finally {
    await admin.dispose();
    await here.close();
    await there.close();
  }
});

test("a page refused to a signed-in user is written to the security log", async ({ page }) => {
  const u = await createUser(["viewer"], "page-refused");
  await signIn(page, u.email, E2E.password, { fresh: true });
  await page.goto("/admin/webhooks");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Webhooks");
  const admin = await adminApi();
  try {
    const res = await admin.get("/api/v1/security/events");
    expect(res.status(), await res.text()).toBe(200);
    const { recent } = (await res.json()) as {
      recent: { kind: string; email: string | null; method: string; path: string; reason: string; count: number }[];
    };
    expect(recent.filter((e) => e.email === u.email)).toEqual([
      expect.objectContaining({
        kind: "permission_denied",
        method: "GET",
        path: "/admin/webhooks",
        reason: "page: needs webhooks.manage",
        count: 1,
      }),
    ]);
  } finally {
    await admin.dispose();
  }
});
