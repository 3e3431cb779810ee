import { json, route } from "@/lib/api/handler";
import { CreateEvaluation } from "@/lib/inventory/schemas";
import { addEvaluation, getVersion } from "@/lib/inventory/versions";

export const GET = route<{ name: string; version: string }>(async ({ actor, params }) =>
  json({ items: (await getVersion(actor, params.name, decodeURIComponent(params.version))).evaluations, nextCursor: null }),
);

export const POST = route<{ name: string; version: string }>(async ({ actor, params, body }) =>
  json(await addEvaluation(actor, params.name, decodeURIComponent(params.version), body(CreateEvaluation)), 201),
);
