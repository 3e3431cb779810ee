import { json, route } from "@/lib/api/handler";
import { UpdateUser } from "@/lib/auth/schemas";
import { updateUser } from "@/lib/auth/users";

export const PATCH = route<{ email: string }>(async ({ actor, params, body }) =>
  json(await updateUser(actor, decodeURIComponent(params.email), body(UpdateUser))),
);
