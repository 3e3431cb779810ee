import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { z } from "zod";
import { z as zod } from "zod";
import { conn, type Tx, transact } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { decodeCursor, encodeCursor, type Page } from "../api/pagination";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { AppError, notFound } from "../errors";
import { isoOrNull } from "../time";
import { checkWebhookUrl } from "./address";
import { nudgeWebhooks } from "./deliver";
import { DEFAULT_EVENTS, TEST_EVENT } from "./events";
import type { CreateWebhook, UpdateWebhook } from "./schemas";

type WebhookRow = typeof webhooks.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export type LastDelivery = { event: string; status: DeliveryRow["status"]; attempts: number; lastStatusCode: number | null; at: string };
export type WebhookView = {
  id: string;
  name: string;
  url: string;
  events: string[];
  active: boolean;
  createdBy: string;
  createdAt: string;
  lastDelivery: LastDelivery | null;
};
export type CreatedWebhookView = WebhookView & { secret: string };
export type DeliveryView = ReturnType<typeof deliveryView>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const entity = (id: string) => ({ type: "webhook", id });

/** Never the secret: it is shown once, by createWebhook, and kept only to sign deliveries. */
function webhookView(w: WebhookRow, last: LastDelivery | null = null): WebhookView {
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    events: w.events,
    active: w.active,
    createdBy: w.createdBy,
    createdAt: w.createdAt.toISOString(),
    lastDelivery: last,
  };
}

/** What the audit trail keeps of a webhook: its settings, not its secret nor its delivery state. */
const auditView = (w: WebhookRow) => ({ id: w.id, name: w.name, url: w.url, events: w.events, active: w.active });

export function deliveryView(d: DeliveryRow) {
  return {
    id: d.id,
    eventId: d.eventId,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: isoOrNull(d.deliveredAt),
  };
}

const newSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

async function lockWebhook(tx: Tx, id: string): Promise<WebhookRow> {
  const [w] = UUID.test(id) ? await tx.select().from(webhooks).where(eq(webhooks.id, id)).for("update") : [];
  if (!w) throw notFound(`The webhook ${id}`);
  return w;
}

async function lastDeliveries(ids: string[]): Promise<Map<string, LastDelivery>> {
  if (ids.length === 0) return new Map();
  const db = await conn();
  const d = webhookDeliveries;
  const rows = await db
    .selectDistinctOn([d.webhookId], {
      webhookId: d.webhookId,
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      createdAt: d.createdAt,
      deliveredAt: d.deliveredAt,
    })
    .from(d)
    .where(inArray(d.webhookId, ids))
    .orderBy(d.webhookId, desc(d.id));
  return new Map(
    rows.map((r) => [
      r.webhookId,
      {
        event: r.event,
        status: r.status,
        attempts: r.attempts,
        lastStatusCode: r.lastStatusCode,
        at: (r.deliveredAt ?? r.createdAt).toISOString(),
      },
    ]),
  );
}

/** Webhooks, oldest first, each with its most recent delivery; ?limit= and ?cursor= as every list. */
export async function listWebhooks(actor: Actor, limit = 50, cursor?: string): Promise<Page<WebhookView>> {
  authorize(actor, "webhooks.manage");
  const c = decodeCursor(cursor, zod.object({ at: zod.string(), id: zod.string().regex(UUID) }));
  const at = sql`date_trunc('milliseconds', ${webhooks.createdAt})`;
  const db = await conn();
  const rows = await db
    .select()
    .from(webhooks)
    .where(c ? sql`(${at}, ${webhooks.id}) > (${c.at}::timestamptz, ${c.id}::uuid)` : undefined)
    .orderBy(at, webhooks.id)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = await lastDeliveries(page.map((w) => w.id));
  const items = page.map((w) => webhookView(w, last.get(w.id) ?? null));
  const end = page[page.length - 1];
  return { items, nextCursor: rows.length > limit && end ? encodeCursor({ at: end.createdAt.toISOString(), id: end.id }) : null };
}

