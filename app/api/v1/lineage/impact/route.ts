import { json, route } from "@/lib/api/handler";
import { lineageImpact } from "@/lib/lineage/graph";
import { NodeRefQuery } from "@/lib/lineage/schemas";

export const GET = route(async ({ actor, query }) => json(await lineageImpact(actor, query(NodeRefQuery))));
