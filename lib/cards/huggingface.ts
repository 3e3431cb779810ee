import YAML from "yaml";
import { badRequest } from "../errors";
import { normalizeCard } from "./content";
import { type CardDataset, type ModelCard, SECTIONS, type SectionKey } from "./schemas";
import { isUri } from "./uri";

/**
 * Import a Hugging Face model card: a README.md with YAML front matter and Markdown sections in the layout of
 * huggingface_hub's model card template ("Model Details", "Uses", "Bias, Risks, and Limitations", "Training Details",
 * "Evaluation", …). Sections go to the nearest of our nine; the front matter's license, datasets, metrics and
 * model-index results become structured fields; the template's instructions (HTML comments) and
 * "[More Information Needed]" placeholders are dropped; anything else that has no field stays, as Markdown, in the
 * nearest section's text.
 */

type Target =
  | { section: SectionKey; kind: "text" }
  | { section: "modelDetails"; kind: "citation" | "contact" | "details" }
  | { section: "intendedUse"; kind: "directUse" | "outOfScope" | "users" }
  | { section: "factors"; kind: "factors" };

const text = (section: SectionKey): Target => ({ section, kind: "text" });

/** Heading (lower case, "[optional]" and punctuation removed) → where its content goes. First match wins. */
const RULES: [RegExp, Target][] = [
  [/^model card contact$|^contact( information)?$/, { section: "modelDetails", kind: "contact" }],
  [/^citation( information)?$|^bibtex( entry and citation info)?$|^how to cite$/, { section: "modelDetails", kind: "citation" }],
  [/^model (description|details)$/, { section: "modelDetails", kind: "details" }],
  [/out.of.scope|misuse/, { section: "intendedUse", kind: "outOfScope" }],
  [/^direct use$|^primary intended uses?$/, { section: "intendedUse", kind: "directUse" }],
  [/^(primary )?intended users$|^users$/, { section: "intendedUse", kind: "users" }],
  [/^(intended )?uses?\b|^downstream use|^how to (get started|use)|^usage$|^intended use/, text("intendedUse")],
  [/^factors$|disaggregat/, { section: "factors", kind: "factors" }],
  [/^metrics$|^evaluation metrics$|^performance (measures|metrics)$/, text("metrics")],
  [/^testing data$|^evaluation data(set)?s?$|^test data$/, text("evaluationData")],
  [/results|^summary$|^model examination|^quantitative analys/, text("quantitativeAnalyses")],
  [/^evaluation$|^testing data.*metrics|^evaluation protocol/, text("evaluationData")],
  [/^training|preprocessing|hyperparameters|^speeds|^fine.?tuning|^data$/, text("trainingData")],
  [/bias|risk|ethic|environmental impact|fairness/, text("ethicalConsiderations")],
  [/limitation|recommendation|caveat/, text("caveatsAndRecommendations")],
  [/^model details$|^model (sources|summary|architecture)|^technical specifications|^compute infrastructure|^hardware$|^software$|^framework versions$|^glossary|^more information|^model card authors|^overview$|^description$/, text("modelDetails")],
];

const PLACEHOLDER = /\[More Information Needed\]/i;
const SECTION_TITLES = Object.fromEntries(SECTIONS.map((s) => [s.key, s.title.toLowerCase()])) as Record<SectionKey, string>;

