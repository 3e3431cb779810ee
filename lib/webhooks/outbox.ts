import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { subscribes } from "./events";

export { nudgeWebhooks } from "./deliver";

/**
 * Queue an event for every active webhook subscribed to it, inside the caller's transaction: the deliveries
 * commit with the change they announce, or vanish with it. Nothing is sent here; the worker sends after commit
 * (call nudgeWebhooks() once committed to send at once rather than at the next poll). Throws only on database errors.
 */
export async function enqueueEvent(tx: Tx, event: string, payload: Record<string, unknown>): Promise<void> {
  const hooks = await tx.select({ id: webhooks.id, events: webhooks.events }).from(webhooks).where(eq(webhooks.active, true));
  const targets = hooks.filter((h) => subscribes(h.events, event));
  if (targets.length === 0) return;
  const eventId = randomUUID();
  const createdAt = new Date();
  // A JSON round trip, so what is stored is what is sent (no Dates, no undefined).
  const data = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
  await tx.insert(webhookDeliveries).values(targets.map((h) => ({ webhookId: h.id, eventId, event, payload: data, createdAt })));
}
