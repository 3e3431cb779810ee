import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getMe } from "@/app/api/v1/me/route";
import { getDb } from "@/db/client";
import { rateLimits, securityEvents, sessions } from "@/db/schema";
import { useFreshStore } from "@/tests/store";
import { recordPageRefusal } from "../security/record";
import { type Actor, SYSTEM } from "./actor";
import { argon2Verifications } from "./password";
import { actorFromSession, createSession } from "./sessions";
import { issueToken } from "./tokens";
import { authenticate, createUser, SignInRefused, updateUser } from "./users";

const PASSWORD = "correct horse battery";
const WRONG = "Tr0ub4dor&3-wrong";
const MINUTE = 60_000;

/** Why each attempt ended: "ok", or the refusal's reason ("wrong password", "rate limited", …). */
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e) => (e instanceof SignInRefused ? e.reason : `threw ${e}`),
  );
function tally(xs: string[]): Record<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return Object.fromEntries(m);
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, never>> }) => Promise<Response>;
const me = (authorization: string, from: string) =>
  (getMe as Handler)(new Request("http://steward.test/api/v1/me", { headers: { authorization, "x-forwarded-for": from } }), {
    params: Promise.resolve({} as Record<string, never>),
  });

describe("sign-in limits, counted atomically in Postgres (database)", () => {
  useFreshStore();
  const trustProxy = process.env.TRUST_PROXY;
  beforeAll(async () => {
    process.env.TRUST_PROXY = "1";
    for (const email of ["ada@example.com", "bo@example.com", "cy@example.com", "dee@example.com"])
      await createUser(SYSTEM, { email, name: email.split("@")[0], roles: ["viewer"], password: PASSWORD });
  });
  afterAll(() => {
    if (trustProxy === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = trustProxy;
  });

  it("20 wrong passwords in parallel for one email: exactly 5 are checked, 15 refused unchecked; then the right one is refused too", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => outcome(authenticate("ada@example.com", WRONG, `192.0.2.${i + 1}`))),
    );
    expect(tally(results)).toEqual({ "wrong password": 5, "rate limited": 15 });
    const right = authenticate("ada@example.com", PASSWORD, "192.0.2.99");
    await expect(right).rejects.toMatchObject({
      status: 429,
      code: "rate_limited",
      message: "Too many failed sign-ins for this email. Try again in 15 minutes.",
    });
    const err = (await right.catch((e) => e)) as SignInRefused;
    expect(Number(err.headers["Retry-After"])).toBeGreaterThan(14 * 60);
    expect(Number(err.headers["Retry-After"])).toBeLessThanOrEqual(15 * 60);
    // Other emails are not affected.
    expect((await authenticate("bo@example.com", PASSWORD, "192.0.2.1")).email).toBe("bo@example.com");
  });

  it("the window ends 15 minutes after its first failure, and a success clears the email's count", async () => {
    const db = await getDb();
    await db
      .update(rateLimits)
      .set({ windowStart: sql`now() - interval '15 minutes 1 second'` })
      .where(eq(rateLimits.key, "sign-in:email:ada@example.com"));
    expect((await authenticate("ada@example.com", PASSWORD, "192.0.2.1")).email).toBe("ada@example.com");
    // 4 failures, a success, then 5 more failures are all checked: the success started the count again.
    for (let i = 0; i < 4; i++) expect(await outcome(authenticate("bo@example.com", WRONG, "192.0.2.2"))).toBe("wrong password");
    expect(await outcome(authenticate("bo@example.com", PASSWORD, "192.0.2.2"))).toBe("ok");
    for (let i = 0; i < 5; i++) expect(await outcome(authenticate("bo@example.com", WRONG, "192.0.2.2"))).toBe("wrong password");
    expect(await outcome(authenticate("bo@example.com", WRONG, "192.0.2.2"))).toBe("rate limited");
  });

  it("60 attempts in parallel from one address at 60 emails: exactly 50 are checked; another address is unaffected", async () => {
    const from = "198.51.100.60";
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => outcome(authenticate(`nobody-${i}@example.com`, WRONG, from))));
    expect(tally(results)).toEqual({ "unknown user": 50, "rate limited": 10 });
    const refused = (await authenticate("cy@example.com", PASSWORD, from).catch((e) => e)) as SignInRefused;
    expect(refused).toMatchObject({ status: 429, message: "Too many failed sign-ins from your network address. Try again in 15 minutes." });
    expect((await authenticate("cy@example.com", PASSWORD, "198.51.100.61")).email).toBe("cy@example.com");
  });

  it("a successful sign-in takes its own attempt back from the address's count", async () => {
    const from = "198.51.100.70";
    for (let i = 0; i < 49; i++) await outcome(authenticate(`ghost-${i}@example.com`, WRONG, from));
    // 49 failures: a success now (counted as the 50th, then taken back) leaves the 50th failure still possible.
    expect(await outcome(authenticate("dee@example.com", PASSWORD, from))).toBe("ok");
    expect(await outcome(authenticate("ghost-x@example.com", WRONG, from))).toBe("unknown user");
    expect(await outcome(authenticate("ghost-y@example.com", WRONG, from))).toBe("rate limited");
  });

  it("an unknown email costs what a wrong password costs: one argon2 verification (against a dummy hash)", async () => {
    for (const email of ["tim@example.com", "tam@example.com"])
      await createUser(SYSTEM, { email, name: "t", roles: ["viewer"], password: PASSWORD });
    await updateUser(SYSTEM, "tam@example.com", { disabled: true });
    // Counted, not timed: without the dummy verification an unknown email or a disabled account would cost none.
    const cost = async (email: string, address: string) => {
      const before = argon2Verifications.count;
      await authenticate(email, WRONG, address).catch(() => {});
      return argon2Verifications.count - before;
    };
    expect(await cost("tim@example.com", "203.0.113.10")).toBe(1);
    expect(await cost("no-such-person@example.com", "203.0.113.11")).toBe(1);
    expect(await cost("tam@example.com", "203.0.113.12")).toBe(1);
  });
});

