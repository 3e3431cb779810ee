import { json, route } from "@/lib/api/handler";
import { revokeToken } from "@/lib/auth/tokens";

export const DELETE = route<{ id: string }>(async ({ actor, params }) => json(await revokeToken(actor, params.id)));
