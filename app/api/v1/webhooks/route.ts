import { json, jsonWithSecret, route } from "@/lib/api/handler";
import { PageQuery } from "@/lib/api/pagination";
import { CreateWebhook } from "@/lib/webhooks/schemas";
import { createWebhook, listWebhooks } from "@/lib/webhooks/webhooks";

export const GET = route(async ({ actor, query }) => {
  const q = query(PageQuery);
  return json(await listWebhooks(actor, q.limit, q.cursor));
});

export const POST = route(async ({ actor, body }) => {
  const created = await createWebhook(actor, body(CreateWebhook));
  return jsonWithSecret(created, 201, { id: String(created.id), what: "webhook" });
});
