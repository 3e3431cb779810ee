import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getSecurityEvents } from "@/app/api/v1/security/events/route";
import { GET as getUsers } from "@/app/api/v1/users/route";
import { getDb, transact } from "@/db/client";
import { apiTokens, rateLimits, securityEvents } from "@/db/schema";
import { retentionConfig, runRetention } from "@/lib/ops/retention";
import { useFreshStore } from "@/tests/store";
import { json, route } from "../api/handler";
import { type Actor, SYSTEM } from "../auth/actor";
import { authOptions } from "../auth/next-auth";
import { authorize } from "../auth/policy";
import { issueToken, revokeToken } from "../auth/tokens";
import { createUser, updateUser } from "../auth/users";
import { securitySummary } from "./events";
import { recordSecurityEvent } from "./record";

const PASSWORD = "correct horse battery";
const WRONG = "Tr0ub4dor&3-wrong";
const HOUR = 3_600_000;

/** The credentials provider's own authorize(), as next-auth calls it at POST /api/auth/callback/credentials. */
type Authorize = (c: { email: string; password: string }, req: { headers: Record<string, string> }) => Promise<unknown>;
const signIn = (email: string, password: string, from = "198.51.100.7") =>
  (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize(
    { email, password },
    { headers: { "x-forwarded-for": from } },
  );

/** Refused sign-ins and tokens are counted per minute: start a burst with at least `room` ms left in the minute. */
async function minuteWithRoom(room = 15_000) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < room) await new Promise((r) => setTimeout(r, left + 50));
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;
const call = (handler: Handler, path: string, authorization?: string) =>
  handler(new Request(`http://steward.test${path}`, { headers: authorization ? { authorization } : {} }), {
    params: Promise.resolve({} as Record<string, never>),
  });

const events = async () => (await getDb()).select().from(securityEvents).orderBy(securityEvents.id);

