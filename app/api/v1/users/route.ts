import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { Limit } from "@/lib/api/pagination";
import { CreateUser } from "@/lib/auth/schemas";
import { createUser, listUsersPage } from "@/lib/auth/users";

const Query = z.object({ limit: Limit, cursor: z.string().max(500).optional() });

export const GET = route(async ({ actor, query }) => {
  const q = query(Query);
  return json(await listUsersPage(actor, q.limit, q.cursor));
});

export const POST = route(async ({ actor, body }) => json(await createUser(actor, body(CreateUser)), 201));
