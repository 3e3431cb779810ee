// API.md "Health, docs, identity": /me, users, tokens; disabling and revoking take effect at once.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { DEMO_USERS } from "../../lib/demo/data";
import { E2E } from "../env";
import { BASE, tokenFor } from "../fixtures";
import {
  adminApi,
  anonymousApi,
  bearerApi,
  detailPaths,
  disposeAll,
  EMAIL,
  expectError,
  expectNoAuditEntry,
  expectOneAuditEntry,
  expectStatus,
  ROLE_LIST,
  type Role,
  roleClients,
  unique,
} from "./support";

let admin: APIRequestContext;
let as: Record<Role, APIRequestContext>;

test.beforeAll(async () => {
  admin = await adminApi();
  as = await roleClients();
});
test.afterAll(async () => disposeAll(admin, as));

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A throwaway user (created by the admin) and a token of theirs, so a test can disable or reshape it alone. */
async function throwawayUser(roles: Role[], scopes: string[] = ["read", "write"]) {
  const email = `${unique("id-user")}@example.com`;
  await expectStatus(await admin.post("/api/v1/users", { data: { email, name: "Throwaway", roles } }), 201);
  const res = await admin.post(`/api/v1/users/${encodeURIComponent(email)}/tokens`, { data: { name: "t", scopes } });
  await expectStatus(res, 201);
  const issued = await res.json();
  return { email, token: issued.token as string, tokenId: issued.id as string, api: await bearerApi(issued.token) };
}

test("GET /api/v1/me is the caller: email, name and roles, for every role", async () => {
  for (const role of ROLE_LIST) {
    const res = await as[role].get("/api/v1/me");
    await expectStatus(res, 200);
    const seeded = DEMO_USERS.find((u) => u.email === EMAIL[role]);
    expect(await res.json()).toEqual({ email: EMAIL[role], name: seeded?.name, roles: [role] });
  }
});

