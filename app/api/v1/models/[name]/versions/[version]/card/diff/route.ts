import { json, route } from "@/lib/api/handler";
import { diffRevisions } from "@/lib/cards/cards";
import { DiffQuery } from "@/lib/cards/schemas";

export const dynamic = "force-dynamic";

export const GET = route<{ name: string; version: string }>(async ({ actor, params, query }) => {
  const q = query(DiffQuery);
  return json(await diffRevisions(actor, params.name, decodeURIComponent(params.version), q.from, q.to));
});
