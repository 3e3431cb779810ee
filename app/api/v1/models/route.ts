import { json, route } from "@/lib/api/handler";
import { createModel, listModels } from "@/lib/inventory/models";
import { CreateModel, ListModelsQuery } from "@/lib/inventory/schemas";

export const GET = route(async ({ actor, query }) => json(await listModels(actor, query(ListModelsQuery))));

export const POST = route(async ({ actor, body }) => json(await createModel(actor, body(CreateModel)), 201));
