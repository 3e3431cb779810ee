import { json, route } from "@/lib/api/handler";
import { readQuality } from "@/lib/quality/read";
import { WindowQuery } from "@/lib/quality/schemas";

export const GET = route<{ name: string }>(async ({ actor, params, query }) =>
  json(await readQuality(actor, params.name, query(WindowQuery))),
);
