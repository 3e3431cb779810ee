import { type APIRequestContext, type Page, request as pwRequest, expect } from "@playwright/test";
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

/** Sign in through the login page as a person would. */
export async function signIn(page: Page, email: string, password = E2E.password) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
