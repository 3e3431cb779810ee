import { json, route } from "@/lib/api/handler";
import { decideRelease } from "@/lib/releases/decide";
import { DecideRelease } from "@/lib/releases/schemas";

export const POST = route<{ id: string }>(async ({ actor, params, body }) =>
  json(await decideRelease(actor, params.id, body(DecideRelease))),
);
