import { json, route } from "@/lib/api/handler";
import { createControl } from "@/lib/controls/custom";
import { CreateControl } from "@/lib/controls/schemas";

export const POST = route(async ({ actor, body }) => json(await createControl(actor, body(CreateControl)), 201));
