import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { CATEGORY_TITLES, deadlineWords } from "./deadline";
import { incidentDetail } from "./read";

type Detail = Awaited<ReturnType<typeof incidentDetail>>;
type ModelFacts = { name: string; title: string | null; owner: string; team: string | null; risk_tier: string; use_case: string | null };
type Section = { heading: string; rows?: [string, string][]; text?: string; list?: string[] };

/** The report's parts, shared by the Markdown and HTML renderings. */
export function reportSections(i: Detail, m: ModelFacts, provider: string, now: Date): { title: string; sections: Section[] } {
  const d = i.deadline;
  const none = "Not recorded.";
  return {
    title: `Serious incident report: ${i.title}`,
    sections: [
      {
        heading: "Provider and system",
        rows: [
          ["Provider", provider || "Not configured (set PROVIDER_NAME)"],
          ["AI system", m.title ? `${m.title} (${m.name})` : m.name],
          ["Version", i.version ?? "Not known"],
          ["Intended purpose", m.use_case ?? none],
          ["Risk tier", m.risk_tier],
          ["Contact", `${m.owner}${m.team ? ` (${m.team})` : ""}`],
        ],
      },
      {
        heading: "Reporting obligation",
        rows: d
          ? [
              ["Category", CATEGORY_TITLES[d.category]],
              ["Legal basis", `EU AI Act (Regulation (EU) 2024/1689), ${d.article}`],
              ["Provider aware on", d.awareOn],
              ["Report due by", `${d.dueOn} (${deadlineWords(d)} on ${now.toISOString().slice(0, 10)})`],
              ["Report sent", i.reportedAt ?? "Not yet"],
            ]
          : [["Category", "Not marked as a serious incident"]],
      },
      {
        heading: "Dates",
        rows: [
          ["Started", i.startedAt],
          ["Detected", i.detectedAt],
          ["Resolved", i.resolvedAt ?? `Not yet (status: ${i.status})`],
        ],
      },
      { heading: "Description", text: i.title },
      {
        heading: "Impact",
        rows: [
          ["Impact", i.impact ?? none],
          ["Decisions affected", i.decisionsAffected ?? none],
          ["Number of decisions affected", i.decisionsAffectedCount === null ? none : String(i.decisionsAffectedCount)],
        ],
      },
      { heading: "Root cause", text: i.rootCause ?? none },
      {
        heading: "Corrective actions",
        list: i.findings.length
          ? i.findings.map((f) => `${f.title} (${f.severity}, ${f.status.replace("_", " ")}, due ${f.dueDate}; finding ${f.id})`)
          : ["None recorded yet."],
      },
      { heading: "Timeline (UTC)", list: i.timeline.map((t) => `${t.ts} — ${t.text} (${t.author})`) },
    ],
  };
}

/** Markdown: one line per field; user text never starts a heading or list of its own. */
const mdText = (s: string) =>
  s
    .split("\n")
    .map((l) => l.replace(/^(\s*)([#>*+-]|\d+\.)/, "$1\\$2"))
    .join("\n");
/** A value written after a label or bullet: kept on one line. */
const oneLine = (s: string) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" ");
export function reportMarkdown(r: { title: string; sections: Section[] }): string {
  const out = [`# ${oneLine(r.title)}`, ""];
  for (const s of r.sections) {
    out.push(`## ${s.heading}`, "");
    for (const [k, v] of s.rows ?? []) out.push(`- **${k}:** ${oneLine(v)}`);
    if (s.text !== undefined) out.push(mdText(s.text));
    for (const l of s.list ?? []) out.push(`- ${oneLine(l)}`);
    out.push("");
  }
  return out.join("\n");
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
export function reportHtml(r: { title: string; sections: Section[] }): string {
  const body = r.sections
    .map((s) => {
      const rows = s.rows?.length ? `<dl>${s.rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>` : "";
      const text = s.text !== undefined ? `<p>${esc(s.text).replace(/\n/g, "<br>")}</p>` : "";
      const list = s.list?.length ? `<ul>${s.list.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>` : "";
      return `<section><h2>${esc(s.heading)}</h2>${rows}${text}${list}</section>`;
    })
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>

</head><body><h1>${esc(r.title)}</h1>\n${body}</body></html>`;
}

/** GET /api/v1/incidents/{id}/report (compliance, admin): the Article 73 report as Markdown or printable HTML. */
export async function incidentReport(actor: Actor, id: string, format: "markdown" | "html", now = new Date()) {
  authorize(actor, "incident.report");
  const i = await incidentDetail(id, now);
  const [m] = await rows<ModelFacts>(sql`select name, title, owner, team, risk_tier, use_case from models where name = ${i.model}`);
  const r = reportSections(i, m, process.env.PROVIDER_NAME ?? "", now);
  return format === "html" ? reportHtml(r) : reportMarkdown(r);
}
