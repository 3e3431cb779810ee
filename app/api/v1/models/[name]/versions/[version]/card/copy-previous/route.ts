import { json, route } from "@/lib/api/handler";
import { copyFromPrevious } from "@/lib/cards/cards";
import { revisionEtag } from "@/lib/cards/etag";

export const POST = route<{ name: string; version: string }>(
  async ({ actor, params }) => {
    const out = await copyFromPrevious(actor, params.name, decodeURIComponent(params.version));
    return json(out, 201, { etag: revisionEtag(out.revision) });
  },
  // Nothing to send: a bare POST (no Content-Type) or an empty JSON object.
  { accept: ["application/json", ""] },
);
