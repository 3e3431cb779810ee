import { json, route } from "@/lib/api/handler";
import { onCallView } from "@/lib/dashboards/on-call";
import { OnCallQuery } from "@/lib/dashboards/schemas";

export const GET = route(async ({ actor, query }) => json(await onCallView(actor, query(OnCallQuery))));
