import { json, route } from "@/lib/api/handler";
import { listPipelineRuns } from "@/lib/operations/pipelines";
import { WindowQuery } from "@/lib/operations/schemas";

export const GET = route<{ name: string }>(async ({ actor, params, query }) => {
  const q = query(WindowQuery);
  return json({ items: await listPipelineRuns(actor, params.name, q.from, q.to, q.limit) });
});
