// Helpers for the API tests: who calls, what the audit trail says, and what an error looks like.
import { type APIRequestContext, type APIResponse, expect, request as pwRequest } from "@playwright/test";
import { E2E } from "../env";
import { adminApi, apiAs, BASE, unique } from "../fixtures";

export type Role = "viewer" | "contributor" | "reviewer" | "compliance" | "admin";
export const ROLE_LIST: Role[] = ["viewer", "contributor", "reviewer", "compliance", "admin"];
export const EMAIL: Record<Role, string> = {
  viewer: E2E.users.viewer,
  contributor: E2E.users.contributor,
  reviewer: E2E.users.reviewer,
  compliance: E2E.users.compliance,
  admin: E2E.users.admin,
};

/** A client with no credentials at all. */
export function anonymousApi(): Promise<APIRequestContext> {
  return pwRequest.newContext({ baseURL: BASE });
}

/** A client that sends the given bearer token. */
export function bearerApi(token: string): Promise<APIRequestContext> {
  return pwRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

/** One client per seeded role, each on a token with every scope. */
export async function roleClients(): Promise<Record<Role, APIRequestContext>> {
  const out = {} as Record<Role, APIRequestContext>;
  for (const r of ROLE_LIST) out[r] = await apiAs(EMAIL[r]);
  return out;
}

export async function disposeAll(...ctxs: (APIRequestContext | Record<string, APIRequestContext> | undefined)[]) {
  for (const c of ctxs) {
    if (!c) continue;
    if ("dispose" in c && typeof c.dispose === "function") await (c as APIRequestContext).dispose();
    else for (const v of Object.values(c)) await v.dispose();
  }
}

/** The error body of API.md: a snake_case code, a sentence, and details naming fields. Returns it for more checks. */
export async function expectError(res: APIResponse, status: number, code?: string) {
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  const body = JSON.parse(text);
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toMatch(/^[a-z][a-z0-9_]*$/);
  if (code) expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(5);
  expect(Array.isArray(body.error.details)).toBe(true);
  // Never a stack trace, SQL text or secret.
  expect(text).not.toMatch(/\bat \S+ \(|node_modules|\bselect\b.*\bfrom\b|\binsert into\b|stw_[A-Za-z0-9_-]{20,}/i);
  return body.error as { code: string; message: string; details: { path: string; message: string }[] };
}

/** The paths of an error's details, in order. */
export async function detailPaths(res: APIResponse, status = 400): Promise<string[]> {
  const e = await expectError(res, status, status === 400 ? "invalid_request" : undefined);
  return e.details.map((d) => d.path);
}

export async function expectStatus(res: APIResponse, status: number) {
  expect(res.status(), `${res.url()} → ${await res.text()}`).toBe(status);
}

/**
 * The seq of the newest audit entry, from the signed head (one indexed row; /audit/verify would walk the whole chain,
 * which grows through the suite: the audit specs verify it).
 */
export async function auditHead(admin: APIRequestContext): Promise<number> {
  const res = await admin.get("/api/v1/audit/checkpoint", { headers: { accept: "application/json" } });
  await expectStatus(res, 200);
  const head = await res.json();
  expect(typeof head.seq, JSON.stringify(head)).toBe("number");
  return head.seq;
}

export type AuditEntry = {
  seq: number;
  at: string;
  actor: { type: string; id: string; email: string | null };
  action: string;
  entity: { type: string; id: string };
  before: unknown;
  after: unknown;
  requestId: string | null;
  prevHash: string;
  hash: string;
};

/** Every audit entry matching the filter, walking the JSON pages. */
export async function auditEntries(admin: APIRequestContext, filter: Record<string, string>): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor: string | null = null;
  do {
    const params: URLSearchParams = new URLSearchParams({ ...filter, limit: "500", ...(cursor ? { cursor } : {}) });
    const res: APIResponse = await admin.get(`/api/v1/audit?${params}`);
    await expectStatus(res, 200);
    const page: { items: AuditEntry[]; nextCursor: string | null } = await res.json();
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/**
 * Run one mutation and check it left exactly one audit entry, with this action on this entity, written by this
 * caller under the request id the response carries. Returns the response and the entry.
 */
export async function expectOneAuditEntry(
  admin: APIRequestContext,
  act: () => Promise<APIResponse>,
  want: { status: number; action: string; entityType: string; entityId?: string; actorEmail?: string },
): Promise<{ res: APIResponse; entry: AuditEntry }> {
  const before = await auditHead(admin);
  const res = await act();
  await expectStatus(res, want.status);
  const after = await auditHead(admin);
  expect(after, `one audit entry for ${want.action}`).toBe(before + 1);
  const filter: Record<string, string> = { action: want.action, entityType: want.entityType };
  if (want.entityId !== undefined) filter.entityId = want.entityId;
  const entry = (await auditEntries(admin, filter)).find((e) => e.seq === after);
  if (!entry) throw new Error(`entry ${after} is not ${want.action} on ${want.entityType} ${want.entityId ?? ""}`);
  if (want.entityId !== undefined) expect(entry.entity.id).toBe(want.entityId);
  if (want.actorEmail !== undefined) expect(entry.actor.email).toBe(want.actorEmail);
  expect(entry.requestId).toBe(res.headers()["x-request-id"]);
  return { res, entry };
}

/** Run something that must change nothing, and check the audit trail did not grow. */
export async function expectNoAuditEntry(admin: APIRequestContext, act: () => Promise<APIResponse>, status: number) {
  const before = await auditHead(admin);
  const res = await act();
  await expectStatus(res, status);
  expect(await auditHead(admin)).toBe(before);
  return res;
}

/** Register a model with a unique name (as the given contributor client) and return its 201 body. */
export async function newModel(api: APIRequestContext, fields: Record<string, unknown> = {}) {
  const data = { name: unique("t-model"), owner: E2E.users.contributor, riskTier: "medium", ...fields };
  const res = await api.post("/api/v1/models", { data });
  await expectStatus(res, 201);
  return res.json();
}

export async function newVersion(
  api: APIRequestContext,
  model: string,
  version = unique("v").replace(/^v-/, "1.0."),
  fields: Record<string, unknown> = {},
) {
  const res = await api.post(`/api/v1/models/${model}/versions`, { data: { version, ...fields } });
  await expectStatus(res, 201);
  return res.json();
}

export { adminApi, apiAs, unique };