export async function createWebhook(actor: Actor, input: z.infer<typeof CreateWebhook>): Promise<CreatedWebhookView> {
  authorize(actor, "webhooks.manage");
  await checkWebhookUrl(input.url);
  const secret = newSecret();
  return transact(async (tx) => {
    const [w] = await tx
      .insert(webhooks)
      .values({ name: input.name, url: input.url, secret, events: [...new Set(input.events ?? DEFAULT_EVENTS)], createdBy: actor.email })
      .returning();
    await appendAudit(tx, actor, "webhook.created", entity(w.id), null, auditView(w));
    return { ...webhookView(w), secret };
  });
}

/** Change name, URL, events or active. Deactivating fails what is still waiting to be sent, so nothing old goes out later. */
export async function updateWebhook(actor: Actor, id: string, input: z.infer<typeof UpdateWebhook>): Promise<WebhookView> {
  authorize(actor, "webhooks.manage");
  if (input.url !== undefined) await checkWebhookUrl(input.url);
  return transact(async (tx) => {
    const before = await lockWebhook(tx, id);
    const [w] = await tx
      .update(webhooks)
      .set({
        name: input.name ?? before.name,
        url: input.url ?? before.url,
        events: input.events ? [...new Set(input.events)] : before.events,
        active: input.active ?? before.active,
      })
      .where(eq(webhooks.id, before.id))
      .returning();
    if (before.active && !w.active) {
      await tx
        .update(webhookDeliveries)
        .set({ status: "failed", lastError: "The webhook was deactivated before this was sent." })
        .where(and(eq(webhookDeliveries.webhookId, w.id), eq(webhookDeliveries.status, "pending")));
    }
    await appendAudit(tx, actor, "webhook.updated", entity(w.id), auditView(before), auditView(w));
    return webhookView(w, (await lastDeliveries([w.id])).get(w.id) ?? null);
  });
}

/** Delete a webhook and its delivery history; answers with what was deleted. */
export async function deleteWebhook(actor: Actor, id: string): Promise<WebhookView> {
  authorize(actor, "webhooks.manage");
  return transact(async (tx) => {
    const w = await lockWebhook(tx, id);
    await tx.delete(webhooks).where(eq(webhooks.id, w.id));
    await appendAudit(tx, actor, "webhook.deleted", entity(w.id), auditView(w), null);
    return webhookView(w);
  });
}

/** A webhook's deliveries, most recent first. */
export async function listDeliveries(actor: Actor, id: string, limit = 20, cursor?: string): Promise<Page<DeliveryView>> {
  authorize(actor, "webhooks.manage");
  const db = await conn();
  const [w] = UUID.test(id) ? await db.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.id, id)) : [];
  if (!w) throw notFound(`The webhook ${id}`);
  const after = decodeCursor(cursor, zod.object({ id: zod.number().int() }))?.id;
  const d = webhookDeliveries;
  const rows = await db
    .select()
    .from(d)
    .where(and(eq(d.webhookId, w.id), after !== undefined ? lt(d.id, after) : undefined))
    .orderBy(desc(d.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(deliveryView);
  return { items, nextCursor: rows.length > limit ? encodeCursor({ id: items[items.length - 1].id }) : null };
}

/** Queue a "webhook.test" ping for this webhook alone, and send it at once. */
export async function sendTestEvent(actor: Actor, id: string): Promise<{ eventId: string; event: typeof TEST_EVENT; deliveryId: number }> {
  authorize(actor, "webhooks.manage");
  const out = await transact(async (tx) => {
    const w = await lockWebhook(tx, id);
    if (!w.active) throw new AppError("webhook_inactive", 409, "This webhook is inactive: activate it first, then send a test event.");
    const eventId = randomUUID();
    const [d] = await tx
      .insert(webhookDeliveries)
      .values({
        webhookId: w.id,
        eventId,
        event: TEST_EVENT,
        payload: {
          message: "A test event sent from Steward. No action is needed.",
          webhook: { id: w.id, name: w.name },
          sentBy: actor.email,
        },
      })
      .returning({ id: webhookDeliveries.id });
    await appendAudit(tx, actor, "webhook.tested", entity(w.id), null, { eventId, event: TEST_EVENT });
    return { eventId, event: TEST_EVENT, deliveryId: d.id };
  });
  nudgeWebhooks();
  return out;
}
