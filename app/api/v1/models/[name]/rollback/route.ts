import { json, route } from "@/lib/api/handler";
import { requestRollback } from "@/lib/releases/requests";
import { RequestRollback } from "@/lib/releases/schemas";

export const POST = route<{ name: string }>(async ({ actor, params, body }) =>
  json(await requestRollback(actor, params.name, body(RequestRollback)), 201),
);
