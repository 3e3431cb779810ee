import { json, route } from "@/lib/api/handler";
import { getPolicy, updatePolicy } from "@/lib/releases/policies";
import { UpdatePolicy } from "@/lib/releases/schemas";

export const GET = route(async ({ actor }) => json(await getPolicy(actor)));

export const PUT = route(async ({ actor, body }) => json(await updatePolicy(actor, body(UpdatePolicy).rules)));
