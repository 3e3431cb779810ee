// Issue 16's protections, tried as an insider would (API.md, "Trust rules (v1.1)"): a token mints nothing broader or
// longer-lived than itself and a read token neither mints nor revokes; an Idempotency-Key never hands one credential
// another's answer, a secret is never replayed, and a retry is authorized again; evidence is written only by a
// model's owner, a maintainer or an admin; and nobody who maintained the model or authored its evidence decides its
// release. Every user here is made fresh, so no test leans on another's state.
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { E2E } from "../env";
import {
  adminApi,
  auditEntries,
  auditHead,
  bearerApi,
  expectError,
  expectNoAuditEntry,
  expectOneAuditEntry,
  expectStatus,
  newModel,
  newVersion,
  unique,
} from "./support";

type Scope = "read" | "write" | "admin";
const enc = encodeURIComponent;
const ALL: Scope[] = ["read", "write", "admin"];

let admin: APIRequestContext;
let owner: APIRequestContext;
const opened: APIRequestContext[] = [];

test.beforeAll(async () => {
  admin = await adminApi();
  owner = await as(E2E.users.contributor);
});
test.afterAll(async () => {
  for (const c of [admin, ...opened]) await c.dispose();
});

/** A token of this user minted by the admin (bootstrap token), and its id. */
async function mint(email: string, scopes: Scope[] = ALL, expiresAt?: string): Promise<{ id: string; token: string }> {
  const res = await admin.post(`/api/v1/users/${enc(email)}/tokens`, {
    data: { name: unique("trust"), scopes, ...(expiresAt ? { expiresAt } : {}) },
  });
  await expectStatus(res, 201);
  return res.json();
}

/** A client on a fresh token of this user. */
async function as(email: string, scopes: Scope[] = ALL, expiresAt?: string): Promise<APIRequestContext> {
  const c = await bearerApi((await mint(email, scopes, expiresAt)).token);
  opened.push(c);
  return c;
}

/** A new user with these roles. */
async function newUser(prefix: string, roles: string[]): Promise<string> {
  const email = `${unique(prefix)}@example.com`;
  await expectStatus(await admin.post("/api/v1/users", { data: { email, name: prefix, roles } }), 201);
  return email;
}

/** The tokens of a user, as the admin lists them. */
async function tokensOf(email: string): Promise<{ id: string; revokedAt: string | null }[]> {
  const res = await admin.get(`/api/v1/users/${enc(email)}/tokens?limit=100`);
  await expectStatus(res, 200);
  return (await res.json()).items;
}

/** Set a model's maintainers, as its owner. */
async function setMaintainers(model: string, maintainers: string[]) {
  const res = await owner.patch(`/api/v1/models/${model}`, { data: { maintainers } });
  await expectStatus(res, 200);
  expect((await res.json()).maintainers).toEqual(maintainers);
}

