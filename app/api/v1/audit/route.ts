import { withRequestContext } from "@/db/client";
import { json, route } from "@/lib/api/handler";
import { auditPage, exportAudit } from "@/lib/audit/export";
import { AuditQuery } from "@/lib/audit/schemas";

export const dynamic = "force-dynamic";

export const GET = route(async ({ actor, query, requestId }) => {
  const q = query(AuditQuery);
  if (q.format === "json") return json(await auditPage(actor, q));
  const chunks = exportAudit(actor, q, q.format)[Symbol.asyncIterator]();
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await withRequestContext(requestId, () => chunks.next());
      if (done) controller.close();
      else controller.enqueue(enc.encode(value));
    },
    async cancel() {
      await chunks.return?.(undefined);
    },
  });
  const type = q.format === "csv" ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson";
  const ext = q.format === "csv" ? "csv" : "ndjson";
  return new Response(stream, {
    headers: { "content-type": type, "content-disposition": `attachment; filename="steward-audit.${ext}"` },
  });
});