function normalizeTitle(t: string): string {
  return t
    .replace(/\[optional\]/gi, "")
    .replace(/[*_`]/g, "")
    .replace(/&/g, "and")
    .replace(/[:.]+\s*$/, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

function cleanTitle(t: string): string {
  return t.replace(/\[optional\]/gi, "").replace(/\s+#+\s*$/, "").replace(/\s+/g, " ").trim();
}

type Block = { level: number; title: string | null; target: Target; lines: string[] };

/** Split the Markdown at ATX headings outside code fences; drop HTML comments (outside code) and placeholders. */
function blocks(markdown: string): Block[] {
  const out: Block[] = [{ level: 1, title: null, target: text("modelDetails"), lines: [] }];
  const stack: { level: number; target: Target }[] = [];
  let fence: string | null = null;
  let inComment = false;
  for (const raw of markdown.split("\n")) {
    const cur = out[out.length - 1];
    if (fence) {
      cur.lines.push(raw);
      if (raw.trim().startsWith(fence) && raw.trim().replace(/[`~]/g, "") === "") fence = null;
      continue;
    }
    let line = raw;
    if (inComment || line.includes("<!--")) {
      let kept = "";
      let rest = line;
      while (rest) {
        if (inComment) {
          const end = rest.indexOf("-->");
          if (end < 0) {
            rest = "";
            break;
          }
          inComment = false;
          rest = rest.slice(end + 3);
        } else {
          const start = rest.indexOf("<!--");
          if (start < 0) {
            kept += rest;
            break;
          }
          kept += rest.slice(0, start);
          inComment = true;
          rest = rest.slice(start + 4);
        }
      }
      if (kept.trim() === "" && line.trim() !== "") continue;
      line = kept;
    }
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      fence = f[1];
      cur.lines.push(line);
      continue;
    }
    const h = /^\s{0,3}(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (h) {
      const title = cleanTitle(h[2]);
      const level = Math.max(h[1].length, out.length === 1 && h[1].length === 1 ? 1 : 2);
      if (level === 1 && /^model card\b/i.test(title)) continue; // the document title: its text is the summary
      while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
      const norm = normalizeTitle(title);
      const rule = RULES.find(([re]) => re.test(norm));
      const target = rule?.[1] ?? stack[stack.length - 1]?.target ?? text("modelDetails");
      stack.push({ level, target });
      out.push({ level, title, target, lines: [] });
      continue;
    }
    if (PLACEHOLDER.test(line)) {
      // "[More Information Needed]" alone, or as the value of "- **Label:**", is the template's blank.
      const left = line.replace(PLACEHOLDER, "").trim();
      if (left === "" || /^(?:[-*+]\s+)?\*\*[^*]+\*\*\s*:?$/.test(left)) continue;
    }
    cur.lines.push(line.replace(/(\*\*[^*\n]*?)\s*\[optional\]([^*\n]*\*\*)/gi, "$1$2"));
  }
  return out;
}

const trimLines = (lines: string[]) => lines.join("\n").replace(/^\s*\n/, "").trimEnd();

/** "- **Developed by:** Acme" → ["Developed by", "Acme"] */
function labelled(line: string): [string, string] | null {
  const m = /^\s*[-*]\s+\*\*(.+?)\*\*\s*:?\s*(.*)$/.exec(line);
  return m ? [m[1].replace(/:$/, "").replace(/\[optional\]/gi, "").trim().toLowerCase(), m[2].trim()] : null;
}

const BULLET = /^\s*[-*+]\s+(.*)$/;

/** Bullet items, and each paragraph that is not a list as an item of its own. */
function items(body: string): { items: string[]; rest: string } {
  const found: string[] = [];
  const rest: string[] = [];
  for (const para of body.split(/\n\s*\n/)) {
    const lines = para.split("\n").filter((l) => l.trim() !== "");
    if (!lines.length) continue;
    if (lines.every((l) => BULLET.test(l) || /^\s{2,}\S/.test(l))) {
      for (const l of lines) {
        const b = BULLET.exec(l);
        if (b) found.push(b[1].trim());
        else found[found.length - 1] = `${found[found.length - 1]} ${l.trim()}`;
      }
    } else rest.push(para.trim());
  }
  return { items: found, rest: rest.join("\n\n") };
}

type Acc = Record<string, Record<string, unknown>>;

function sectionOf(acc: Acc, section: SectionKey): Record<string, unknown> {
  acc[section] ??= {};
  return acc[section];
}