test.describe("users", () => {
  test("an admin creates a user: 201, email lower-cased, one user.created entry", async () => {
    const email = `${unique("New-User")}@Example.COM`;
    const { res, entry } = await expectOneAuditEntry(
      admin,
      () =>
        admin.post("/api/v1/users", {
          data: { email, name: "  Ada Lovelace ", roles: ["reviewer", "compliance"], password: "twelve-chars-ok" },
        }),
      { status: 201, action: "user.created", entityType: "user", entityId: email.toLowerCase(), actorEmail: E2E.users.admin },
    );
    const body = await res.json();
    expect(body).toEqual({
      email: email.toLowerCase(),
      name: "Ada Lovelace",
      roles: ["reviewer", "compliance"],
      disabled: false,
      createdAt: expect.stringMatching(ISO_UTC),
    });
    expect(JSON.stringify(entry.after)).not.toContain("twelve-chars-ok");
    expect(JSON.stringify(entry.after)).not.toMatch(/passwordHash|argon/i);

    await expectNoAuditEntry(admin, () => admin.post("/api/v1/users", { data: { email, name: "Again", roles: ["viewer"] } }), 409);
  });

  test("invalid users are 400 naming the field", async () => {
    const ok = { email: `${unique("u")}@example.com`, name: "X", roles: ["viewer"] };
    expect(await detailPaths(await admin.post("/api/v1/users", { data: { ...ok, roles: ["superuser"] } }))).toEqual(["roles[0]"]);
    expect(await detailPaths(await admin.post("/api/v1/users", { data: { ...ok, roles: [] } }))).toEqual(["roles"]);
    expect(await detailPaths(await admin.post("/api/v1/users", { data: { ...ok, email: "nobody" } }))).toEqual(["email"]);
    expect(await detailPaths(await admin.post("/api/v1/users", { data: { ...ok, password: "short" } }))).toEqual(["password"]);
    expect(await detailPaths(await admin.post("/api/v1/users", { data: { ...ok, isAdmin: true } }))).toEqual(["isAdmin"]);
  });

  test("GET /api/v1/users lists every user by email, without password hashes; only for admins", async () => {
    const res = await admin.get("/api/v1/users");
    await expectStatus(res, 200);
    const { items, nextCursor } = await res.json();
    expect(nextCursor).toBeNull();
    const emails = items.map((u: { email: string }) => u.email);
    for (const u of DEMO_USERS) expect(emails).toContain(u.email);
    expect(emails).toEqual([...emails].sort());
    expect(items.find((u: { email: string }) => u.email === E2E.users.viewer)).toEqual({
      email: E2E.users.viewer,
      name: "Victor Hale",
      roles: ["viewer"],
      disabled: false,
      createdAt: expect.stringMatching(ISO_UTC),
    });
    for (const role of ["viewer", "contributor", "reviewer", "compliance"] as const) {
      await expectError(await as[role].get("/api/v1/users"), 403, "forbidden");
    }
  });

  test("PATCH changes roles and name; the new roles apply to the user's existing token at once", async () => {
    const u = await throwawayUser(["viewer"]);
    await expectError(await u.api.post("/api/v1/models", { data: { name: unique("m"), owner: u.email, riskTier: "low" } }), 403);
    const { res } = await expectOneAuditEntry(
      admin,
      () => admin.patch(`/api/v1/users/${encodeURIComponent(u.email)}`, { data: { roles: ["contributor"], name: "Promoted" } }),
      { status: 200, action: "user.updated", entityType: "user", entityId: u.email },
    );
    expect(await res.json()).toMatchObject({ email: u.email, name: "Promoted", roles: ["contributor"], disabled: false });
    expect(await (await u.api.get("/api/v1/me")).json()).toEqual({ email: u.email, name: "Promoted", roles: ["contributor"] });
    await expectStatus(await u.api.post("/api/v1/models", { data: { name: unique("m"), owner: u.email, riskTier: "low" } }), 201);
    await u.api.dispose();
  });

  test("PATCH of an unknown user is 404; bad fields are 400; non-admins are 403", async () => {
    await expectError(await admin.patch(`/api/v1/users/${unique("ghost")}%40example.com`, { data: { name: "x" } }), 404, "not_found");
    expect(
      await detailPaths(await admin.patch(`/api/v1/users/${encodeURIComponent(E2E.users.viewer)}`, { data: { disabled: "yes" } })),
    ).toEqual(["disabled"]);
    await expectError(await as.compliance.patch(`/api/v1/users/${encodeURIComponent(E2E.users.viewer)}`, { data: { name: "x" } }), 403);
  });

  test("disabling a user makes their existing token 401 at once; enabling them again does not bring it back", async () => {
    const u = await throwawayUser(["contributor"]);
    await expectStatus(await u.api.get("/api/v1/me"), 200);
    const { res } = await expectOneAuditEntry(
      admin,
      () => admin.patch(`/api/v1/users/${encodeURIComponent(u.email)}`, { data: { disabled: true } }),
      { status: 200, action: "user.disabled", entityType: "user", entityId: u.email },
    );
    expect((await res.json()).disabled).toBe(true);
    await expectError(await u.api.get("/api/v1/me"), 401, "unauthenticated");
    await expectError(await u.api.get("/api/v1/models"), 401, "unauthenticated");

    const tokens = await (await admin.get(`/api/v1/users/${encodeURIComponent(u.email)}/tokens`)).json();
    expect(tokens.items.find((t: { id: string }) => t.id === u.tokenId).revokedAt).toMatch(ISO_UTC);
    // A disabled user cannot be given a new token either.
    await expectError(
      await admin.post(`/api/v1/users/${encodeURIComponent(u.email)}/tokens`, { data: { name: "x", scopes: ["read"] } }),
      403,
    );

    await expectOneAuditEntry(admin, () => admin.patch(`/api/v1/users/${encodeURIComponent(u.email)}`, { data: { disabled: false } }), {
      status: 200,
      action: "user.enabled",
      entityType: "user",
      entityId: u.email,
    });
    await expectError(await u.api.get("/api/v1/me"), 401);
    await u.api.dispose();
  });

  test("an admin cannot disable themself or drop their own admin role (422), and nothing is stored", async () => {
    const a = await throwawayUser(["admin"], ["read", "write", "admin"]);
    const self = `/api/v1/users/${encodeURIComponent(a.email)}`;
    await expectError(await expectNoAuditEntry(admin, () => a.api.patch(self, { data: { disabled: true } }), 422), 422, "self_lockout");
    await expectError(await expectNoAuditEntry(admin, () => a.api.patch(self, { data: { roles: ["viewer"] } }), 422), 422, "self_lockout");
    await expectStatus(await a.api.get("/api/v1/users"), 200);
    await a.api.dispose();
  });

  test("a browser session (next-auth cookie) authenticates the API as that user, and disabling ends it", async () => {
    const email = `${unique("session")}@example.com`;
    await expectStatus(
      await admin.post("/api/v1/users", { data: { email, name: "Session User", roles: ["viewer"], password: E2E.password } }),
      201,
    );
    const browser = await anonymousApi();
    const { csrfToken } = await (await browser.get("/api/auth/csrf")).json();
    const signIn = await browser.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password: E2E.password, callbackUrl: `${BASE}/`, json: "true" },
      maxRedirects: 0,
    });
    expect([200, 302]).toContain(signIn.status());
    const me = await browser.get("/api/v1/me");
    await expectStatus(me, 200);
    expect(await me.json()).toEqual({ email, name: "Session User", roles: ["viewer"] });
    await expectStatus(await admin.patch(`/api/v1/users/${encodeURIComponent(email)}`, { data: { disabled: true } }), 200);
    await expectError(await browser.get("/api/v1/me"), 401);
    await browser.dispose();
  });
});