describe("unknown bearer tokens, limited per address (database)", () => {
  useFreshStore();
  const trustProxy = process.env.TRUST_PROXY;
  let good = "";
  beforeAll(async () => {
    process.env.TRUST_PROXY = "1";
    await createUser(SYSTEM, { email: "pipeline@example.com", name: "pipeline", roles: ["viewer"], password: PASSWORD });
    good = (await issueToken(SYSTEM, "pipeline@example.com", { name: "ci", scopes: ["read"] })).token;
  });
  afterAll(() => {
    if (trustProxy === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = trustProxy;
  });

  it("20 unknown tokens a minute from one address are 401; the next are 429 with Retry-After; good tokens still work, other addresses unaffected", async () => {
    const from = "203.0.113.66";
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await me(`Bearer stw_guess_${i}_aaaaaaaaaaaaaaaaaaaaaaaa`, from)).status);
    expect(statuses).toEqual([...Array(20).fill(401), ...Array(5).fill(429)]);

    const limited = await me("Bearer stw_guess_26_aaaaaaaaaaaaaaaaaaaaaaaa", from);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json()).error.code).toBe("rate_limited");
    // A malformed header from there is an unknown credential too.
    expect((await me("Basic dXNlcjpwYXNz", from)).status).toBe(429);

    // A valid token keeps working from the limited address and from any other.
    expect((await me(`Bearer ${good}`, from)).status).toBe(200);
    expect((await me(`Bearer ${good}`, "203.0.113.67")).status).toBe(200);
    // Another address has its own count.
    expect((await me("Bearer stw_guess_other_aaaaaaaaaaaaaaaaaaaaaaaa", "203.0.113.67")).status).toBe(401);

    // The log: two rows for the 27 refusals from that address (if the minute did not turn meanwhile), counting all.
    const db = await getDb();
    const rows = await db.select().from(securityEvents).where(eq(securityEvents.address, from));
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(27);
    expect(rows.length).toBeLessThanOrEqual(5);
    expect(rows.filter((r) => r.reason === "unknown token").reduce((n, r) => n + r.count, 0)).toBe(20);
  });

  it("a window ends a minute after its first unknown token", async () => {
    const db = await getDb();
    await db
      .update(rateLimits)
      .set({ windowStart: sql`now() - interval '61 seconds'` })
      .where(eq(rateLimits.key, "token:address:203.0.113.66"));
    expect((await me("Bearer stw_guess_again_aaaaaaaaaaaaaaaaaaaaaa", "203.0.113.66")).status).toBe(401);
  });
});