function push(acc: Acc, section: SectionKey, field: string, values: unknown[]) {
  if (!values.length) return;
  const s = sectionOf(acc, section);
  s[field] = [...((s[field] as unknown[]) ?? []), ...values];
}

function addText(acc: Acc, section: SectionKey, chunk: string) {
  if (!chunk.trim()) return;
  const s = sectionOf(acc, section);
  s.text = s.text ? `${s.text}\n\n${chunk}` : chunk;
}

function hfDataset(id: unknown): CardDataset | null {
  if (typeof id !== "string" || !id.trim()) return null;
  const link = `https://huggingface.co/datasets/${id.trim()}`;
  return /^[\w.-]+(\/[\w.-]+)?$/.test(id.trim()) && isUri(link) ? { name: id.trim(), link } : { name: id.trim() };
}

const cellOf = (v: unknown) => (v === undefined || v === null ? "" : String(typeof v === "object" ? JSON.stringify(v) : v)).replace(/\|/g, "\\|").replace(/\n/g, " ");

/** model-index results as a table for Quantitative analyses, and the datasets they were measured on. */
function modelIndex(index: unknown, acc: Acc) {
  if (!Array.isArray(index)) return false;
  const rows: string[] = [];
  const datasets = new Map<string, CardDataset>();
  for (const entry of index) {
    for (const r of Array.isArray(entry?.results) ? entry.results : []) {
      const task = r?.task ?? {};
      const ds = r?.dataset ?? {};
      for (const m of Array.isArray(r?.metrics) ? r.metrics : []) {
        rows.push(
          `| ${[task.name ?? task.type, ds.name ?? ds.type, ds.config, ds.split, m?.name ?? m?.type, m?.value, m?.verified].map(cellOf).join(" | ")} |`,
        );
      }
      const key = JSON.stringify([ds.type ?? ds.name, ds.config, ds.split]);
      if ((ds.name || ds.type) && !datasets.has(key)) {
        const base = hfDataset(ds.type) ?? {};
        const description = [ds.config && `config ${ds.config}`, ds.split && `split ${ds.split}`, ds.revision && `revision ${ds.revision}`]
          .filter(Boolean)
          .join(", ");
        datasets.set(key, { ...base, name: String(ds.name ?? ds.type), ...(description ? { description } : {}) });
      }
    }
  }
  if (rows.length)
    addText(
      acc,
      "quantitativeAnalyses",
      `### Reported results (model-index)\n\n| Task | Dataset | Config | Split | Metric | Value | Verified |\n| --- | --- | --- | --- | --- | --- | --- |\n${rows.join("\n")}`,
    );
  push(acc, "evaluationData", "datasets", [...datasets.values()]);
  return true;
}

function frontMatter(src: string): { meta: Record<string, unknown>; body: string } {
  const m = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(src);
  if (!m) return { meta: {}, body: src };
  let meta: unknown;
  try {
    meta = YAML.parse(m[1], { maxAliasCount: 100 });
  } catch (e) {
    throw badRequest(`The YAML front matter of the model card is not valid: ${(e as Error).message.split("\n")[0]}`, [
      { path: "frontMatter", message: "is not valid YAML" },
    ]);
  }
  if (meta !== null && meta !== undefined && (typeof meta !== "object" || Array.isArray(meta)))
    throw badRequest("The YAML front matter of the model card must be a mapping of keys to values.", [{ path: "frontMatter", message: "is not a mapping" }]);
  return { meta: (meta ?? {}) as Record<string, unknown>, body: src.slice(m[0].length) };
}

