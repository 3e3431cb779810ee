import { json, route } from "@/lib/api/handler";
import { deleteControl, updateControl } from "@/lib/controls/custom";
import { UpdateControl } from "@/lib/controls/schemas";

type P = { id: string };
export const PATCH = route<P>(async ({ actor, params, body }) => json(await updateControl(actor, params.id, body(UpdateControl))));
export const DELETE = route<P>(async ({ actor, params }) => json(await deleteControl(actor, params.id)));
