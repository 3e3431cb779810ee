import { json, route } from "@/lib/api/handler";
import { getRelease } from "@/lib/releases/read";

export const GET = route<{ id: string }>(async ({ actor, params }) => json(await getRelease(actor, params.id)));
