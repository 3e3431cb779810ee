import { json, route } from "@/lib/api/handler";
import { readDrift } from "@/lib/drift/read";
import { WindowQuery } from "@/lib/quality/schemas";

export const GET = route<{ name: string }>(async ({ actor, params, query }) =>
  json(await readDrift(actor, params.name, query(WindowQuery))),
);