test.describe("tokens: minting and revoking need write, and a token mints nothing broader or longer-lived than itself", () => {
  test("a read-scoped token cannot mint a token of its user (403), and nothing is issued", async () => {
    const u = await newUser("trust-reader", ["contributor"]);
    const reader = await as(u, ["read"]);
    const before = await tokensOf(u);
    const res = await expectNoAuditEntry(
      admin,
      () => reader.post(`/api/v1/users/${enc(u)}/tokens`, { data: { name: "more", scopes: ["read"] } }),
      403,
    );
    const e = await expectError(res, 403, "forbidden");
    expect(e.message).toBe("This token lacks the 'write' scope needed here.");
    expect(await tokensOf(u)).toHaveLength(before.length);
  });

  test("a read-scoped token cannot revoke its user's admin token (403), which keeps working", async () => {
    const u = await newUser("trust-reader", ["contributor"]);
    const reader = await as(u, ["read"]);
    const strong = await mint(u, ALL);
    const res = await expectNoAuditEntry(admin, () => reader.delete(`/api/v1/tokens/${strong.id}`), 403);
    expect((await expectError(res, 403, "forbidden")).message).toBe("This token lacks the 'write' scope needed here.");
    expect((await tokensOf(u)).find((t) => t.id === strong.id)?.revokedAt).toBeNull();
    const still = await bearerApi(strong.token);
    await expectStatus(await still.get("/api/v1/me"), 200);
    await still.dispose();
  });

  test("a write-scoped token cannot mint an admin-scoped token (403), though it may mint a write one (201)", async () => {
    const u = await newUser("trust-writer", ["contributor"]);
    const writer = await as(u, ["write"]);
    const path = `/api/v1/users/${enc(u)}/tokens`;
    for (const scopes of [["admin"], ["write", "admin"], ["read"]]) {
      const res = await expectNoAuditEntry(admin, () => writer.post(path, { data: { name: "broader", scopes } }), 403);
      const missing = scopes.filter((s) => s !== "write").join(", ");
      expect((await expectError(res, 403, "forbidden")).message).toBe(
        `A token cannot mint a token with scopes it does not hold itself (${missing}).`,
      );
    }
    await expectOneAuditEntry(admin, () => writer.post(path, { data: { name: "same", scopes: ["write"] } }), {
      status: 201,
      action: "token.created",
      entityType: "token",
      actorEmail: u,
    });
  });

  test("a write-scoped token cannot mint a token that outlives it (403), with or without an expiry; one expiring first is 201", async () => {
    const u = await newUser("trust-writer", ["contributor"]);
    const expiresAt = new Date(Date.now() + 3_600_000);
    const writer = await as(u, ["write"], expiresAt.toISOString());
    const path = `/api/v1/users/${enc(u)}/tokens`;
    const later = new Date(expiresAt.getTime() + 60_000).toISOString();
    for (const data of [
      { name: "forever", scopes: ["write"] },
      { name: "later", scopes: ["write"], expiresAt: later },
    ]) {
      const res = await expectNoAuditEntry(admin, () => writer.post(path, { data }), 403);
      expect((await expectError(res, 403, "forbidden")).message).toBe(
        `A token cannot mint a token that outlives it: set expiresAt no later than ${expiresAt.toISOString()}.`,
      );
    }
    const sooner = new Date(expiresAt.getTime() - 60_000).toISOString();
    const res = await writer.post(path, { data: { name: "sooner", scopes: ["write"], expiresAt: sooner } });
    await expectStatus(res, 201);
    expect((await res.json()).expiresAt).toBe(sooner);
  });
});

