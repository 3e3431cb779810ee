import { json, route } from "@/lib/api/handler";
import { lineageNode } from "@/lib/lineage/graph";
import { NodeRefQuery } from "@/lib/lineage/schemas";

export const GET = route(async ({ actor, query }) => json(await lineageNode(actor, query(NodeRefQuery))));
