import { json, route } from "@/lib/api/handler";
import { createIncident } from "@/lib/incidents/incidents";
import { listIncidents } from "@/lib/incidents/read";
import { CreateIncident, IncidentsQuery } from "@/lib/incidents/schemas";

export const GET = route(async ({ actor, query }) => {
  const q = query(IncidentsQuery);
  return json(await listIncidents(actor, { ...q, serious: q.serious === undefined ? undefined : q.serious === "true" }));
});
export const POST = route(async ({ actor, body }) => json(await createIncident(actor, body(CreateIncident)), 201));
