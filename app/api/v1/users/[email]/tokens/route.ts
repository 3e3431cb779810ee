import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { Limit } from "@/lib/api/pagination";
import { CreateToken } from "@/lib/auth/schemas";
import { issueToken, listTokensPage } from "@/lib/auth/tokens";

const Query = z.object({ limit: Limit, cursor: z.string().max(500).optional() });

export const GET = route<{ email: string }>(async ({ actor, params, query }) => {
  const q = query(Query);
  return json(await listTokensPage(actor, decodeURIComponent(params.email), q.limit, q.cursor));
});

export const POST = route<{ email: string }>(async ({ actor, params, body }) =>
  json(await issueToken(actor, decodeURIComponent(params.email), body(CreateToken)), 201),
);
