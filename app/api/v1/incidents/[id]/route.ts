import { json, route } from "@/lib/api/handler";
import { updateIncident } from "@/lib/incidents/incidents";
import { getIncident } from "@/lib/incidents/read";
import { UpdateIncident } from "@/lib/incidents/schemas";

export const GET = route<{ id: string }>(async ({ actor, params }) => json(await getIncident(actor, params.id)));
export const PATCH = route<{ id: string }>(async ({ actor, params, body }) =>
  json(await updateIncident(actor, params.id, body(UpdateIncident))),
);
