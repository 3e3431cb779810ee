import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb, transact } from "@/db/client";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { closedPort, expectedSignature, type Receiver, startReceiver } from "@/tests/webhook-receiver";
import { deliverDue, MAX_ATTEMPTS, startWebhookWorker, stopWebhookWorker } from "./deliver";
import { enqueueEvent, nudgeWebhooks } from "./outbox";
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, sendTestEvent } from "./webhooks";

// The receiver listens on 127.0.0.1: loopback is refused unless this opts in (as in development). guard.test.ts runs without it.
process.env.WEBHOOK_ALLOW_PRIVATE = "1";

const admin = person("Amara", ["admin"], 1);
const RELEASE = {
  release: { id: "5f0c1f7e-2a0e-4c9b-9d5c-1b7a1e0c9a11", model: "credit-default", version: "1.2.0", targetStage: "production" },
};

/** Make every pending delivery due now, as if its backoff had passed. */
async function allDue() {
  await (await getDb()).execute(sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second' where status = 'pending'`);
}

const hook = (path: string, events?: string[]) => createWebhook(admin, { name: path, url: `${r.url}/${path}`, events });
const deliveries = async (id: string) => (await listDeliveries(admin, id, 100)).items;
let r: Receiver;

describe("webhook delivery", () => {
  useFreshStore();
  beforeAll(async () => {
    r = await startReceiver();
  });
  afterAll(() => r.close());
  beforeEach(async () => {
    for (const w of (await listWebhooks(admin, 500)).items) await deleteWebhook(admin, w.id);
    r.received.length = 0;
    r.respond = () => 200;
  });

  it("sends nothing for an event whose transaction rolled back", async () => {
    const w = await hook("rollback");
    await expect(
      transact(async (tx) => {
        await enqueueEvent(tx, "release.approved", RELEASE);
        throw new Error("the release change failed");
      }),
    ).rejects.toThrow("the release change failed");
    expect(await deliverDue()).toBe(0);
    expect(await deliveries(w.id)).toEqual([]);
    expect(r.received).toEqual([]);
  });

  it("delivers a committed event once, signed with the webhook's secret over the exact body bytes", async () => {
    const w = await hook("signed");
    const before = Math.floor(Date.now() / 1000);
    await transact((tx) => enqueueEvent(tx, "release.approved", RELEASE));
    expect(await deliverDue()).toBe(1);
    expect(await deliverDue()).toBe(0);
    expect(r.received).toHaveLength(1);
    const got = r.received[0];
    expect(got.headers["x-steward-signature"]).toBe(expectedSignature(w.secret, got.raw));
    expect(got.headers["x-steward-signature"]).not.toBe(expectedSignature(`${w.secret}x`, got.raw));
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["x-steward-event"]).toBe("release.approved");
    expect(got.headers["x-steward-delivery"]).toBe(got.body.id);
    expect(Number(got.headers["x-steward-timestamp"])).toBeGreaterThanOrEqual(before);
    expect(Number(got.headers["x-steward-timestamp"])).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(JSON.parse(got.raw.toString("utf8"))).toEqual({
      id: got.body.id,
      event: "release.approved",
      createdAt: got.body.createdAt,
      data: RELEASE,
    });
    expect(got.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const [d] = await deliveries(w.id);
    expect(d).toMatchObject({
      eventId: got.body.id,
      event: "release.approved",
      status: "delivered",
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(d.createdAt).toBe(got.body.createdAt);
    expect(d.deliveredAt).not.toBeNull();
  });

  it("goes only to active webhooks whose events match: by name, '*', or a prefix; one event id across them", async () => {
    const prefix = await hook("prefix", ["release.*"]);
    const exact = await hook("exact", ["release.approved"]);
    const star = await hook("star", ["*"]);
    const other = await hook("other", ["alert.*", "release.rolled_back"]);
    const off = await hook("off", ["*"]);
    await (await getDb()).execute(sql`update webhooks set active = false where id = ${off.id}`);

    await transact(async (tx) => {
      await enqueueEvent(tx, "release.approved", RELEASE);
      await enqueueEvent(tx, "release.rejected", RELEASE);
      await enqueueEvent(tx, "alert.fired", { alert: "drift" });
    });
    expect(await deliverDue()).toBe(7);
    const paths = (event: string) =>
      r.received
        .filter((x) => x.body.event === event)
        .map((x) => x.path)
        .sort();
    expect(paths("release.approved")).toEqual(["/exact", "/prefix", "/star"]);
    expect(paths("release.rejected")).toEqual(["/prefix", "/star"]);
    expect(paths("alert.fired")).toEqual(["/other", "/star"]);
    expect(new Set(r.received.filter((x) => x.body.event === "release.approved").map((x) => x.body.id)).size).toBe(1);
    expect(new Set(r.received.map((x) => x.body.id)).size).toBe(3);
    for (const x of r.received) {
      const secret = [prefix, exact, star, other].find((w) => `/${w.name}` === x.path)?.secret ?? "";
      expect(x.headers["x-steward-signature"], x.path).toBe(expectedSignature(secret, x.raw));
    }
    expect(await deliveries(off.id)).toEqual([]);
  });

  it("retries a 500 after the backoff with the same event id, and ends delivered after 2 attempts", async () => {
    const w = await hook("flaky");
    r.respond = (_, n) => (n === 0 ? 500 : 200);
    await transact((tx) => enqueueEvent(tx, "release.requested", RELEASE));
    const t0 = Date.now();
    expect(await deliverDue()).toBe(1);
    const [first] = await deliveries(w.id);
    expect(first).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatusCode: 500,
      lastError: "HTTP 500: the receiver failed to take the delivery.",
      deliveredAt: null,
    });
    // The first retry waits 5 s.
    const wait = new Date(first.nextAttemptAt ?? 0).getTime() - t0;
    expect(wait).toBeGreaterThan(3_000);
    expect(wait).toBeLessThan(7_000);
    expect(await deliverDue()).toBe(0);

    await allDue();
    expect(await deliverDue()).toBe(1);
    expect(await deliveries(w.id)).toMatchObject([{ status: "delivered", attempts: 2, lastStatusCode: 200, lastError: null }]);
    expect(r.received).toHaveLength(2);
    expect(r.received[1].body.id).toBe(r.received[0].body.id);
    expect(r.received[1].headers["x-steward-delivery"]).toBe(r.received[0].body.id);
  });

  it(`records an unreachable URL's error without throwing, and gives up after ${MAX_ATTEMPTS} attempts`, async () => {
    const port = await closedPort();
    const w = await createWebhook(admin, { name: "gone", url: `http://127.0.0.1:${port}/hook` });
    await transact((tx) => enqueueEvent(tx, "release.cancelled", RELEASE));
    expect(await deliverDue()).toBe(1);
    const [d] = await deliveries(w.id);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(d.lastError).toBe("Could not connect: ECONNREFUSED");
    for (let i = 2; i <= MAX_ATTEMPTS; i++) {
      await allDue();
      expect(await deliverDue()).toBe(1);
    }
    expect(await deliveries(w.id)).toMatchObject([{ status: "failed", attempts: MAX_ATTEMPTS, nextAttemptAt: null }]);
    await allDue();
    expect(await deliverDue()).toBe(0);
  });

  it("gives up on an endpoint that does not answer within 5 s, and records why", async () => {
    const w = await hook("slow");
    r.respond = () => "hang";
    await transact((tx) => enqueueEvent(tx, "release.rolled_back", RELEASE));
    const t0 = Date.now();
    expect(await deliverDue()).toBe(1);
    expect(Date.now() - t0).toBeLessThan(8_000);
    expect(await deliveries(w.id)).toMatchObject([
      { status: "pending", attempts: 1, lastStatusCode: null, lastError: "No answer within 5 s." },
    ]);
  });

  it("delivers each row exactly once when several passes run at the same time", async () => {
    const a = await hook("conc-a");
    const b = await hook("conc-b", ["release.resubmitted"]);
    for (let i = 0; i < 30; i++) await transact((tx) => enqueueEvent(tx, "release.resubmitted", { ...RELEASE, n: i }));
    let total = 0;
    for (let round = 0; round < 5; round++) {
      const counts = await Promise.all([deliverDue(), deliverDue(), deliverDue()]);
      total += counts.reduce((s, n) => s + n, 0);
    }
    expect(total).toBe(60);
    expect(r.received).toHaveLength(60);
    for (const w of [a, b]) {
      const got = r.received.filter((x) => x.path === `/${w.name}`);
      expect(new Set(got.map((x) => x.body.id)).size).toBe(30);
      expect(got.map((x) => x.body.data.n).sort((p, q) => Number(p) - Number(q))).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect((await deliveries(w.id)).every((d) => d.status === "delivered" && d.attempts === 1)).toBe(true);
    }
  });

  it("the worker sends at once when nudged after a commit, long before its next poll", async () => {
    const w = await hook("nudged");
    startWebhookWorker({ pollMs: 60_000 });
    startWebhookWorker({ pollMs: 60_000 }); // idempotent
    try {
      await new Promise((res) => setTimeout(res, 300)); // let the start-up pass finish
      await transact((tx) => enqueueEvent(tx, "release.approved", RELEASE));
      nudgeWebhooks();
      const t0 = Date.now();
      const [got] = await r.waitFor(1, "/nudged", 5_000);
      expect(Date.now() - t0).toBeLessThan(3_000);
      expect(got.headers["x-steward-signature"]).toBe(expectedSignature(w.secret, got.raw));
      // sendTestEvent nudges by itself.
      await sendTestEvent(admin, w.id);
      await r.waitFor(2, "/nudged", 5_000);
    } finally {
      stopWebhookWorker();
    }
  });
});
