import { json, route } from "@/lib/api/handler";
import { exportCard, getCard, saveCard } from "@/lib/cards/cards";
import { parseIfMatch, revisionEtag } from "@/lib/cards/etag";
import { GetCardQuery, ModelCard } from "@/lib/cards/schemas";

type Params = { name: string; version: string };

export const dynamic = "force-dynamic";

export const GET = route<Params>(async ({ actor, params, query }) => {
  const q = query(GetCardQuery);
  const version = decodeURIComponent(params.version);
  if (q.format === "json") {
    const card = await getCard(actor, params.name, version, q.revision);
    return json(card, 200, { etag: revisionEtag(card.revision) });
  }
  const out = await exportCard(actor, params.name, version, q.format, q.revision);
  return new Response(out.body, {
    headers: { "content-type": out.contentType, "content-disposition": `inline; filename="${out.filename}"` },
  });
});

export const PUT = route<Params>(async ({ actor, params, body, req }) => {
  const card = body(ModelCard);
  const saved = await saveCard(actor, params.name, decodeURIComponent(params.version), card, {
    ifMatch: parseIfMatch(req.headers.get("if-match")),
    source: actor.type === "token" ? "api" : "browser",
  });
  return json({ revision: saved.revision, completeness: saved.completeness, needsReview: saved.needsReview, savedAt: saved.savedAt }, 200, {
    etag: revisionEtag(saved.revision),
  });
});
