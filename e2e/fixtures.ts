import { type APIRequestContext, expect, type Page, request as pwRequest } from "@playwright/test";
import { E2E } from "./env";

export const BASE = `http://127.0.0.1:${E2E.port}`;
export type RoleName = "admin" | "contributor" | "reviewer" | "compliance" | "viewer";

/** An API client that authenticates with the bootstrap admin token. */
export async function adminApi(): Promise<APIRequestContext> {
  return pwRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { authorization: `Bearer ${E2E.bootstrapToken}` } });
}

const tokenCache = new Map<string, string>();

/** A token for a seeded user, issued through the API by the admin (scopes default to all the user may use). */
export async function tokenFor(email: string, scopes: ("read" | "write" | "admin")[] = ["read", "write", "admin"]): Promise<string> {
  const key = `${email}:${scopes.join(",")}`;
  const cached = tokenCache.get(key);
  if (cached) return cached;
  const admin = await adminApi();
  const res = await admin.post(`/api/v1/users/${encodeURIComponent(email)}/tokens`, { data: { name: `e2e ${scopes.join("+")}`, scopes } });
  expect(res.status(), await res.text()).toBe(201);
  const { token } = await res.json();
  await admin.dispose();
  tokenCache.set(key, token);
  return token;
}

export async function apiAs(email: string, scopes?: ("read" | "write" | "admin")[]): Promise<APIRequestContext> {
  const token = await tokenFor(email, scopes);
  return pwRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

type Cookie = Awaited<ReturnType<ReturnType<Page["context"]>["cookies"]>>[number];
/** Per worker: each seeded user's session from their last sign-in through the form (see signIn). */
const sessions = new Map<string, Cookie[]>();

/**
 * Sign in through the login page as a person would, and land on the home page. A user signed in this way before (in
 * this worker) gets that session's cookies back instead, then the home page: the session is still checked by the
 * server on that load, and one that has ended since (signed out, user disabled) sends the page to /login, where the
 * form is used again. `fresh` always uses the form (the specs about signing in).
 */
export async function signIn(page: Page, email: string, password = E2E.password, options: { fresh?: boolean } = {}) {
  const cached = !options.fresh && password === E2E.password ? sessions.get(email) : undefined;
  if (cached) {
    await page.context().clearCookies();
    await page.context().addCookies(cached);
    await page.goto("/");
    if (!new URL(page.url()).pathname.startsWith("/login")) return;
    sessions.delete(email);
  }
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  if (password === E2E.password) sessions.set(email, await page.context().cookies());
}

export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
