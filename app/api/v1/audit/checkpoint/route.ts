import { json, route } from "@/lib/api/handler";
import { headCheckpoint } from "@/lib/audit/head";
import { signedCheckpoint } from "@/lib/audit/transparency";

export const dynamic = "force-dynamic";

/**
 * The signed head of the audit log: a C2SP signed note (text/plain) whose text is a tlog checkpoint of the Merkle
 * tree, signed with AUDIT_SIGNING_KEY; with `Accept: application/json` (and not text/plain), v1's HMAC checkpoint of
 * the chain head under AUDIT_CHECKPOINT_KEY. 503 naming the variable that is not set.
 */
export const GET = route(async ({ actor, req }) => {
  const accept = (req.headers.get("accept") ?? "").toLowerCase();
  if (accept.includes("application/json") && !accept.includes("text/plain")) return json(await headCheckpoint(actor));
  const note = await signedCheckpoint(actor);
  return new Response(note, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
});
