import { json, route } from "@/lib/api/handler";
import { getVersion } from "@/lib/inventory/versions";

export const GET = route<{ name: string; version: string }>(async ({ actor, params }) =>
  json(await getVersion(actor, params.name, decodeURIComponent(params.version))),
);