test.describe("Idempotency-Key: scoped to the credential, authorized again, never replaying a secret", () => {
  test("a read-only token reusing the key of its user's admin-token mint gets 403, not the first response", async () => {
    const u = await newUser("trust-idem", ["contributor"]);
    const strong = await as(u, ALL);
    const reader = await as(u, ["read"]);
    const key = unique("idem-mint");
    const data = { name: "ci", scopes: ["read", "write", "admin"] };
    const path = `/api/v1/users/${enc(u)}/tokens`;
    const first = await strong.post(path, { data, headers: { "idempotency-key": key } });
    await expectStatus(first, 201);
    const issued = (await first.json()) as { id: string; token: string };
    expect(issued.token).toMatch(/^stw_/);

    const res = await expectNoAuditEntry(admin, () => reader.post(path, { data, headers: { "idempotency-key": key } }), 403);
    const text = await res.text();
    await expectError(res, 403, "forbidden");
    expect(text).not.toContain(issued.token);
    expect(text).not.toContain(issued.id);
    expect(res.headers()["idempotent-replayed"]).toBeUndefined();
  });

  test("the same credential retrying a token mint gets 409 replay_unavailable naming the token, and never the secret", async () => {
    const u = await newUser("trust-idem", ["contributor"]);
    const strong = await as(u, ALL);
    const key = unique("idem-mint");
    const data = { name: "ci", scopes: ["read"] };
    const path = `/api/v1/users/${enc(u)}/tokens`;
    const first = await strong.post(path, { data, headers: { "idempotency-key": key } });
    await expectStatus(first, 201);
    const issued = (await first.json()) as { id: string; token: string };

    const retry = await expectNoAuditEntry(admin, () => strong.post(path, { data, headers: { "idempotency-key": key } }), 409);
    const text = await retry.text();
    const e = await expectError(retry, 409, "replay_unavailable");
    expect(e.details[0]).toEqual({ path: "id", message: issued.id });
    expect(text).not.toContain(issued.token);
    const keys: string[] = [];
    JSON.parse(text, (k, v) => {
      keys.push(k);
      return v;
    });
    expect(keys).not.toContain("token");
    // One token was issued, not two.
    expect((await tokensOf(u)).filter((t) => t.id !== issued.id && t.revokedAt === null)).toHaveLength(1); // `strong` itself
  });

  test("a retried model creation with the same key replays 201 with idempotent-replayed: true, and leaves one audit entry", async () => {
    const u = await newUser("trust-idem", ["contributor"]);
    const api = await as(u, ALL);
    const key = unique("idem-model");
    const data = { name: unique("trust-idem"), owner: u, riskTier: "low" };
    const { res: first } = await expectOneAuditEntry(
      admin,
      () => api.post("/api/v1/models", { data, headers: { "idempotency-key": key } }),
      {
        status: 201,
        action: "model.created",
        entityType: "model",
        entityId: data.name,
        actorEmail: u,
      },
    );
    expect(first.headers()["idempotent-replayed"]).toBeUndefined();
    const retry = await expectNoAuditEntry(admin, () => api.post("/api/v1/models", { data, headers: { "idempotency-key": key } }), 201);
    expect(retry.headers()["idempotent-replayed"]).toBe("true");
    expect(await retry.json()).toEqual(await first.json());
    expect(await auditEntries(admin, { action: "model.created", entityId: data.name })).toHaveLength(1);
  });

  test("another credential of the same user reusing the key is a new request (409 exists), not the first one's replay", async () => {
    const u = await newUser("trust-idem", ["contributor"]);
    const one = await as(u, ALL);
    const two = await as(u, ALL);
    const key = unique("idem-model");
    const data = { name: unique("trust-idem"), owner: u, riskTier: "low" };
    await expectStatus(await one.post("/api/v1/models", { data, headers: { "idempotency-key": key } }), 201);
    const res = await expectNoAuditEntry(admin, () => two.post("/api/v1/models", { data, headers: { "idempotency-key": key } }), 409);
    expect(res.headers()["idempotent-replayed"]).toBeUndefined();
    await expectError(res, 409, "exists");
  });

  test("after an admin removes the contributor role, the user's retry of an earlier successful POST with its key gets 403", async () => {
    const u = await newUser("trust-idem", ["contributor"]);
    const api = await as(u, ALL);
    const key = unique("idem-model");
    const data = { name: unique("trust-idem"), owner: u, riskTier: "low" };
    await expectStatus(await api.post("/api/v1/models", { data, headers: { "idempotency-key": key } }), 201);
    await expectStatus(await admin.patch(`/api/v1/users/${enc(u)}`, { data: { roles: ["viewer"] } }), 200);
    const res = await expectNoAuditEntry(admin, () => api.post("/api/v1/models", { data, headers: { "idempotency-key": key } }), 403);
    expect(res.headers()["idempotent-replayed"]).toBeUndefined();
    expect((await expectError(res, 403, "forbidden")).message).toBe("This needs one of the roles: contributor.");
  });
});

test.describe("evidence: only the model's owner, a maintainer or an admin writes it", () => {
  let model: string;
  let version: string;
  let outsider: APIRequestContext;
  let maintainer: APIRequestContext;
  let maintainerEmail: string;
  const base = () => `/api/v1/models/${model}/versions/${version}`;
  const refusal = () => `Only the model's owner (${E2E.users.contributor}), one of its maintainers, or an admin can do this.`;
  const evaluation = { dataset: "trust-holdout", metrics: { auc: 0.91 } };
  const audit = {
    name: "trust",
    dataset: "trust",
    sensitiveAttributes: ["g"],
    counts: [{ attributes: { g: "a" }, tp: 5, fp: 5, tn: 5, fn: 5 }],
  };
  const profile = { features: { amount: { type: "numeric", values: [1, 2, 3, 4, 5, 6, 7, 8] } } };

  test.beforeAll(async () => {
    model = (await newModel(owner)).name;
    version = (await newVersion(owner, model, "1.0.0")).version;
    // Two contributors: one maintains the model, the other neither owns nor maintains it.
    outsider = await as(await newUser("trust-outsider", ["contributor"]));
    maintainerEmail = await newUser("trust-maintainer", ["contributor"]);
    maintainer = await as(maintainerEmail);
    await setMaintainers(model, [maintainerEmail]);
  });

  async function refused(send: () => Promise<APIResponse>) {
    const res = await expectNoAuditEntry(admin, send, 403);
    expect((await expectError(res, 403, "forbidden")).message).toBe(refusal());
  }

  test("evaluations: an outsider 403 and nothing stored; a maintainer 201", async () => {
    await refused(() => outsider.post(`${base()}/evaluations`, { data: evaluation }));
    expect((await (await owner.get(`${base()}/evaluations`)).json()).items).toEqual([]);
    await expectOneAuditEntry(admin, () => maintainer.post(`${base()}/evaluations`, { data: evaluation }), {
      status: 201,
      action: "evaluation.created",
      entityType: "evaluation",
      actorEmail: maintainerEmail,
    });
  });

  test("bias audits: an outsider 403; a maintainer 201", async () => {
    await refused(() => outsider.post(`${base()}/bias-audits`, { data: audit }));
    await expectStatus(await maintainer.post(`${base()}/bias-audits`, { data: audit }), 201);
  });

  test("the drift reference: an outsider 403; a maintainer 200", async () => {
    await refused(() => outsider.put(`${base()}/reference`, { data: profile }));
    await expectStatus(await maintainer.put(`${base()}/reference`, { data: profile }), 200);
  });

  test("the card: an outsider 403; a maintainer 200", async () => {
    await refused(() => outsider.put(`${base()}/card`, { data: { modelDetails: { text: "planted" } } }));
    await expectStatus(await maintainer.put(`${base()}/card`, { data: { modelDetails: { text: "by the maintainer" } } }), 200);
  });

  test("versions: an outsider 403; a maintainer 201", async () => {
    await refused(() => outsider.post(`/api/v1/models/${model}/versions`, { data: { version: "6.6.6" } }));
    await expectStatus(await maintainer.post(`/api/v1/models/${model}/versions`, { data: { version: "1.1.0" } }), 201);
  });
});

