import { json, route } from "@/lib/api/handler";
import { raiseFinding } from "@/lib/findings/findings";
import { listFindings } from "@/lib/findings/read";
import { FindingsQuery, RaiseFinding } from "@/lib/findings/schemas";

export const GET = route(async ({ actor, query }) => {
  const q = query(FindingsQuery);
  return json(await listFindings(actor, { ...q, overdue: q.overdue === undefined ? undefined : q.overdue === "true" }));
});
export const POST = route(async ({ actor, body }) => json(await raiseFinding(actor, body(RaiseFinding)), 201));
