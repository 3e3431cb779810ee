import { json, route } from "@/lib/api/handler";
import { executiveView } from "@/lib/dashboards/executive";
import { ExecutiveQuery } from "@/lib/dashboards/executive-schemas";

export const GET = route(async ({ actor, query }) => json(await executiveView(actor, query(ExecutiveQuery))));
