import { json, route } from "@/lib/api/handler";
import { acceptFindingRisk } from "@/lib/findings/findings";
import { AcceptRisk } from "@/lib/findings/schemas";

export const POST = route<{ id: string }>(async ({ actor, params, body }) =>
  json(await acceptFindingRisk(actor, params.id, body(AcceptRisk))),
);
