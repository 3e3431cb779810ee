import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { ModelName } from "@/lib/inventory/schemas";
import { createSilence, listSilences } from "@/lib/slo/alerts";
import { CreateSilence } from "@/lib/slo/schemas";

const Query = z.strictObject({ model: ModelName.optional(), active: z.enum(["true", "false"]).optional() });
export const GET = route(async ({ actor, query }) => {
  const q = query(Query);
  return json(await listSilences(actor, { model: q.model, active: q.active === "true" }));
});
export const POST = route(async ({ actor, body }) => json(await createSilence(actor, body(CreateSilence)), 201));
