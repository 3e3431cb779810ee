import { json, jsonWithSecret, route } from "@/lib/api/handler";
import { PageQuery } from "@/lib/api/pagination";
import { CreateToken } from "@/lib/auth/schemas";
import { issueToken, listTokensPage } from "@/lib/auth/tokens";

export const GET = route<{ email: string }>(async ({ actor, params, query }) => {
  const q = query(PageQuery);
  return json(await listTokensPage(actor, decodeURIComponent(params.email), q.limit, q.cursor));
});

export const POST = route<{ email: string }>(async ({ actor, params, body }) => {
  const created = await issueToken(actor, decodeURIComponent(params.email), body(CreateToken));
  return jsonWithSecret(created, 201, { id: created.id, what: "token" });
});
