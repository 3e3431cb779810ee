import { json, route } from "@/lib/api/handler";
import { lineageGraph } from "@/lib/lineage/graph";
import { GraphQuery } from "@/lib/lineage/schemas";

export const GET = route(async ({ actor, query }) => json(await lineageGraph(actor, query(GraphQuery))));
