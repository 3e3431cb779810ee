import { json, route } from "@/lib/api/handler";
import { ProofQuery } from "@/lib/audit/schemas";
import { inclusionProof, proofBundle } from "@/lib/audit/transparency";

export const dynamic = "force-dynamic";

/**
 * The RFC 9162 inclusion path of audit entry {seq} in the tree of ?size= entries (default: the tree now); with
 * ?format=bundle, the "prove" download: the entry, its path, the checkpoint it is proved against and the key.
 */
export const GET = route<{ seq: string }>(async ({ actor, params, query }) => {
  const q = query(ProofQuery);
  if (q.format === "bundle") {
    const bundle = await proofBundle(actor, params.seq);
    return json(bundle, 200, { "content-disposition": `attachment; filename="steward-audit-proof-${bundle.entry.seq}.json"` });
  }
  return json(await inclusionProof(actor, params.seq, q.size));
});
