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

test("OIDC sign-in creates the user with the IdP's roles, keeps them (and an admin's grants) at the next sign-in, and signs out", async ({
  page,
  browser,
  baseURL,
}) => {
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

  // Same person (same email, here in another case), the IdP now says viewer + contributor. The deployment does not
  // say the IdP owns roles (OIDC_ROLES_FROM_IDP), so the account keeps the roles it has.
  const ada2 = identity("ada-viewer-contributor");
  expect(ada2.email.toLowerCase()).toBe(ada.email);
  await signInWithIdp(page, "ada-viewer-contributor");
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByTestId("current-user")).toHaveText(ada.name);
  await expect(page.getByTestId("current-roles")).toHaveText("reviewer");
  // An admin grants compliance: the next sign-in keeps it.
  const admin = await adminApi();
  const res = await admin.patch(`/api/v1/users/${encodeURIComponent(ada.email)}`, { data: { roles: ["reviewer", "compliance"] } });
  expect(res.status(), await res.text()).toBe(200);
  await admin.dispose();
  await signOut(page);
  await signInWithIdp(page, "ada-viewer-contributor");
  await expect(page.getByTestId("current-roles")).toHaveText("reviewer, compliance");
  const me2 = await page.request.get("/api/v1/me");
  expect(await me2.json()).toEqual({ email: ada.email, name: ada.name, roles: ["reviewer", "compliance"] });
  // Still one account.
  expect(await userRow(ada.email)).toEqual([expect.objectContaining({ roles: ["reviewer", "compliance"] })]);

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

test("an identity whose email the IdP has not verified is refused, and no account is made", async ({ page }) => {
  const mo = identity("mo-unverified");
  await signInWithIdp(page, "mo-unverified");
  await expect(page).toHaveURL(/\/login\?.*error=EmailUnverified/);
  await expect(page.getByTestId("login-error")).toHaveText(
    "Your identity provider has not verified your email address, so single sign-on cannot use it. Verify it there, or ask an admin.",
  );
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
  expect(await userRow(mo.email)).toEqual([]);
});

test("single sign-on does not take over a local password account until an admin links it, and then keeps its roles", async ({ page }) => {
  const lin = identity("lin-local");
  const admin = await adminApi();
  try {
    const created = await admin.post("/api/v1/users", {
      data: { email: lin.email, name: "Lin Park", roles: ["viewer"], password: E2E.password },
    });
    expect(created.status(), await created.text()).toBe(201);

    // The IdP vouches for the (verified) email and says admin: refused, and the account is untouched.
    await signInWithIdp(page, "lin-local");
    await expect(page).toHaveURL(/\/login\?.*error=OAuthAccountNotLinked/);
    await expect(page.getByTestId("login-error")).toHaveText(
      "This email belongs to an account that signs in with a password. Sign in with your password, or ask an admin to link the account to single sign-on.",
    );
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
    expect(await userRow(lin.email)).toEqual([expect.objectContaining({ roles: ["viewer"], disabled: false })]);

    // An admin links it: single sign-on now works, with the account's own roles, not the IdP's admin.
    const linked = await admin.patch(`/api/v1/users/${encodeURIComponent(lin.email)}`, { data: { oidcLinked: true } });
    expect(linked.status(), await linked.text()).toBe(200);
    await signInWithIdp(page, "lin-local");
    await expect(page.getByTestId("current-user")).toHaveText(lin.name);
    await expect(page.getByTestId("current-roles")).toHaveText("viewer");
    expect(await (await page.request.get("/api/v1/me")).json()).toEqual({ email: lin.email, name: lin.name, roles: ["viewer"] });
  } finally {
    await admin.dispose();
  }
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
