import { z } from "zod";
import { EVENT_PATTERN } from "./events";

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

const Name = z.string().trim().min(1, "is required").max(100);
const Url = z.string().trim().max(2000).refine(isHttpUrl, "must be an http:// or https:// URL");
const EventList = z
  .array(z.string().trim().regex(EVENT_PATTERN, 'must be "*", an event name such as release.approved, or a prefix such as release.*'))
  .min(1, "give at least one event")
  .max(50)
  .describe('event names, "*", or prefixes such as "release.*"');

export const CreateWebhook = z
  .strictObject({ name: Name, url: Url, events: EventList.optional().describe('default ["release.*"]') })
  .meta({ id: "CreateWebhook" });

export const UpdateWebhook = z
  .strictObject({ name: Name.optional(), url: Url.optional(), events: EventList.optional(), active: z.boolean().optional() })
  .meta({ id: "UpdateWebhook" });

export const DeliveryStatus = z.enum(["pending", "delivered", "failed"]);

export const Webhook = z
  .object({
    id: z.uuid(),
    name: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    active: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
    lastDelivery: z
      .object({
        event: z.string(),
        status: DeliveryStatus,
        attempts: z.number().int(),
        lastStatusCode: z.number().int().nullable(),
        at: z.string(),
      })
      .nullable()
      .describe("the most recent delivery to it, if any"),
  })
  .meta({ id: "Webhook" });

export const CreatedWebhook = Webhook.extend({
  secret: z.string().describe("the HMAC-SHA256 key of X-Steward-Signature, shown this once"),
}).meta({ id: "CreatedWebhook" });

export const WebhookDelivery = z
  .object({
    id: z.number().int(),
    eventId: z.uuid().describe("the X-Steward-Delivery header and the body's id; the same on every retry"),
    event: z.string(),
    status: DeliveryStatus,
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().describe("when it is tried next, while pending"),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: "WebhookDelivery" });

export const TestEventSent = z
  .object({ eventId: z.uuid(), event: z.literal("webhook.test"), deliveryId: z.number().int() })
  .meta({ id: "TestEventSent" });

/** ?limit= (default 20 here) and ?cursor= of a webhook's deliveries. */
export const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(20),
  cursor: z.string().max(2000).optional(),
});
