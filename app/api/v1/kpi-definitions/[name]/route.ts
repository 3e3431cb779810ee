import { json, route } from "@/lib/api/handler";
import { updateKpiDefinition } from "@/lib/kpis/definitions";
import { UpdateKpiDefinition } from "@/lib/kpis/schemas";

export const PATCH = route<{ name: string }>(async ({ actor, params, body }) =>
  json(await updateKpiDefinition(actor, params.name, body(UpdateKpiDefinition))),
);
