import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { type Ctx, type JsonResult, json } from "../api/handler";
import { AppError } from "../errors";
import { prepareBiasAudit, saveBiasAudit } from "./audits";
import { ingestJson, ingestNdjson } from "./ingest";

/** 100,000 records of JSON run to about 10 MB; leave room for long group names. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;

/**
 * A body shorter than its Content-Length was cut on the way in (a proxy's body limit does that silently), and an
 * audit of part of the records would be wrong without anyone noticing: refuse it.
 */
function refuseIfCut(req: Request, received: number) {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > received)
    throw new AppError(
      "payload_too_large",
      413,
      `Only ${received} of the ${declared} bytes sent arrived; the body was cut short on the way in. Send fewer records a request, or counts.`,
    );
}

/**
 * POST /api/v1/models/{name}/versions/{version}/bias-audits, a `stream: true` route: records as JSON (up to 32 MB) or
 * NDJSON of any length, read as they arrive; permission and the version are checked before the first byte is read;
 * Idempotency-Key is keyed by the body's text (JSON) or the SHA-256 of the bytes streamed (NDJSON).
 */
export async function uploadBiasAudit(ctx: Ctx<{ name: string; version: string }>): Promise<JsonResult> {
  const { actor, params, req } = ctx;
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && type !== "application/x-ndjson")
    throw new AppError(
      "unsupported_media_type",
      415,
      "Send the audit as JSON ('Content-Type: application/json') or, for more than 100,000 records, as 'application/x-ndjson'.",
    );
  // Permission and the version first: a stream of millions of records is not read only to be refused.
  const target = await prepareBiasAudit(actor, params.name, decodeURIComponent(params.version));

  if (type === "application/json") {
    const text = await ctx.readJsonBody(MAX_JSON_BYTES);
    refuseIfCut(req, Buffer.byteLength(text));
    const input = ingestJson(ctx.body(z.unknown()));
    return ctx.idempotent(text, async () => json(await saveBiasAudit(actor, target, input), 201));
  }

  const keyed = req.headers.get("idempotency-key") !== null;
  const hash = keyed ? createHash("sha256") : null;
  let received = 0;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (!req.body) return;
    const reader = req.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += value.byteLength;
        hash?.update(value);
        yield value;
      }
    } finally {
      // Stopped early (a bad line): stop reading the rest.
      await reader.cancel().catch(() => {});
    }
  }
  const input = await ingestNdjson(chunks());
  refuseIfCut(req, received);
  const key = hash ? `application/x-ndjson sha256:${hash.digest("hex")}` : "";
  return ctx.idempotent(key, async () => json(await saveBiasAudit(actor, target, input), 201));
}
