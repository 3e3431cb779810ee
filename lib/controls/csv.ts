// CSV of framework coverage, one row per (model, control, evidence item), cells by lib/csv.ts's one rule.
import { csvCell } from "../csv";
import type { ModelCoverage, PortfolioFrameworkCoverage } from "./read";

export const COVERAGE_CSV_COLUMNS = [
  "framework",
  "model",
  "version",
  "control",
  "title",
  "status",
  "evidence",
  "evidence_status",
  "reason",
  "link",
] as const;

type Row = Record<(typeof COVERAGE_CSV_COLUMNS)[number], unknown>;
const line = (r: Row) => COVERAGE_CSV_COLUMNS.map((c) => csvCell(r[c])).join(",");

function rowsOf(framework: string, model: string, version: string | null, controls: ModelCoverage["controls"]): string[] {
  return controls.flatMap(({ control, status, evidence }) =>
    evidence.map((e) =>
      line({
        framework,
        model,
        version,
        control: control.identifier,
        title: control.title,
        status,
        evidence: e.ref,
        evidence_status: e.status,
        reason: e.reason,
        link: e.href,
      }),
    ),
  );
}

export function modelCoverageCsv(c: ModelCoverage): string {
  return [COVERAGE_CSV_COLUMNS.join(","), ...rowsOf(c.framework.id, c.model, c.version, c.controls)].join("\r\n") + "\r\n";
}

export function portfolioCoverageCsv(p: PortfolioFrameworkCoverage): string {
  const out: string[] = [COVERAGE_CSV_COLUMNS.join(",")];
  for (const m of p.models)
    out.push(
      ...rowsOf(
        p.framework.id,
        m.model,
        m.version,
        p.controls.map((c) => {
          const mine = c.models.find((x) => x.model === m.model);
          return { control: c.control, status: mine?.status ?? "missing", evidence: mine?.evidence ?? [] };
        }),
      ),
    );
  return out.join("\r\n") + "\r\n";
}

export const csvResponse = (body: string, filename: string) =>
  new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.+-]/g, "_")}"`,
    },
  });
