import { json, route } from "@/lib/api/handler";
import { closeFinding } from "@/lib/findings/findings";
import { CloseFinding } from "@/lib/findings/schemas";

export const POST = route<{ id: string }>(async ({ actor, params, body }) =>
  json(await closeFinding(actor, params.id, body(CloseFinding))),
);
