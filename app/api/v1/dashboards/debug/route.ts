import { json, route } from "@/lib/api/handler";
import { debugView } from "@/lib/dashboards/debug";
import { DebugQuery } from "@/lib/dashboards/debug-schemas";

export const GET = route(async ({ actor, query }) => json(await debugView(actor, query(DebugQuery))));
