import { json, route } from "@/lib/api/handler";
import { csvResponse, portfolioCoverageCsv } from "@/lib/controls/csv";
import { portfolioFrameworkCoverage } from "@/lib/controls/read";
import { CoverageFormat } from "@/lib/controls/schemas";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async ({ actor, params, query }) => {
  const q = query(CoverageFormat);
  const c = await portfolioFrameworkCoverage(actor, params.id);
  return q.format === "csv" ? csvResponse(portfolioCoverageCsv(c), `coverage-${c.framework.id}.csv`) : json(c);
});
