import { json, route } from "@/lib/api/handler";
import { UpdateWebhook } from "@/lib/webhooks/schemas";
import { deleteWebhook, updateWebhook } from "@/lib/webhooks/webhooks";

export const PATCH = route<{ id: string }>(async ({ actor, params, body }) =>
  json(await updateWebhook(actor, params.id, body(UpdateWebhook))),
);

export const DELETE = route<{ id: string }>(async ({ actor, params }) => json(await deleteWebhook(actor, params.id)));
