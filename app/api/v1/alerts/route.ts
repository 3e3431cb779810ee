import { json, route } from "@/lib/api/handler";
import { listAlerts } from "@/lib/slo/alerts";
import { AlertsQuery } from "@/lib/slo/schemas";

export const GET = route(async ({ actor, query }) => json(await listAlerts(actor, query(AlertsQuery))));
