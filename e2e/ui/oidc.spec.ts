// OpenID Connect sign-in end to end, against the real local IdP the e2e server starts (e2e/oidc-idp.ts): authorization
// code + PKCE, client secret, RS256 ID token checked by next-auth/openid-client, roles from the configured claim.
import { expect, type Page, test } from "@playwright/test";
import { E2E } from "../env";
import { adminApi, signIn } from "../fixtures";

const IDP = `http://127.0.0.1:${E2E.idp.port}`;
const identity = (key: string) => {
  const i = E2E.idp.identities.find((x) => x.key === key);
  if (!i) throw new Error(`no IdP identity ${key}`);
  return i;
};

/** Login page → "Sign in with Test IdP" → the IdP's page → pick an identity → back at the portal (or wherever it sends us). */
async function signInWithIdp(page: Page, key: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: `Sign in with ${E2E.idp.name}` }).click();
  await page.waitForURL((u) => u.origin === IDP && u.pathname === "/authorize");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Test IdP");
  await page.getByRole("button", { name: identity(key).label, exact: true }).click();
  await page.waitForURL((u) => u.origin !== IDP);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to Steward");
}

async function userRow(email: string) {
  const admin = await adminApi();
  try {
    const res = await admin.get("/api/v1/users?limit=200");
    expect(res.status(), await res.text()).toBe(200);
    const body = await res.json();
    const items = (Array.isArray(body) ? body : body.items) as { email: string; roles: string[]; name: string; disabled: boolean }[];
    return items.filter((u) => u.email === email);
  } finally {
    await admin.dispose();
  }
}

test("the IdP publishes what openid-client needs", async ({ request }) => {
  const d = await (await request.get(`${IDP}/.well-known/openid-configuration`)).json();
  expect(d.issuer).toBe(IDP);
  expect(d.id_token_signing_alg_values_supported).toContain("RS256");
  expect(d.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(["client_secret_basic", "client_secret_post"]));
  expect(d.code_challenge_methods_supported).toContain("S256");
  const jwks = await (await request.get(d.jwks_uri)).json();
  expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
});

test("OIDC sign-in creates the user with the IdP's roles, refreshes them at the next sign-in, and signs out", async ({ page, browser, baseURL }) => {
  const ada = identity("ada-reviewer");
  await signInWithIdp(page, "ada-reviewer");
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByTestId("current-user")).toHaveText(ada.name);
  await expect(page.getByTestId("current-roles")).toHaveText("reviewer");
  const me = await page.request.get("/api/v1/me");
  expect(me.status(), await me.text()).toBe(200);
  expect(await me.json()).toEqual({ email: ada.email, name: ada.name, roles: ["reviewer"] });
  expect(await userRow(ada.email)).toEqual([expect.objectContaining({ roles: ["reviewer"], disabled: false })]);
  const firstCookies = await page.context().cookies();

  // Sign out: back at /login, and the old cookie is dead.
  await signOut(page);
  const replay = await browser.newContext({ baseURL });
  try {
    await replay.addCookies(firstCookies);
    expect((await replay.request.get("/api/v1/me")).status()).toBe(401);
  } finally {
    await replay.close();
  }

  // Same person (same email, here in another case), the IdP now says viewer + contributor: the roles follow the IdP.
  const ada2 = identity("ada-viewer-contributor");
  expect(ada2.email.toLowerCase()).toBe(ada.email);
  await signInWithIdp(page, "ada-viewer-contributor");
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByTestId("current-user")).toHaveText(ada.name);
  await expect(page.getByTestId("current-roles")).toHaveText("viewer, contributor");
  const me2 = await page.request.get("/api/v1/me");
  expect(await me2.json()).toEqual({ email: ada.email, name: ada.name, roles: ["viewer", "contributor"] });
  // Still one account, updated in place.
  expect(await userRow(ada.email)).toEqual([expect.objectContaining({ roles: ["viewer", "contributor"] })]);

  await signOut(page);
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
});

test("an OIDC user disabled by the admin loses the session and is refused at the next OIDC sign-in", async ({ page }) => {
  const noor = identity("noor-reviewer");
  await signInWithIdp(page, "noor-reviewer");
  await expect(page.getByTestId("current-user")).toHaveText(noor.name);
  expect((await page.request.get("/api/v1/me")).status()).toBe(200);

  const admin = await adminApi();
  const res = await admin.patch(`/api/v1/users/${encodeURIComponent(noor.email)}`, { data: { disabled: true } });
  expect(res.status(), await res.text()).toBe(200);
  expect((await res.json()).disabled).toBe(true);
  await admin.dispose();

  // The old session is dead at once.
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);

  // The IdP still vouches for Noor, but the portal refuses, and says so.
  await signInWithIdp(page, "noor-reviewer");
  await expect(page).toHaveURL(/\/login\?.*error=AccessDenied/);
  await expect(page.getByTestId("login-error")).toContainText("Your account may not sign in: it is disabled");
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
  await page.goto("/models");
  await expect(page).toHaveURL(/\/login/);
  // Refusing did not re-enable or otherwise change the account.
  expect(await userRow(noor.email)).toEqual([expect.objectContaining({ disabled: true, roles: ["reviewer"] })]);
});

test("an identity whose roles claim names no known role becomes a viewer", async ({ page }) => {
  const kai = identity("kai-unknown");
  await signInWithIdp(page, "kai-unknown");
  await expect(page.getByTestId("current-user")).toHaveText(kai.name);
  await expect(page.getByTestId("current-roles")).toHaveText("viewer");
  expect(await (await page.request.get("/api/v1/me")).json()).toEqual({ email: kai.email, name: kai.name, roles: ["viewer"] });
});

test("password sign-in still works when OIDC is configured", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: `Sign in with ${E2E.idp.name}` })).toBeVisible();
  await signIn(page, E2E.users.viewer);
  await expect(page.getByTestId("current-user")).toHaveText("Victor Hale");
  expect((await (await page.request.get("/api/v1/me")).json()).email).toBe(E2E.users.viewer);
});
