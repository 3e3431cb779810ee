// Idempotency-Key through the real route handlers on a real store: keys scoped to the credential, method and path;
// a replay authorized again; records forgotten after 24 hours; a response that carried a secret never kept.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as postModels } from "@/app/api/v1/models/route";
import { POST as postTokens } from "@/app/api/v1/users/[email]/tokens/route";
import { getDb } from "@/db/client";
import { auditLog, idempotencyKeys } from "@/db/schema";
import { useFreshStore } from "@/tests/store";
import { SYSTEM } from "../auth/actor";
import { issueToken } from "../auth/tokens";
import { createUser, updateUser } from "../auth/users";

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
const post = <P>(handler: Handler<P>, path: string, params: P, token: string, body: unknown, key: string) =>
  handler(
    new Request(`http://steward.test${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
const auditCount = async () => (await (await getDb()).select({ n: sql<number>`count(*)::int` }).from(auditLog))[0].n;

describe("Idempotency-Key (database, through route())", () => {
  useFreshStore();
  const U = "ana@bank.example";
  let adminScoped = "";
  let readOnly = "";
  let writer = "";

  it("sets up a contributor with three tokens", async () => {
    await createUser(SYSTEM, { email: U, name: "Ana", roles: ["contributor"], password: "correct horse battery staple" });
    adminScoped = (await issueToken(SYSTEM, U, { name: "all", scopes: ["read", "write", "admin"] })).token;
    readOnly = (await issueToken(SYSTEM, U, { name: "ro", scopes: ["read"] })).token;
    writer = (await issueToken(SYSTEM, U, { name: "rw", scopes: ["read", "write"] })).token;
  });

  it("never keeps nor replays a minted token's secret: the retry is 409 replay_unavailable naming the token", async () => {
    const params = { email: encodeURIComponent(U) };
    const first = await post(
      postTokens,
      `/api/v1/users/${params.email}/tokens`,
      params,
      adminScoped,
      { name: "ci", scopes: ["read"] },
      "mint-1",
    );
    expect(first.status).toBe(201);
    const created = await first.json();
    expect(created.token).toMatch(/^stw_/);

    const retry = await post(
      postTokens,
      `/api/v1/users/${params.email}/tokens`,
      params,
      adminScoped,
      { name: "ci", scopes: ["read"] },
      "mint-1",
    );
    expect(retry.status).toBe(409);
    const text = await retry.text();
    expect(JSON.parse(text).error).toMatchObject({ code: "replay_unavailable", details: [{ path: "id", message: created.id }] });
    expect(text).not.toContain(created.token);
    const stored = JSON.stringify(await (await getDb()).select().from(idempotencyKeys));
    expect(stored).not.toContain(created.token);
    expect(stored).toContain(created.id);

    // Another credential of the same user replaying the key is a new request, authorized anew: a read token may not mint.
    const other = await post(
      postTokens,
      `/api/v1/users/${params.email}/tokens`,
      params,
      readOnly,
      { name: "ci", scopes: ["read"] },
      "mint-1",
    );
    expect(other.status).toBe(403);
    expect(await other.text()).not.toContain("stw_");
  });

  it("replays a model creation to the same credential once, storing nothing twice", async () => {
    const body = { name: "churn", owner: U, riskTier: "low" };
    const before = await auditCount();
    const a = await post(postModels, "/api/v1/models", {}, writer, body, "model-1");
    const b = await post(postModels, "/api/v1/models", {}, writer, body, "model-1");
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect(await b.json()).toEqual(await a.json());
    expect(await auditCount()).toBe(before + 1);
    // The same key with another body is a conflict; the same key on another credential runs anew (409 exists here).
    expect((await post(postModels, "/api/v1/models", {}, writer, { ...body, riskTier: "high" }, "model-1")).status).toBe(409);
    const elsewhere = await post(postModels, "/api/v1/models", {}, adminScoped, body, "model-1");
    expect([elsewhere.status, (await elsewhere.json()).error.code]).toEqual([409, "exists"]);
  });

  it("authorizes a replay again: once the user lost the contributor role, the retry is 403 and changes nothing", async () => {
    await updateUser(SYSTEM, U, { roles: ["viewer"] });
    const before = await auditCount();
    const res = await post(postModels, "/api/v1/models", {}, writer, { name: "churn", owner: U, riskTier: "low" }, "model-1");
    expect(res.status).toBe(403);
    expect(await auditCount()).toBe(before);
    await updateUser(SYSTEM, U, { roles: ["contributor"] });
  });

  it("forgets a key after 24 hours: the same key then runs the request anew", async () => {
    const db = await getDb();
    await db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 25 * 3_600_000) })
      .where(eq(idempotencyKeys.key, "model-1"));
    const res = await post(postModels, "/api/v1/models", {}, writer, { name: "churn", owner: U, riskTier: "low" }, "model-1");
    // Not the stored 201: the request ran again and the name exists.
    expect([res.status, (await res.json()).error.code]).toEqual([409, "exists"]);
  });
});