test.describe("four eyes: nobody who maintained the model or authored its evidence decides its release", () => {
  /** A fresh model owned by contributor@ with a registered version. */
  async function modelWithVersion(): Promise<{ model: string; version: string }> {
    const model = (await newModel(owner)).name;
    return { model, version: (await newVersion(owner, model, "1.0.0")).version };
  }
  async function requestRelease(model: string, version: string): Promise<string> {
    const res = await owner.post("/api/v1/releases", { data: { model, version, targetStage: "staging", summary: "trust" } });
    await expectStatus(res, 201);
    return (await res.json()).id;
  }
  const decide = (api: APIRequestContext, id: string) =>
    api.post(`/api/v1/releases/${id}/decisions`, { data: { decision: "reject", comment: "trust" } });

  test("a reviewer who authored an evaluation of the version gets 403 separation_of_duties naming the evaluation", async () => {
    const { model, version } = await modelWithVersion();
    // A reviewer who also contributes: a maintainer long enough to add an evaluation, then no longer one.
    const dual = await newUser("trust-dual", ["contributor", "reviewer"]);
    const api = await as(dual);
    await setMaintainers(model, [dual]);
    await expectStatus(
      await api.post(`/api/v1/models/${model}/versions/${version}/evaluations`, {
        data: { dataset: "trust-holdout", metrics: { auc: 0.9 } },
      }),
      201,
    );
    await setMaintainers(model, []);
    const id = await requestRelease(model, version);

    const res = await expectNoAuditEntry(admin, () => decide(api, id), 403);
    expect((await expectError(res, 403, "separation_of_duties")).message).toBe(
      "You authored evidence this release is judged on (the evaluation on trust-holdout), so someone else must decide it.",
    );
    // Someone independent may decide it.
    const other = await as(await newUser("trust-independent", ["reviewer"]));
    await expectStatus(await decide(other, id), 200);
  });

  test("a maintainer at the time of the request, removed before deciding, is still refused", async () => {
    const { model, version } = await modelWithVersion();
    const dual = await newUser("trust-dual", ["contributor", "reviewer"]);
    const api = await as(dual);
    await setMaintainers(model, [dual]);
    const id = await requestRelease(model, version);
    await setMaintainers(model, []);
    const head = await auditHead(admin);

    const res = await expectNoAuditEntry(admin, () => decide(api, id), 403);
    expect((await expectError(res, 403, "separation_of_duties")).message).toBe(
      "You owned or maintained this model when the release was requested, so someone else must decide it.",
    );
    expect(await auditHead(admin)).toBe(head);
    const detail = await owner.get(`/api/v1/releases/${id}`);
    await expectStatus(detail, 200);
    expect((await detail.json()).status).toBe("pending");
  });
});
