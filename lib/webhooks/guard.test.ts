import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb, transact } from "@/db/client";
import { SYSTEM } from "@/lib/auth/actor";
import { issueToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import type { AppError } from "@/lib/errors";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { type Receiver, startReceiver } from "@/tests/webhook-receiver";
import { deliverDue, postTo } from "./deliver";
import { enqueueEvent } from "./outbox";
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, sendTestEvent, updateWebhook } from "./webhooks";

// Without WEBHOOK_ALLOW_PRIVATE: this file proves the refusals. A receiver on 127.0.0.1 still stands by, to show that
// nothing refused ever reaches it.
const admin = person("Amara", ["admin"], 1);
const RELEASE = { release: { id: "5f0c1f7e-2a0e-4c9b-9d5c-1b7a1e0c9a11", model: "credit-default", version: "1.2.0" } };
const SECRET_BODY = "stack trace: db password=hunter2-prod token=sk_live_51HxSecretValue";

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error("expected a failure");
}

const allowPrivate = async <T>(f: () => Promise<T>): Promise<T> => {
  process.env.WEBHOOK_ALLOW_PRIVATE = "1";
  try {
    return await f();
  } finally {
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
  }
};

const deliveries = async (id: string) => (await listDeliveries(admin, id, 100)).items;
const port = (r: Receiver) => new URL(r.url).port;