describe("sessions: a password change ends the user's other sessions; an idle timeout (database)", () => {
  useFreshStore();
  let admin: Actor;
  let userId = 0;
  beforeAll(async () => {
    await createUser(SYSTEM, { email: "root@example.com", name: "root", roles: ["admin"], password: PASSWORD });
    await createUser(SYSTEM, { email: "eve@example.com", name: "eve", roles: ["viewer"], password: PASSWORD });
    admin = {
      ...SYSTEM,
      type: "user",
      email: "root@example.com",
      userId: (await authenticate("root@example.com", PASSWORD)).id,
      roles: ["admin"],
    };
    userId = (await authenticate("eve@example.com", PASSWORD)).id;
  });

  it("an admin setting a user's password ends every session of that user; tokens stay", async () => {
    const laptop = await createSession(userId);
    const phone = await createSession(userId);
    const token = (await issueToken(SYSTEM, "eve@example.com", { name: "t", scopes: ["read"] })).token;
    expect(await actorFromSession(laptop)).toMatchObject({ email: "eve@example.com", sessionId: laptop });
    await updateUser({ ...admin, sessionId: await createSession(admin.userId) }, "eve@example.com", { password: "a brand new passphrase" });
    expect(await actorFromSession(laptop)).toBeNull();
    expect(await actorFromSession(phone)).toBeNull();
    expect((await me(`Bearer ${token}`, "192.0.2.1")).status).toBe(200);
    // A change of name only ends nothing.
    const tablet = await createSession(userId);
    await updateUser(admin, "eve@example.com", { name: "Eve" });
    expect(await actorFromSession(tablet)).not.toBeNull();
  });

  it("changing one's own password keeps the session it was changed from and ends the others", async () => {
    const here = await createSession(admin.userId);
    const elsewhere = await createSession(admin.userId);
    const self = await actorFromSession(here);
    if (!self) throw new Error("no session");
    await updateUser(self, "root@example.com", { password: "another new passphrase" });
    expect(await actorFromSession(here)).toMatchObject({ email: "root@example.com" });
    expect(await actorFromSession(elsewhere)).toBeNull();
  });

  it("a session unused for SESSION_IDLE_MINUTES (default 60) ends; use moves its clock at most once a minute", async () => {
    const db = await getDb();
    const setIdle = (id: string, ms: number) =>
      db
        .update(sessions)
        .set({ lastSeenAt: new Date(Date.now() - ms) })
        .where(eq(sessions.id, id));
    const lastSeen = async (id: string) => (await db.select().from(sessions).where(eq(sessions.id, id)))[0]?.lastSeenAt.getTime();

    const idle = await createSession(userId);
    await setIdle(idle, 61 * MINUTE);
    expect(await actorFromSession(idle)).toBeNull();
    expect(await lastSeen(idle)).toBeUndefined(); // deleted

    const used = await createSession(userId);
    await setIdle(used, 59 * MINUTE);
    expect(await actorFromSession(used)).not.toBeNull();
    expect(Date.now() - ((await lastSeen(used)) ?? 0)).toBeLessThan(5_000);

    // Seen 30 s ago: no write.
    await setIdle(used, 30_000);
    const before = await lastSeen(used);
    expect(await actorFromSession(used)).not.toBeNull();
    expect(await lastSeen(used)).toBe(before);

    const saved = process.env.SESSION_IDLE_MINUTES;
    process.env.SESSION_IDLE_MINUTES = "5";
    try {
      await setIdle(used, 6 * MINUTE);
      expect(await actorFromSession(used)).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.SESSION_IDLE_MINUTES;
      else process.env.SESSION_IDLE_MINUTES = saved;
    }
  });

  it("a page refused to a signed-in user is a permission denial in the security log", async () => {
    const viewer: Actor = { type: "user", userId, email: "eve@example.com", name: "Eve", roles: ["viewer"] };
    expect(await recordPageRefusal(viewer, "/admin", "needs users.manage")).toBeNull();
    const db = await getDb();
    const rows = await db.select().from(securityEvents).where(eq(securityEvents.path, "/admin"));
    expect(rows.map((r) => [r.kind, r.email, r.method, r.reason, r.count])).toEqual([
      ["permission_denied", "eve@example.com", "GET", "page: needs users.manage", 1],
    ]);
  });
});
