import { route } from "@/lib/api/handler";
import { incidentReport } from "@/lib/incidents/report";
import { ReportQuery } from "@/lib/incidents/schemas";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async ({ actor, params, query }) => {
  const { format } = query(ReportQuery);
  const body = await incidentReport(actor, params.id, format);
  const html = format === "html";
  return new Response(body, {
    headers: {
      "content-type": html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8",
      "content-disposition": `inline; filename="incident-${params.id.slice(0, 36)}.${html ? "html" : "md"}"`,
    },
  });
});
