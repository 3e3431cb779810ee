import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { PageQuery } from "../api/pagination";
import { CreatedWebhook, CreateWebhook, DeliveriesQuery, TestEventSent, UpdateWebhook, Webhook, WebhookDelivery } from "./schemas";

const WebhookSchemas = z
  .object({
    events: z.array(z.object({ event: z.string(), schema: z.record(z.string(), z.unknown()).describe("a JSON Schema, draft 2020-12") })),
  })
  .meta({ id: "WebhookSchemas" });
const IdParam = z.object({ id: z.string().describe("the webhook's id (a UUID)") });

const DELIVERY =
  "Each event is a JSON POST `{id, event, createdAt, data}` with headers X-Steward-Event, X-Steward-Delivery (the event id, the same on every retry: deduplicate on it), X-Steward-Timestamp (Unix seconds of this attempt) and X-Steward-Signature: `sha256=` + hex HMAC-SHA256 of the exact body bytes, keyed with the webhook's secret. A 2xx answer within 5 s delivers it; anything else is retried after 5 s, 30 s, 2 min, 10 min and 1 h, then marked failed.";

/** The webhook endpoints, for lib/openapi.ts. */
export function webhookRoutes({ ok, body, errors, page }: OpenApiHelpers): RouteConfig[] {
  return [
    {
      method: "get",
      path: "/api/v1/webhooks",
      tags: ["webhooks"],
      summary: "Webhooks, oldest first, each with its latest delivery (admin); never their secrets",
      request: { query: PageQuery },
      responses: { 200: ok(page(Webhook)), ...errors(400, 401, 403) },
    },
    {
      method: "post",
      path: "/api/v1/webhooks",
      tags: ["webhooks"],
      summary: "Add a webhook (admin); its signing secret is in this answer only",
      description: `Events: release.requested, release.approved, release.rejected, release.changes_requested, release.resubmitted, release.cancelled, release.rollback_requested, release.rolled_back; subscribe by name, "*", or a prefix such as "release.*" (the default). ${DELIVERY}`,
      request: { body: body(CreateWebhook) },
      responses: { 201: ok(CreatedWebhook, "created"), ...errors(400, 401, 403, 409, 413, 415) },
    },
    {
      method: "patch",
      path: "/api/v1/webhooks/{id}",
      tags: ["webhooks"],
      summary: "Change a webhook's name, URL, events, or active (admin); deactivating fails its deliveries still waiting",
      request: { params: IdParam, body: body(UpdateWebhook) },
      responses: { 200: ok(Webhook), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
    {
      method: "delete",
      path: "/api/v1/webhooks/{id}",
      tags: ["webhooks"],
      summary: "Delete a webhook and its delivery history (admin); answers with what was deleted",
      request: { params: IdParam },
      responses: { 200: ok(Webhook), ...errors(401, 403, 404) },
    },
    {
      method: "get",
      path: "/api/v1/webhooks/{id}/deliveries",
      tags: ["webhooks"],
      summary: "A webhook's deliveries, most recent first (admin): status, attempts, last status code and error",
      request: { params: IdParam, query: DeliveriesQuery },
      responses: { 200: ok(page(WebhookDelivery)), ...errors(400, 401, 403, 404) },
    },
    {
      method: "get",
      path: "/api/v1/webhooks/schemas",
      tags: ["webhooks"],
      summary: "The JSON Schema (2020-12) of each webhook event's delivery body, for receivers (any signed-in reader)",
      description: `${DELIVERY} Receivers should ignore fields they do not know: fields are added, never renamed or dropped.`,
      responses: { 200: ok(WebhookSchemas), ...errors(401, 403) },
    },
    {
      method: "post",
      path: "/api/v1/webhooks/{id}/test",
      tags: ["webhooks"],
      summary: "Send a webhook.test event to this webhook alone (admin); 409 if it is inactive",
      description: DELIVERY,
      request: { params: IdParam },
      responses: { 202: ok(TestEventSent, "queued, and sent at once"), ...errors(400, 401, 403, 404, 409) },
    },
  ];
}
