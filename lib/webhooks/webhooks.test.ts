import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "@/lib/api/validate";
import { listAudit } from "@/lib/audit/read";
import { type Actor, SYSTEM } from "@/lib/auth/actor";
import { issueToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import type { AppError } from "@/lib/errors";
import { person, tokenOf } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { type Receiver, startReceiver } from "@/tests/webhook-receiver";
import { deliverDue } from "./deliver";
import { CreatedWebhook, CreateWebhook, TestEventSent, UpdateWebhook, Webhook, WebhookDelivery } from "./schemas";
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, sendTestEvent, updateWebhook } from "./webhooks";

// The receiver listens on 127.0.0.1: loopback is refused unless this opts in (as in development). guard.test.ts runs without it.
process.env.WEBHOOK_ALLOW_PRIVATE = "1";

const admin = person("Amara", ["admin"], 1);
const adminWriteToken: Actor = tokenOf(admin, ["read", "write"], "t1");
const contributor = person("Chen", ["contributor"], 2);
const compliance = person("Cora", ["compliance", "reviewer"], 3);

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error("expected a failure");
}

function invalid(schema: typeof CreateWebhook | typeof UpdateWebhook, value: unknown): AppError {
  try {
    parse(schema, value, "The request body");
  } catch (e) {
    return e as AppError;
  }
  throw new Error("expected a 400");
}

