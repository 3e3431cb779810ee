import { json, route } from "@/lib/api/handler";
import { DeliveriesQuery } from "@/lib/webhooks/schemas";
import { listDeliveries } from "@/lib/webhooks/webhooks";

export const GET = route<{ id: string }>(async ({ actor, params, query }) => {
  const q = query(DeliveriesQuery);
  return json(await listDeliveries(actor, params.id, q.limit, q.cursor));
});
