import { json, route } from "@/lib/api/handler";
import { streamedResponse } from "@/lib/api/stream";
import { auditPage, exportAudit } from "@/lib/audit/export";
import { AuditQuery } from "@/lib/audit/schemas";

export const dynamic = "force-dynamic";

export const GET = route(async ({ actor, query, requestId }) => {
  const q = query(AuditQuery);
  if (q.format === "json") return json(await auditPage(actor, q));
  const csv = q.format === "csv";
  return streamedResponse(exportAudit(actor, q, q.format), requestId, {
    "content-type": csv ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson",
    "content-disposition": `attachment; filename="steward-audit.${csv ? "csv" : "ndjson"}"`,
  });
});
