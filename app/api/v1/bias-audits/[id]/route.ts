import { json, route } from "@/lib/api/handler";
import { getBiasAudit } from "@/lib/fairness/audits";
import { groupsCsv } from "@/lib/fairness/csv";
import { BiasAuditQuery } from "@/lib/fairness/schemas";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async ({ actor, params, query }) => {
  const q = query(BiasAuditQuery);
  const audit = await getBiasAudit(actor, params.id);
  if (q.format === "json") return json(audit);
  const filename = `bias-audit-${audit.model}-${audit.version}-${audit.id.slice(0, 8)}.csv`.replace(/[^\w.+-]/g, "_");
  return new Response(groupsCsv([...audit.groups, ...audit.intersections.groups]), {
    headers: { "content-type": "text/csv; charset=utf-8; header=present", "content-disposition": `attachment; filename="${filename}"` },
  });
});
