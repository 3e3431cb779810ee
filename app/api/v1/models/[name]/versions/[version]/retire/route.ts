import { json, route } from "@/lib/api/handler";
import { RetireVersion } from "@/lib/inventory/schemas";
import { retireVersion } from "@/lib/inventory/versions";

export const POST = route<{ name: string; version: string }>(async ({ actor, params, body }) =>
  json(await retireVersion(actor, params.name, decodeURIComponent(params.version), body(RetireVersion))),
);
