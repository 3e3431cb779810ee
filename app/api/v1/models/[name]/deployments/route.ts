import { json, route } from "@/lib/api/handler";
import { deploymentsBetween } from "@/lib/operations/deployments";
import { WindowQuery } from "@/lib/operations/schemas";

export const GET = route<{ name: string }>(async ({ actor, params, query }) => {
  const q = query(WindowQuery);
  return json({ items: await deploymentsBetween(actor, params.name, q.from, q.to, q.limit) });
});
