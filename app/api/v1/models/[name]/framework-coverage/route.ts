import { json, route } from "@/lib/api/handler";
import { csvResponse, modelCoverageCsv } from "@/lib/controls/csv";
import { modelFrameworkCoverage } from "@/lib/controls/read";
import { ModelCoverageQuery } from "@/lib/controls/schemas";

export const dynamic = "force-dynamic";

export const GET = route<{ name: string }>(async ({ actor, params, query }) => {
  const q = query(ModelCoverageQuery);
  const c = await modelFrameworkCoverage(actor, params.name, q.framework);
  return q.format === "csv" ? csvResponse(modelCoverageCsv(c), `coverage-${c.model}-${c.framework.id}.csv`) : json(c);
});
