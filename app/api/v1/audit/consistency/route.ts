import { json, route } from "@/lib/api/handler";
import { ConsistencyQuery } from "@/lib/audit/schemas";
import { consistencyProof } from "@/lib/audit/transparency";

export const dynamic = "force-dynamic";

/** The RFC 9162 consistency path from the tree of ?from= entries to the tree of ?to= entries. */
export const GET = route(async ({ actor, query }) => {
  const q = query(ConsistencyQuery);
  return json(await consistencyProof(actor, q.from, q.to));
});
