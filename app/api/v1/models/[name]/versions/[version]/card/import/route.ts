import { json, route } from "@/lib/api/handler";
import { IMPORT_TYPES, importCard } from "@/lib/cards/cards";
import { parseIfMatch, revisionEtag } from "@/lib/cards/etag";

export const POST = route<{ name: string; version: string }>(
  async ({ actor, params, text, contentType, req }) => {
    const out = await importCard(actor, params.name, decodeURIComponent(params.version), text(), contentType, {
      ifMatch: parseIfMatch(req.headers.get("if-match")),
    });
    return json(out, 201, { etag: revisionEtag(out.revision) });
  },
  { accept: IMPORT_TYPES },
);
