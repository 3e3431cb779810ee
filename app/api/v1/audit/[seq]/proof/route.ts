import { json, route } from "@/lib/api/handler";
import { ProofQuery } from "@/lib/audit/schemas";
import { inclusionProof } from "@/lib/audit/transparency";

export const dynamic = "force-dynamic";

/** The RFC 9162 inclusion path of audit entry {seq} in the tree of ?size= entries (default: the tree now). */
export const GET = route<{ seq: string }>(async ({ actor, params, query }) => {
  const q = query(ProofQuery);
  return json(await inclusionProof(actor, params.seq, q.size));
});