describe("webhooks: administration", () => {
  useFreshStore();
  let r: Receiver;
  beforeAll(async () => {
    r = await startReceiver();
  });
  afterAll(() => r.close());

  it("creates with a server-made secret shown once, release.* by default; lists, deliveries and the audit trail never show it", async () => {
    const created = await createWebhook(admin, { name: "Deploy bot", url: `${r.url}/deploy` });
    expect(created).toMatchObject({
      name: "Deploy bot",
      url: `${r.url}/deploy`,
      events: ["release.*"],
      active: true,
      createdBy: admin.email,
      lastDelivery: null,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const other = await createWebhook(admin, {
      name: "Chat",
      url: "https://chat.example.com/hooks/1",
      events: ["release.approved", "release.approved", "*"],
    });
    expect(other.events).toEqual(["release.approved", "*"]);
    expect(other.secret).not.toBe(created.secret);

    await sendTestEvent(admin, created.id);
    expect(await deliverDue()).toBe(1);
    const updated = await updateWebhook(admin, created.id, { name: "Deploy bot 2", events: ["release.rolled_back"] });
    const page = await listWebhooks(admin);
    expect(page.items.map((w) => w.name)).toEqual(["Deploy bot 2", "Chat"]);
    expect(page.items[0].lastDelivery).toMatchObject({ event: "webhook.test", status: "delivered", attempts: 1, lastStatusCode: 200 });
    const deliveries = await listDeliveries(admin, created.id);
    const deleted = await deleteWebhook(admin, other.id);
    const audit = await listAudit(SYSTEM, { entityType: "webhook" }, 0, 100);
    expect(audit.items.map((a) => a.action)).toEqual([
      "webhook.created",
      "webhook.created",
      "webhook.tested",
      "webhook.updated",
      "webhook.deleted",
    ]);
    expect(audit.items[3]).toMatchObject({
      before: { name: "Deploy bot", events: ["release.*"] },
      after: { name: "Deploy bot 2", events: ["release.rolled_back"] },
    });

    const shown = JSON.stringify([page, deliveries, updated, deleted, audit]);
    for (const secret of [created.secret, other.secret]) expect(shown).not.toContain(secret);
    expect(shown).not.toContain("whsec_");
    expect(Object.keys(page.items[0])).not.toContain("secret");
  });

  it("answers in the shapes the OpenAPI document promises", async () => {
    const w = await createWebhook(admin, { name: "shapes", url: `${r.url}/shapes` });
    expect(CreatedWebhook.safeParse(w).error).toBeUndefined();
    expect(TestEventSent.safeParse(await sendTestEvent(admin, w.id)).error).toBeUndefined();
    expect(await deliverDue()).toBe(1);
    const [listed] = (await listWebhooks(admin, 500)).items.filter((x) => x.id === w.id);
    expect(Webhook.safeParse(listed).error).toBeUndefined();
    expect(listed.lastDelivery).not.toBeNull();
    const [d] = (await listDeliveries(admin, w.id)).items;
    expect(WebhookDelivery.safeParse(d).error).toBeUndefined();
    expect(Webhook.safeParse(await updateWebhook(admin, w.id, { active: false })).error).toBeUndefined();
    expect(Webhook.safeParse(await deleteWebhook(admin, w.id)).error).toBeUndefined();
  });

  it("pages the list by ?limit= and ?cursor=", async () => {
    for (const n of [1, 2, 3]) await createWebhook(admin, { name: `paged ${n}`, url: `${r.url}/p${n}` });
    const all = (await listWebhooks(admin, 500)).items.map((w) => w.name);
    const first = await listWebhooks(admin, 2);
    expect(first.items).toHaveLength(2);
    const second = await listWebhooks(admin, 500, first.nextCursor ?? undefined);
    expect([...first.items, ...second.items].map((w) => w.name)).toEqual(all);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses everyone but admins, and admin tokens without the admin scope (403), before touching anything", async () => {
    const w = await createWebhook(admin, { name: "guarded", url: `${r.url}/guarded` });
    for (const actor of [contributor, compliance, adminWriteToken]) {
      const calls = [
        listWebhooks(actor),
        createWebhook(actor, { name: "x", url: "https://example.com" }),
        updateWebhook(actor, w.id, { active: false }),
        deleteWebhook(actor, w.id),
        listDeliveries(actor, w.id),
        sendTestEvent(actor, w.id),
      ];
      for (const c of calls) expect(await failure(c), actor.email).toMatchObject({ status: 403, code: "forbidden" });
    }
    expect((await listWebhooks(admin, 500)).items.find((x) => x.id === w.id)).toMatchObject({ active: true });
  });

  it("400s a URL that is not http(s), naming url, and bad event patterns by their index", () => {
    for (const url of ["ftp://example.com/hook", "javascript:alert(1)", "not a url", "", "file:///etc/passwd"]) {
      const e = invalid(CreateWebhook, { name: "x", url });
      expect(e, url).toMatchObject({ status: 400, code: "invalid_request" });
      expect(e.details.map((d) => d.path)).toEqual(["url"]);
    }
    expect(invalid(UpdateWebhook, { url: "mailto:ops@example.com" }).details).toEqual([
      { path: "url", message: "must be an http:// or https:// URL" },
    ]);
    expect(
      invalid(CreateWebhook, { name: "x", url: "https://example.com", events: ["release.*", "Release Approved"] }).details.map(
        (d) => d.path,
      ),
    ).toEqual(["events[1]"]);
    expect(invalid(CreateWebhook, { name: "x", url: "https://example.com", events: [] }).details.map((d) => d.path)).toEqual(["events"]);
    expect(invalid(CreateWebhook, { name: "x", url: "https://example.com", secret: "mine" }).details).toEqual([
      { path: "secret", message: "is not a known field" },
    ]);
    expect(parse(CreateWebhook, { name: " CI ", url: " https://ci.example.com/hook " })).toEqual({
      name: "CI",
      url: "https://ci.example.com/hook",
    });
  });

  it("404s unknown and malformed ids alike", async () => {
    for (const id of ["0b9e8a6c-6f1e-4a51-9c3e-6c8a4f1d2b70", "not-a-uuid", "1; drop table webhooks"]) {
      const calls = [
        () => updateWebhook(admin, id, { active: false }),
        () => deleteWebhook(admin, id),
        () => listDeliveries(admin, id),
        () => sendTestEvent(admin, id),
      ];
      for (const c of calls) expect(await failure(c()), id).toMatchObject({ status: 404, code: "not_found" });
    }
  });

  it("deactivating fails what waits to be sent; a test event to an inactive webhook is 409; deleting removes its deliveries", async () => {
    const w = await createWebhook(admin, { name: "pausable", url: `${r.url}/pausable` });
    await sendTestEvent(admin, w.id);
    await updateWebhook(admin, w.id, { active: false });
    expect(await deliverDue()).toBe(0);
    expect((await listDeliveries(admin, w.id)).items).toMatchObject([
      { status: "failed", attempts: 0, lastError: "The webhook was deactivated before this was sent.", nextAttemptAt: null },
    ]);
    expect(await failure(sendTestEvent(admin, w.id))).toMatchObject({ status: 409, code: "webhook_inactive" });
    expect(r.received.filter((x) => x.path === "/pausable")).toHaveLength(0);

    await updateWebhook(admin, w.id, { active: true });
    const sent = await sendTestEvent(admin, w.id);
    expect(await deliverDue()).toBe(1);
    expect((await r.waitFor(1, "/pausable"))[0].body).toMatchObject({
      id: sent.eventId,
      event: "webhook.test",
      data: { webhook: { id: w.id, name: "pausable" }, sentBy: admin.email },
    });
    await deleteWebhook(admin, w.id);
    expect(await failure(listDeliveries(admin, w.id))).toMatchObject({ status: 404 });
  });

  it("the route answers 201 with the secret, 400 naming url, 403 for a non-admin token, 404 for a malformed id", async () => {
    const { POST } = await import("@/app/api/v1/webhooks/route");
    const { DELETE } = await import("@/app/api/v1/webhooks/[id]/route");
    await createUser(SYSTEM, { email: "ops@example.com", name: "Ops", roles: ["admin"] });
    await createUser(SYSTEM, { email: "dev@example.com", name: "Dev", roles: ["contributor", "reviewer", "compliance", "viewer"] });
    const opsToken = (await issueToken(SYSTEM, "ops@example.com", { name: "ops", scopes: ["read", "write", "admin"] })).token;
    const devToken = (await issueToken(SYSTEM, "dev@example.com", { name: "dev", scopes: ["read", "write", "admin"] })).token;
    const call = (token: string, body: unknown) =>
      POST(
        new Request("http://localhost/api/v1/webhooks", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({}) },
      );

    const bad = await call(opsToken, { name: "x", url: "ftp://example.com" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toEqual([{ path: "url", message: "must be an http:// or https:// URL" }]);
    expect((await call(devToken, { name: "x", url: "https://example.com" })).status).toBe(403);
    const ok = await call(opsToken, { name: "via route", url: `${r.url}/route` });
    expect(ok.status).toBe(201);
    expect((await ok.json()).secret).toMatch(/^whsec_/);

    const del = await DELETE(
      new Request("http://localhost/api/v1/webhooks/x", { method: "DELETE", headers: { authorization: `Bearer ${opsToken}` } }),
      {
        params: Promise.resolve({ id: "x" }),
      },
    );
    expect(del.status).toBe(404);
    expect((await del.json()).error.code).toBe("not_found");
  });
});