test.describe("tokens", () => {
  test("any user issues a token for themself: 201 with the secret shown once, then listed without it", async () => {
    const email = E2E.users.viewer;
    const path = `/api/v1/users/${encodeURIComponent(email)}/tokens`;
    const { res, entry } = await expectOneAuditEntry(admin, () => as.viewer.post(path, { data: { name: "laptop", scopes: ["read"] } }), {
      status: 201,
      action: "token.created",
      entityType: "token",
      actorEmail: email,
    });
    const issued = await res.json();
    expect(issued).toEqual({
      id: expect.stringMatching(/^tok_/),
      name: "laptop",
      scopes: ["read"],
      expiresAt: null,
      token: expect.any(String),
    });
    expect(issued.token.length).toBeGreaterThanOrEqual(32);
    expect(entry.entity.id).toBe(issued.id);
    expect(JSON.stringify(entry)).not.toContain(issued.token);

    const mine = await bearerApi(issued.token);
    expect((await (await mine.get("/api/v1/me")).json()).email).toBe(email);
    await mine.dispose();

    const list = await as.viewer.get(path);
    await expectStatus(list, 200);
    const listed = (await list.json()).items.find((t: { id: string }) => t.id === issued.id);
    expect(listed).toEqual({
      id: issued.id,
      name: "laptop",
      scopes: ["read"],
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: expect.stringMatching(ISO_UTC),
      createdAt: expect.stringMatching(ISO_UTC),
    });
    expect(await list.text()).not.toContain(issued.token);
  });

  test("only an admin manages another user's tokens", async () => {
    const other = `/api/v1/users/${encodeURIComponent(E2E.users.contributor)}/tokens`;
    for (const role of ["viewer", "reviewer", "compliance"] as const) {
      await expectError(await as[role].get(other), 403);
      await expectError(await as[role].post(other, { data: { name: "steal", scopes: ["read"] } }), 403);
    }
    await expectStatus(await admin.get(other), 200);
    await expectError(await admin.get(`/api/v1/users/${unique("ghost")}%40example.com/tokens`), 404, "not_found");
  });

  test("expiresAt without a zone is read as UTC; an expired token is 401", async () => {
    const path = `/api/v1/users/${encodeURIComponent(E2E.users.reviewer)}/tokens`;
    const local = await as.reviewer.post(path, { data: { name: "ci", scopes: ["read"], expiresAt: "2031-01-02T03:04:05" } });
    await expectStatus(local, 201);
    expect((await local.json()).expiresAt).toBe("2031-01-02T03:04:05.000Z");
    const offset = await as.reviewer.post(path, { data: { name: "ci", scopes: ["read"], expiresAt: "2031-01-02T05:04:05+02:00" } });
    expect((await offset.json()).expiresAt).toBe("2031-01-02T03:04:05.000Z");

    const past = await as.reviewer.post(path, { data: { name: "old", scopes: ["read"], expiresAt: "2020-01-01T00:00:00Z" } });
    await expectStatus(past, 201);
    const expired = await bearerApi((await past.json()).token);
    await expectError(await expired.get("/api/v1/me"), 401);
    await expired.dispose();
  });

  test("scopes: at least one known scope; a token cannot issue one with scopes it lacks, and a read token none at all", async () => {
    const path = `/api/v1/users/${encodeURIComponent(E2E.users.contributor)}/tokens`;
    expect(await detailPaths(await as.contributor.post(path, { data: { name: "x", scopes: [] } }))).toEqual(["scopes"]);
    expect(await detailPaths(await as.contributor.post(path, { data: { name: "x", scopes: ["root"] } }))).toEqual(["scopes[0]"]);
    const readWrite = await bearerApi(await tokenFor(E2E.users.contributor, ["read", "write"]));
    await expectNoAuditEntry(admin, () => readWrite.post(path, { data: { name: "escalate", scopes: ["read", "admin"] } }), 403);
    await expectStatus(await readWrite.post(path, { data: { name: "same", scopes: ["read"] } }), 201);
    await readWrite.dispose();
    // Minting needs write (API.md, Trust rules): a read-only token mints nothing, not even its like.
    const readOnly = await bearerApi(await tokenFor(E2E.users.contributor, ["read"]));
    await expectError(
      await expectNoAuditEntry(admin, () => readOnly.post(path, { data: { name: "same", scopes: ["read"] } }), 403),
      403,
      "forbidden",
    );
    await readOnly.dispose();
  });

  test("a read-only token cannot write, even for a contributor", async () => {
    const readOnly = await bearerApi(await tokenFor(E2E.users.contributor, ["read"]));
    await expectStatus(await readOnly.get("/api/v1/models?limit=1"), 200);
    const data = { name: unique("ro"), owner: E2E.users.contributor, riskTier: "low" };
    const e = await expectError(await expectNoAuditEntry(admin, () => readOnly.post("/api/v1/models", { data }), 403), 403, "forbidden");
    expect(e.message).toContain("write");
    await expectError(await readOnly.patch("/api/v1/models/credit-default", { data: { description: "changed" } }), 403);
    await expectError(
      await readOnly.post("/api/v1/models/credit-default/versions/1.3.0-rc1/evaluations", { data: { dataset: "d", metrics: { auc: 1 } } }),
      403,
    );
    await readOnly.dispose();
  });

  test("DELETE revokes a token at once: the owner or an admin; anyone else gets 404", async () => {
    const path = `/api/v1/users/${encodeURIComponent(E2E.users.compliance)}/tokens`;
    const issue = async () =>
      (await (await as.compliance.post(path, { data: { name: "to-revoke", scopes: ["read"] } })).json()) as { id: string; token: string };

    const t1 = await issue();
    const c1 = await bearerApi(t1.token);
    await expectStatus(await c1.get("/api/v1/me"), 200);
    const { res } = await expectOneAuditEntry(admin, () => as.compliance.delete(`/api/v1/tokens/${t1.id}`), {
      status: 200,
      action: "token.revoked",
      entityType: "token",
      entityId: t1.id,
      actorEmail: E2E.users.compliance,
    });
    expect(await res.json()).toMatchObject({ id: t1.id, revokedAt: expect.stringMatching(ISO_UTC) });
    await expectError(await c1.get("/api/v1/me"), 401, "unauthenticated");

    const t2 = await issue();
    await expectNoAuditEntry(admin, () => as.viewer.delete(`/api/v1/tokens/${t2.id}`), 404);
    await expectNoAuditEntry(admin, () => as.contributor.delete(`/api/v1/tokens/${t2.id}`), 404);
    const c2 = await bearerApi(t2.token);
    await expectStatus(await c2.get("/api/v1/me"), 200);
    await expectOneAuditEntry(admin, () => admin.delete(`/api/v1/tokens/${t2.id}`), {
      status: 200,
      action: "token.revoked",
      entityType: "token",
      entityId: t2.id,
    });
    await expectError(await c2.get("/api/v1/me"), 401);

    await expectError(await admin.delete("/api/v1/tokens/tok_doesnotexist"), 404, "not_found");
    await disposeAll(c1, c2);
  });
});
