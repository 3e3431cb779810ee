import { json, route } from "@/lib/api/handler";
import { CreateUser } from "@/lib/auth/schemas";
import { createUser, listUsers } from "@/lib/auth/users";

export const GET = route(async ({ actor }) => json({ items: await listUsers(actor), nextCursor: null }));

export const POST = route(async ({ actor, body }) => json(await createUser(actor, body(CreateUser)), 201));
