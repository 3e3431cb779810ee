import { json, route } from "@/lib/api/handler";
import { createKpiDefinition, listKpiDefinitions } from "@/lib/kpis/definitions";
import { CreateKpiDefinition } from "@/lib/kpis/schemas";

export const GET = route(async ({ actor }) => json(await listKpiDefinitions(actor)));

export const POST = route(async ({ actor, body }) => json(await createKpiDefinition(actor, body(CreateKpiDefinition)), 201));