describe("webhooks reach public addresses only", () => {
  useFreshStore();
  let r: Receiver;
  beforeAll(async () => {
    r = await startReceiver();
  });
  afterAll(() => r.close());
  beforeEach(async () => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
    r.received.length = 0;
    r.respond = () => 200;
    r.errorBody = null;
    for (const w of (await allowPrivate(() => listWebhooks(admin, 500))).items) await deleteWebhook(admin, w.id);
  });

  const blocked = [
    ["http://127.0.0.1/hook", "127.0.0.1 is a loopback address"],
    ["http://[::1]/hook", "::1 is a loopback address"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"],
    ["http://[fe80::1]/hook", "fe80::1 is a link-local address"],
    ["http://10.0.0.1/hook", "10.0.0.1 is a private address"],
    ["https://172.16.5.4/hook", "172.16.5.4 is a private address"],
    ["http://192.168.0.10:8080/hook", "192.168.0.10 is a private address"],
    ["http://[fd00::1]/hook", "fd00::1 is a unique-local address"],
    ["http://224.0.0.251/hook", "224.0.0.251 is a multicast address"],
    ["http://[ff02::1]/hook", "ff02::1 is a multicast address"],
    ["http://0.0.0.0/hook", "0.0.0.0 is an unspecified address"],
    ["http://[::]/hook", ":: is an unspecified address"],
    ["http://2130706433/", "127.0.0.1 is a loopback address"],
    ["http://0x7f.1/", "127.0.0.1 is a loopback address"],
    ["http://0/", "0.0.0.0 is an unspecified address"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1 is a loopback address"],
    ["http://[::ffff:a9fe:a9fe]/", "::ffff:a9fe:a9fe is a link-local address"],
    ["http://localhost:8080/hook", "localhost resolves to 127.0.0.1, a loopback address"],
    ["http://LOCALHOST./hook", "localhost. resolves to 127.0.0.1, a loopback address"],
  ];

  it("refuses each address class and numeric form when created: 400 naming url, nothing stored", async () => {
    for (const [url, why] of blocked) {
      const e = await failure(createWebhook(admin, { name: "x", url }));
      expect(e, url).toMatchObject({ status: 400, code: "invalid_request" });
      expect(e.details, url).toEqual([{ path: "url", message: `must reach a public address: ${why}` }]);
    }
    expect((await allowPrivate(() => listWebhooks(admin, 500))).items).toEqual([]);
  });

  it("refuses them when a saved webhook's URL is changed, and keeps the old URL", async () => {
    const w = await createWebhook(admin, { name: "public", url: "https://hooks.example.com/steward" });
    for (const [url] of blocked) {
      const e = await failure(updateWebhook(admin, w.id, { url }));
      expect(e, url).toMatchObject({ status: 400, details: [{ path: "url" }] });
    }
    expect((await listWebhooks(admin)).items).toMatchObject([{ id: w.id, url: "https://hooks.example.com/steward" }]);
    // Other changes to it are not held up.
    expect(await updateWebhook(admin, w.id, { name: "renamed" })).toMatchObject({ name: "renamed" });
  });

  it("the route answers 400 naming url for a metadata address and a numeric loopback", async () => {
    const { POST } = await import("@/app/api/v1/webhooks/route");
    await createUser(SYSTEM, { email: "ops@example.com", name: "Ops", roles: ["admin"] });
    const token = (await issueToken(SYSTEM, "ops@example.com", { name: "ops", scopes: ["read", "write", "admin"] })).token;
    for (const url of ["http://169.254.169.254/latest/meta-data/iam/", "http://0x7f.1:3000/", "http://[::ffff:10.0.0.1]/"]) {
      const res = await POST(
        new Request("http://localhost/api/v1/webhooks", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ name: "metadata", url }),
        }),
        { params: Promise.resolve({}) },
      );
      expect(res.status, url).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.details.map((d: { path: string }) => d.path)).toEqual(["url"]);
    }
  });

  it("WEBHOOK_ALLOW_PRIVATE=1 accepts loopback for development; only http and https are ever accepted", async () => {
    const w = await allowPrivate(() => createWebhook(admin, { name: "dev", url: `${r.url}/dev` }));
    expect(w.url).toBe(`${r.url}/dev`);
    for (const url of ["ftp://example.com/", "file:///etc/passwd", "gopher://127.0.0.1:6379/"]) {
      expect((await failure(allowPrivate(() => createWebhook(admin, { name: "x", url })))).details, url).toEqual([
        { path: "url", message: "must be an http:// or https:// URL" },
      ]);
      expect((await failure(createWebhook(admin, { name: "x", url }))).details, url).toEqual([
        { path: "url", message: "must be an http:// or https:// URL" },
      ]);
    }
  });

  it("refuses again when a delivery connects: a webhook saved pointing at a public host, then rebound to loopback, sends nothing", async () => {
    const w = await createWebhook(admin, { name: "rebound", url: "https://hooks.example.com/steward" });
    // What DNS rebinding does to a name; here the stored URL is changed under it (the name `localhost` resolves
    // through the system resolver to 127.0.0.1, where the receiver listens).
    await (await getDb()).execute(sql`update webhooks set url = ${`http://localhost:${port(r)}/rebound`} where id = ${w.id}`);
    await sendTestEvent(admin, w.id);
    expect(await deliverDue()).toBe(1);
    expect(await deliveries(w.id)).toMatchObject([
      {
        status: "pending",
        attempts: 1,
        lastStatusCode: null,
        lastError:
          "Refused: the host is or resolves to 127.0.0.1, a loopback address; webhooks reach public addresses only (WEBHOOK_ALLOW_PRIVATE=1 allows others).",
      },
    ]);
    expect(r.received).toEqual([]);
  });

  it("refuses at delivery a loopback webhook saved while the opt-in was on, once it is off", async () => {
    const w = await allowPrivate(() => createWebhook(admin, { name: "was-dev", url: `${r.url}/was-dev` }));
    await transact((tx) => enqueueEvent(tx, "release.approved", RELEASE));
    await (await getDb()).execute(sql`update webhooks set url = ${`http://[::ffff:127.0.0.1]:${port(r)}/was-dev`} where id = ${w.id}`);
    expect(await deliverDue()).toBe(1);
    const [d] = await deliveries(w.id);
    expect(d.lastError).toMatch(/^Refused: the host is or resolves to ::ffff:7f00:1, a loopback address;/);
    expect(r.received).toEqual([]);
    // The same row goes out once the opt-in is back: the refusal is the address check, not a broken URL.
    await (await getDb()).execute(sql`update webhook_deliveries set next_attempt_at = now() where status = 'pending'`);
    await (await getDb()).execute(sql`update webhooks set url = ${`${r.url}/was-dev`} where id = ${w.id}`);
    await allowPrivate(async () => expect(await deliverDue()).toBe(1));
    expect(r.received.map((x) => x.path)).toEqual(["/was-dev"]);
  });

  it("connects to the address that was checked, never to a second lookup of the name; Host stays the URL's", async () => {
    // The name does not resolve at all (.invalid, RFC 6761): the request can only arrive through the checked address.
    const url = new URL(`http://rebind-target.invalid:${port(r)}/pinned?x=1`);
    const status = await postTo(
      url,
      { address: "127.0.0.1", family: 4 },
      { "content-type": "application/json" },
      '{"id":"a"}',
      AbortSignal.timeout(5_000),
    );
    expect(status).toBe(200);
    expect(r.received).toHaveLength(1);
    expect(r.received[0].path).toBe("/pinned?x=1");
    expect(r.received[0].headers.host).toBe(`rebind-target.invalid:${port(r)}`);
    expect(r.received[0].raw.toString()).toBe('{"id":"a"}');
  });

  it("lastError keeps the status and a fixed reason, never the receiver's body; a redirect is not followed", async () => {
    const w = await allowPrivate(() => createWebhook(admin, { name: "leaky", url: `${r.url}/leaky` }));
    r.errorBody = () => SECRET_BODY;
    const answers = [500, 403, 302];
    r.respond = (_, n) => answers[n] ?? 200;
    const seen: (string | null)[] = [];
    await sendTestEvent(admin, w.id);
    for (let i = 0; i < answers.length; i++) {
      await (await getDb()).execute(sql`update webhook_deliveries set next_attempt_at = now() where status = 'pending'`);
      await allowPrivate(async () => expect(await deliverDue()).toBe(1));
      const [d] = await deliveries(w.id);
      expect(d.lastStatusCode).toBe(answers[i]);
      seen.push(d.lastError);
    }
    expect(seen).toEqual([
      "HTTP 500: the receiver failed to take the delivery.",
      "HTTP 403: the receiver refused the delivery.",
      "HTTP 302: a redirect, which is not followed.",
    ]);
    expect(JSON.stringify(await deliveries(w.id))).not.toContain("hunter2");
    // Three attempts, all to /leaky: the 302's Location (/redirected) was never requested.
    expect(r.received.map((x) => x.path)).toEqual(["/leaky", "/leaky", "/leaky"]);
  });
});
