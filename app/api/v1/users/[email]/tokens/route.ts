import { json, route } from "@/lib/api/handler";
import { CreateToken } from "@/lib/auth/schemas";
import { issueToken, listTokens } from "@/lib/auth/tokens";

export const GET = route<{ email: string }>(async ({ actor, params }) =>
  json({ items: await listTokens(actor, decodeURIComponent(params.email)), nextCursor: null }),
);

export const POST = route<{ email: string }>(async ({ actor, params, body }) =>
  json(await issueToken(actor, decodeURIComponent(params.email), body(CreateToken)), 201),
);
