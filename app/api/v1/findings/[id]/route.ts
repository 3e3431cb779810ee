import { json, route } from "@/lib/api/handler";
import { updateFinding } from "@/lib/findings/findings";
import { getFinding } from "@/lib/findings/read";
import { UpdateFinding } from "@/lib/findings/schemas";

export const GET = route<{ id: string }>(async ({ actor, params }) => json(await getFinding(actor, params.id)));
export const PATCH = route<{ id: string }>(async ({ actor, params, body }) =>
  json(await updateFinding(actor, params.id, body(UpdateFinding))),
);