/** Our card from a Hugging Face model card README (YAML front matter + Markdown). */
export function fromHuggingFace(readme: string): ModelCard {
  const { meta, body } = frontMatter(readme.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"));
  const acc: Acc = {};
  const md = sectionOf(acc, "modelDetails");

  // Front matter with a field of its own.
  const { license, license_name, datasets, metrics, "model-index": index, ...restMeta } = meta;
  const lic = license === "other" && typeof license_name === "string" ? license_name : license;
  if (typeof lic === "string" && lic.trim()) md.license = lic.trim();
  else if (license !== undefined) restMeta.license = license;
  if (license_name !== undefined && lic !== license_name) restMeta.license_name = license_name;
  const ds = (Array.isArray(datasets) ? datasets : datasets === undefined ? [] : [datasets]).map(hfDataset);
  push(acc, "trainingData", "datasets", ds.filter(Boolean));
  if (datasets !== undefined && ds.some((d) => d === null)) restMeta.datasets = datasets;
  const ms = Array.isArray(metrics) ? metrics : metrics === undefined ? [] : [metrics];
  push(acc, "metrics", "performanceMeasures", ms.filter((m) => typeof m === "string" && m.trim()).map((name) => ({ name })));
  if (ms.some((m) => typeof m !== "string")) restMeta.metrics = metrics;
  if (index !== undefined && !modelIndex(index, acc)) restMeta["model-index"] = index;

  // Sections.
  const bs = blocks(body);
  const seen = new Set<SectionKey>();
  bs.forEach((b, i) => {
    let content = trimLines(b.lines);
    const { section } = b.target;
    if (b.target.kind === "details") {
      const keep: string[] = [];
      for (const line of content.split("\n")) {
        const l = labelled(line);
        if (l?.[0] === "developed by" && l[1]) push(acc, "modelDetails", "developers", [l[1]]);
        else if (l?.[0] === "model type" && l[1] && !md.type) md.type = l[1];
        else if (l?.[0] === "license" && l[1] && (!md.license || md.license === l[1])) md.license = l[1];
        else keep.push(line);
      }
      content = trimLines(keep);
    } else if (b.target.kind === "citation") {
      const code = /^(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n\1\s*$/m.exec(content);
      if (code && !md.citation) {
        md.citation = code[2];
        content = trimLines(content.replace(code[0], "").replace(/^\s*\*\*BibTeX:?\*\*:?\s*$/im, "").split("\n"));
      } else if (!md.citation && content) {
        md.citation = content;
        content = "";
      }
    } else if (b.target.kind === "contact" && !md.contact && content && !content.includes("\n") && content.length <= 1000) {
      md.contact = content;
      content = "";
    } else if (b.target.kind === "outOfScope" || b.target.kind === "directUse" || b.target.kind === "users" || b.target.kind === "factors") {
      const field = { outOfScope: "outOfScopeUses", directUse: "primaryUses", users: "primaryUsers", factors: "evaluationFactors" }[b.target.kind];
      const found = items(content);
      push(acc, section, field, found.items);
      // Out-of-scope prose is a list of uses too; elsewhere prose stays text.
      if (b.target.kind === "outOfScope") {
        push(acc, section, field, found.rest ? found.rest.split(/\n\s*\n/) : []);
        content = "";
      } else content = found.rest;
    }
    const hasChildContent = () => {
      for (let j = i + 1; j < bs.length && bs[j].level > b.level; j++)
        if (bs[j].target.section === section && trimLines(bs[j].lines)) return true;
      return false;
    };
    if (!content && !(b.title && hasChildContent())) return;
    const ownTitle = b.title && normalizeTitle(b.title) === SECTION_TITLES[section];
    const heading = b.title && !ownTitle && (seen.has(section) || b.level > 2) ? `${"#".repeat(Math.min(b.level + 1, 6))} ${b.title}\n\n` : "";
    addText(acc, section, `${heading}${content}`.trimEnd());
    seen.add(section);
  });

  if (Object.keys(restMeta).length)
    addText(acc, "modelDetails", `### Hugging Face metadata\n\n\`\`\`yaml\n${YAML.stringify(restMeta, { lineWidth: 0 })}\`\`\``);
  return normalizeCard(acc as ModelCard);
}
