import { json, route } from "@/lib/api/handler";
import { readWebhookSchemas } from "@/lib/webhooks/payload-schemas";

// The JSON Schema of each webhook event's delivery body (lib/webhooks/payload-schemas.ts).
export const GET = route(async ({ actor }) => json(readWebhookSchemas(actor)));
