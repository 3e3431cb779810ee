import { json, route } from "@/lib/api/handler";
import { getModel, updateModel } from "@/lib/inventory/models";
import { UpdateModel } from "@/lib/inventory/schemas";

export const GET = route<{ name: string }>(async ({ actor, params }) => json(await getModel(actor, params.name)));

export const PATCH = route<{ name: string }>(async ({ actor, params, body }) =>
  json(await updateModel(actor, params.name, body(UpdateModel))),
);