describe("the security log: refused sign-ins, refused tokens, permission denials (database)", () => {
  useFreshStore();
  // One reverse proxy in front: X-Forwarded-For's last entry is the client's address.
  const trustProxy = process.env.TRUST_PROXY;
  beforeAll(() => {
    process.env.TRUST_PROXY = "1";
  });
  afterAll(() => {
    if (trustProxy === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = trustProxy;
  });
  let viewer: Actor;
  let viewerToken = "";
  let complianceToken = "";

  it("records refused sign-ins per address, minute and check that refused them, counting them, never the password", async () => {
    for (const [email, roles] of [
      ["viewer@example.com", ["viewer"]],
      ["compliance@example.com", ["compliance"]],
      ["gone@example.com", ["viewer"]],
    ] as const)
      await createUser(SYSTEM, { email, name: email.split("@")[0], roles: [...roles], password: PASSWORD });
    await updateUser(SYSTEM, "gone@example.com", { disabled: true });

    await minuteWithRoom();
    await expect(signIn("Viewer@Example.com", WRONG)).rejects.toThrow("The email or password is wrong");
    for (let i = 0; i < 5; i++) await expect(signIn("ghost@example.com", WRONG)).rejects.toThrow("The email or password is wrong");
    await expect(signIn("ghost@example.com", WRONG)).rejects.toThrow("Too many failed sign-ins");
    await expect(signIn("gone@example.com", PASSWORD)).rejects.toThrow("The email or password is wrong");
    // A good sign-in is not an event.
    expect(await signIn("compliance@example.com", PASSWORD)).toMatchObject({ email: "compliance@example.com" });

    // Another address, same minute, same check: a row of its own.
    await expect(signIn("ghost@example.com", WRONG, "203.0.113.9")).rejects.toThrow("Too many failed sign-ins");

    const rows = await events();
    // Eight refusals from one address in one minute are four rows, one per check, the first one's email kept.
    expect(rows.map((r) => [r.kind, r.address, r.email, r.reason, r.count])).toEqual([
      ["sign_in_refused", "198.51.100.7", "viewer@example.com", "wrong password", 1],
      ["sign_in_refused", "198.51.100.7", "ghost@example.com", "unknown user", 5],
      ["sign_in_refused", "198.51.100.7", "ghost@example.com", "rate limited", 1],
      ["sign_in_refused", "198.51.100.7", "gone@example.com", "account disabled", 1],
      ["sign_in_refused", "203.0.113.9", "ghost@example.com", "rate limited", 1],
    ]);
    expect(rows.every((r) => r.path === "/api/auth/callback/credentials" && r.token === null && r.requestId.length >= 8)).toBe(true);
    expect(rows.every((r) => r.minute?.getTime() === Math.floor(r.at.getTime() / 60_000) * 60_000)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(WRONG);
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });

  it("records each refused bearer token (401) with its id when known, else a short hint, never the secret", async () => {
    viewerToken = (await issueToken(SYSTEM, "viewer@example.com", { name: "v", scopes: ["read"] })).token;
    complianceToken = (await issueToken(SYSTEM, "compliance@example.com", { name: "c", scopes: ["read"] })).token;
    const revoked = await issueToken(SYSTEM, "viewer@example.com", { name: "old", scopes: ["read"] });
    await revokeToken(SYSTEM, revoked.id);
    const expired = await issueToken(SYSTEM, "viewer@example.com", { name: "short", scopes: ["read"] });
    await (await getDb())
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, expired.id));
    const bogus = "stw_thisTokenWasNeverIssuedByAnyoneAtAll0123";

    for (const auth of [`Bearer ${bogus}`, `Bearer ${revoked.token}`, "Basic dXNlcjpwYXNz", `Bearer ${expired.token}`]) {
      const res = await call(getSecurityEvents, "/api/v1/security/events", auth);
      expect(res.status).toBe(401);
    }
    const rows = (await events()).filter((r) => r.kind === "token_refused");
    // No X-Forwarded-For: the shared bucket "unknown".
    expect(rows.map((r) => [r.reason, r.token, r.email, r.address, r.count])).toEqual([
      ["unknown token", "stw_this…", null, "unknown", 1],
      ["revoked token", revoked.id, "viewer@example.com", "unknown", 1],
      ["malformed Authorization header", null, null, "unknown", 1],
      ["expired token", expired.id, "viewer@example.com", "unknown", 1],
    ]);
    expect(rows.every((r) => r.method === "GET" && r.path === "/api/v1/security/events")).toBe(true);
    const all = JSON.stringify(await events());
    for (const secret of [bogus, revoked.token, expired.token, "dXNlcjpwYXNz"]) expect(all).not.toContain(secret);
  });

  it("refuses a viewer (403), and counts the refusal when it goes through route(), with who and where", async () => {
    viewer = { type: "user", userId: 1, email: "viewer@example.com", name: "viewer", roles: ["viewer"] };
    const before = (await events()).length;
    // Called directly the domain function refuses; nothing is logged (only route() writes the log).
    await expect(securitySummary(viewer)).rejects.toMatchObject({ status: 403, code: "forbidden" });
    expect((await events()).length).toBe(before);

    const res = await call(getSecurityEvents, "/api/v1/security/events", `Bearer ${viewerToken}`);
    expect(res.status).toBe(403);
    expect((await call(getUsers, "/api/v1/users", `Bearer ${viewerToken}`)).status).toBe(403);
    const denied = (await events()).filter((r) => r.kind === "permission_denied");
    expect(denied.map((r) => [r.email, r.method, r.path, r.reason])).toEqual([
      ["viewer@example.com", "GET", "/api/v1/security/events", "This needs one of the roles: compliance, admin."],
      ["viewer@example.com", "GET", "/api/v1/users", "This needs one of the roles: admin."],
    ]);
    expect(denied[0].token).toMatch(/^tok_/);
    expect(denied[0].requestId).toBe(res.headers.get("x-request-id"));
  });

  it("keeps a denial whose request's transaction rolls back", async () => {
    const write = route(async ({ actor }) =>
      transact(async (tx) => {
        await tx.insert(rateLimits).values({ key: "rolled-back", hits: 1 });
        authorize(actor, "users.manage");
        return json({});
      }),
    );
    expect((await call(write, "/api/v1/pretend", `Bearer ${viewerToken}`)).status).toBe(403);
    const db = await getDb();
    expect(await db.select().from(rateLimits).where(eq(rateLimits.key, "rolled-back"))).toEqual([]);
    expect((await events()).filter((r) => r.path === "/api/v1/pretend").map((r) => r.kind)).toEqual(["permission_denied"]);
  });

  it("counts per kind over 24 h and 7 days, per UTC day, and lists the most recent, for compliance and admins", async () => {
    const now = new Date();
    const db = await getDb();
    await db.insert(securityEvents).values([
      { at: new Date(now.getTime() - 30 * HOUR), kind: "token_refused", reason: "unknown token", requestId: "old-30h-0001" },
      {
        at: new Date(now.getTime() - 6 * 24 * HOUR),
        kind: "permission_denied",
        reason: "This needs one of the roles: admin.",
        requestId: "old-6d-00001",
      },
      { at: new Date(now.getTime() - 8 * 24 * HOUR), kind: "sign_in_refused", reason: "wrong password", requestId: "old-8d-00001" },
    ]);

    // By hand: sign-ins 1 wrong + 5 unknown + 1 rate-limited + 1 disabled + 1 rate-limited elsewhere = 9, all today
    // (in 5 rows, which count 9); tokens 4 today + 1 at
    // -30 h; denials 2 (viewer) + 1 (rolled back) today + 1 at -6 d; the sign-in at -8 d is outside the week.
    const s = await securitySummary(SYSTEM, now);
    expect(s.counts).toEqual({
      sign_in_refused: { last24h: 9, last7d: 9 },
      token_refused: { last24h: 4, last7d: 5 },
      permission_denied: { last24h: 3, last7d: 4 },
    });
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(s.daily.map((d) => d.day)).toEqual(Array.from({ length: 7 }, (_, i) => day(now.getTime() - (6 - i) * 24 * HOUR)));
    expect(s.daily[6]).toEqual({ day: day(now.getTime()), sign_in_refused: 9, token_refused: 4, permission_denied: 3 });
    expect(s.daily.find((d) => d.day === day(now.getTime() - 30 * HOUR))?.token_refused).toBe(1);
    expect(s.daily[0].permission_denied).toBe(1);
    expect(s.daily.reduce((n, d) => n + d.sign_in_refused + d.token_refused + d.permission_denied, 0)).toBe(18);

    // Rows, newest first: 5 sign-in rows, 5 token rows, 4 denials (the -8 d row is outside the week).
    expect(s.recent).toHaveLength(14);
    expect(s.recent.reduce((n, e) => n + e.count, 0)).toBe(18);
    expect(s.recent.find((e) => e.reason === "unknown user")).toMatchObject({
      count: 5,
      address: "198.51.100.7",
      email: "ghost@example.com",
    });
    expect(s.recent[0]).toMatchObject({ kind: "permission_denied", path: "/api/v1/pretend", email: "viewer@example.com" });
    expect(s.recent.at(-1)).toMatchObject({ kind: "permission_denied", requestId: "old-6d-00001" });
    const last = s.recent.map((e) => e.lastAt ?? e.at);
    expect(last).toEqual([...last].sort().reverse());

    // Over HTTP, compliance reads it (and a read is not an event).
    const res = await call(getSecurityEvents, "/api/v1/security/events", `Bearer ${complianceToken}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.counts.permission_denied.last24h).toBe(3);
    expect(body.recent[0].requestId).toBe(s.recent[0].requestId);
    expect(await events()).toHaveLength(15); // 5 + 4 + 3 recorded, 3 inserted
  });

  it("leaves rows older than 90 days to the retention pass (a whole day's partition at a time), and never fails the caller", async () => {
    const db = await getDb();
    await db
      .insert(securityEvents)
      .values({ at: new Date(Date.now() - 92 * 24 * HOUR), kind: "token_refused", reason: "unknown token", requestId: "ancient-0001" });
    // Recording deletes nothing: the old row stays until the retention pass drops its day.
    await recordSecurityEvent({ kind: "permission_denied", email: "x@example.com", reason: "test" });
    expect((await events()).some((r) => r.requestId === "ancient-0001")).toBe(true);
    const report = await runRetention(Date.now(), retentionConfig({}));
    expect((await events()).some((r) => r.requestId === "ancient-0001")).toBe(false);
    expect(report?.dropped.filter((p) => p.startsWith("security_events_p"))).toHaveLength(1);
    // A row the table refuses is logged, not thrown.
    await expect(recordSecurityEvent({ kind: "nonsense" as never, reason: "x" })).resolves.toBeUndefined();
    // Called inside a transaction it writes outside it, so the row outlives the rollback.
    await expect(
      transact(async () => {
        await recordSecurityEvent({ kind: "permission_denied", reason: "inside", requestId: "in-tx-000001" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await vi.waitFor(async () => expect((await events()).some((r) => r.requestId === "in-tx-000001")).toBe(true));
  });
});
