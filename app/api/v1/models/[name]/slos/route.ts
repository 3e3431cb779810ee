import { json, route } from "@/lib/api/handler";
import { CreateSlo } from "@/lib/slo/schemas";
import { createSlo, listSlos } from "@/lib/slo/slos";

type P = { name: string };
export const GET = route<P>(async ({ actor, params }) => json(await listSlos(actor, params.name)));
export const POST = route<P>(async ({ actor, params, body }) => json(await createSlo(actor, params.name, body(CreateSlo)), 201));
