import { json, route } from "@/lib/api/handler";
import { sendTestEvent } from "@/lib/webhooks/webhooks";

// No body: a bare POST (no Content-Type) is accepted as well as one with an empty JSON object.
export const POST = route<{ id: string }>(async ({ actor, params }) => json(await sendTestEvent(actor, params.id), 202), {
  accept: ["application/json", ""],
});
