import { normalizeCard } from "./content";
import { type CardDataset, type ModelCard, SECTIONS } from "./schemas";

/**
 * The card as one Markdown document: a heading per section in the paper's order, the section's text as written,
 * then its structured fields as lists and tables. Fit to print, paste into a wiki, or hand to an auditor.
 */

export type MarkdownMeta = {
  model?: string;
  version?: string;
  revision?: number;
  completeness?: number;
  savedAt?: string;
  savedBy?: string;
  needsReview?: boolean;
};

/** A table cell on one line, with pipes escaped. */
const cell = (s: string | number | undefined) =>
  s === undefined ? "" : String(s).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");

/** A list item; continuation lines are indented so they stay in the item. */
const item = (s: string) => `- ${s.replace(/\r?\n/g, "\n  ")}`;

const inline = (s: string) => s.replace(/\r?\n/g, " ");

function list(title: string, items: string[] | undefined): string | null {
  return items?.length ? `**${title}**\n\n${items.map(item).join("\n")}` : null;
}

function table(header: string[], rows: (string | number | undefined)[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** A fenced block whose fence is longer than any run of backticks inside it. */
function fenced(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}\n${text}\n${fence}`;
}

function datasets(ds: CardDataset[] | undefined): string | null {
  if (!ds?.length) return null;
  return table(
    ["Dataset", "Link", "Description"],
    ds.map((d) => [d.name, d.link ? `<${d.link}>` : undefined, d.description]),
  );
}

function sectionBody(card: ModelCard, key: (typeof SECTIONS)[number]["key"]): string[] {
  const parts: (string | null | undefined)[] = [];
  switch (key) {
    case "modelDetails": {
      const s = card.modelDetails ?? {};
      parts.push(s.text);
      const facts = [
        s.developers?.length ? `- **Developers:** ${s.developers.map(inline).join("; ")}` : null,
        s.date ? `- **Date:** ${s.date}` : null,
        s.type ? `- **Type:** ${inline(s.type)}` : null,
        s.license ? `- **License:** ${inline(s.license)}` : null,
        s.contact ? `- **Contact:** ${inline(s.contact)}` : null,
      ].filter(Boolean);
      if (facts.length) parts.push(facts.join("\n"));
      if (s.citation) parts.push(`**Citation**\n\n${fenced(s.citation)}`);
      break;
    }
    case "intendedUse": {
      const s = card.intendedUse ?? {};
      parts.push(
        s.text,
        list("Primary uses", s.primaryUses),
        list("Primary users", s.primaryUsers),
        list("Out-of-scope uses", s.outOfScopeUses),
      );
      break;
    }
    case "factors": {
      const s = card.factors ?? {};
      parts.push(s.text, list("Relevant factors", s.relevantFactors), list("Evaluation factors", s.evaluationFactors));
      break;
    }
    case "metrics": {
      const s = card.metrics ?? {};
      parts.push(s.text);
      if (s.performanceMeasures?.length)
        parts.push(
          table(
            ["Measure", "Threshold", "Why"],
            s.performanceMeasures.map((m) => [m.name, m.threshold, m.why]),
          ),
        );
      break;
    }
    case "evaluationData":
    case "trainingData": {
      const s = card[key] ?? {};
      parts.push(s.text, datasets(s.datasets));
      break;
    }
    case "quantitativeAnalyses": {
      const s = card.quantitativeAnalyses ?? {};
      parts.push(s.text, list("Evaluations cited", s.evaluationIds), list("Bias audits cited", s.biasAuditIds));
      break;
    }
    case "ethicalConsiderations": {
      const s = card.ethicalConsiderations ?? {};
      parts.push(s.text);
      if (s.items?.length)
        parts.push(
          table(
            ["Risk", "Mitigation"],
            s.items.map((i) => [i.name, i.mitigation]),
          ),
        );
      break;
    }
    case "caveatsAndRecommendations":
      parts.push(card.caveatsAndRecommendations?.text);
      break;
  }
  return parts.filter((p): p is string => typeof p === "string" && p.trim() !== "");
}

export function toMarkdown(card: ModelCard, meta: MarkdownMeta = {}): string {
  const c = normalizeCard(card);
  const name = [meta.model, meta.version].filter(Boolean).join(" ");
  const out: string[] = [`# Model card${name ? `: ${name}` : ""}`];
  const facts = [
    meta.revision !== undefined ? `Revision ${meta.revision}` : null,
    meta.savedAt ? `saved ${meta.savedAt}${meta.savedBy ? ` by ${meta.savedBy}` : ""}` : null,
    meta.completeness !== undefined ? `${meta.completeness}% complete` : null,
    meta.needsReview ? "**needs review** (copied from the previous version)" : null,
  ].filter(Boolean);
  if (facts.length) out.push(facts.join(" · "));
  for (const s of SECTIONS) {
    const body = sectionBody(c, s.key);
    out.push(`## ${s.title}`, body.length ? body.join("\n\n") : "_Not filled in yet._");
  }
  return `${out.join("\n\n")}\n`;
}
