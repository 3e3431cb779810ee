import { json, route } from "@/lib/api/handler";
import { PageQuery } from "@/lib/api/pagination";
import { listEvaluationsPage } from "@/lib/inventory/lists";
import { CreateEvaluation } from "@/lib/inventory/schemas";
import { addEvaluation } from "@/lib/inventory/versions";

export const GET = route<{ name: string; version: string }>(async ({ actor, params, query }) => {
  const q = query(PageQuery);
  return json(await listEvaluationsPage(actor, params.name, decodeURIComponent(params.version), q.limit, q.cursor));
});

export const POST = route<{ name: string; version: string }>(async ({ actor, params, body }) =>
  json(await addEvaluation(actor, params.name, decodeURIComponent(params.version), body(CreateEvaluation)), 201),
);
