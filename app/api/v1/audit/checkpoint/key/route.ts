import { route } from "@/lib/api/handler";
import { checkpointVerifierKey } from "@/lib/audit/transparency";

export const dynamic = "force-dynamic";

/** The verifier key of the audit log's checkpoints: <name>+<key id hex>+base64(0x01 ‖ Ed25519 public key). */
export const GET = route(
  async ({ actor }) => new Response(`${checkpointVerifierKey(actor)}\n`, { headers: { "content-type": "text/plain; charset=utf-8" } }),
);
