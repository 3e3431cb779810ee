import { json, route } from "@/lib/api/handler";

export const GET = route(async ({ actor }) => json({ email: actor.email, name: actor.name, roles: actor.roles }));
