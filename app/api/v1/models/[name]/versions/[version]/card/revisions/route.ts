import { json, route } from "@/lib/api/handler";
import { listRevisions } from "@/lib/cards/cards";
import { ListRevisionsQuery } from "@/lib/cards/schemas";

export const dynamic = "force-dynamic";

export const GET = route<{ name: string; version: string }>(async ({ actor, params, query }) =>
  json(await listRevisions(actor, params.name, decodeURIComponent(params.version), query(ListRevisionsQuery))),
);
