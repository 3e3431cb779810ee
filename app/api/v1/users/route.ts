import { json, route } from "@/lib/api/handler";
import { PageQuery } from "@/lib/api/pagination";
import { CreateUser } from "@/lib/auth/schemas";
import { createUser, listUsersPage } from "@/lib/auth/users";

export const GET = route(async ({ actor, query }) => {
  const q = query(PageQuery);
  return json(await listUsersPage(actor, q.limit, q.cursor));
});

export const POST = route(async ({ actor, body }) => json(await createUser(actor, body(CreateUser)), 201));
