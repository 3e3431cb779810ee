import { json, route } from "@/lib/api/handler";
import { searchNodes } from "@/lib/lineage/graph";
import { SearchQuery } from "@/lib/lineage/schemas";

export const GET = route(async ({ actor, query }) => json(await searchNodes(actor, query(SearchQuery))));
