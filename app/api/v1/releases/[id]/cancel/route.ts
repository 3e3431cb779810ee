import { json, route } from "@/lib/api/handler";
import { cancelRelease } from "@/lib/releases/requests";
import { CancelRelease } from "@/lib/releases/schemas";

// The body is optional: an empty POST (no Content-Type either, as `curl -X POST` sends) cancels without a reason.
export const POST = route<{ id: string }>(
  async ({ actor, params, body, text }) => json(await cancelRelease(actor, params.id, text().trim() ? body(CancelRelease) : {})),
  { accept: ["application/json", ""] },
);
