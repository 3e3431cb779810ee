import YAML from "yaml";
import { badRequest } from "../errors";
import { normalizeCard } from "./content";
import { type CardDataset, type ModelCard, SECTIONS, type SectionKey } from "./schemas";
import { isUri } from "./uri";
import { yamlRefusal } from "./yaml-limits";

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
  [
    /^model details$|^model (sources|summary|architecture)|^technical specifications|^compute infrastructure|^hardware$|^software$|^framework versions$|^glossary|^more information|^model card authors|^overview$|^description$/,
    text("modelDetails"),
  ],
];

const PLACEHOLDER = /\[More Information Needed\]/i;
const SECTION_TITLES = Object.fromEntries(SECTIONS.map((s) => [s.key, s.title.toLowerCase()])) as Record<SectionKey, string>;

// Hostile text in linear time: a README is the caller's text, and one line may be megabytes long. Nothing below runs a
// regular expression whose quantifiers can overlap over it (lib/security/regex-scan.test.ts checks); the end of a
// line, headings, bullets, fences and the front matter are found by scanning, each character looked at a bounded
// number of times.

/** What \s matches (JavaScript's WhiteSpace and LineTerminator, which trim() removes too). */
const isSpace = (c: string | undefined) => c !== undefined && c !== "" && c.trim() === "";
/** What `.` does not match. */
const hasLineTerminator = (s: string) => s.includes("\r") || s.includes("\u2028") || s.includes("\u2029") || s.includes("\n");

/** The end of s without its trailing run of the characters `strip` accepts. */
function endWithout(s: string, end: number, strip: (c: string) => boolean): number {
  let i = end;
  while (i > 0 && strip(s[i - 1])) i--;
  return i;
}

/** t.replace(/[:.]+\s*$/, ""): trailing colons and full stops (with the white space after them) go. */
function dropTrailingPunctuation(t: string): string {
  const end = endWithout(t, t.length, isSpace);
  const k = endWithout(t, end, (c) => c === ":" || c === ".");
  return k < end ? t.slice(0, k) : t;
}

/** t.replace(/\s+#+\s*$/, ""): the closing sequence of an ATX heading ("## Title ##"). */
function dropClosingHashes(t: string): string {
  const end = endWithout(t, t.length, isSpace);
  const k = endWithout(t, end, (c) => c === "#");
  if (k === end || k === 0 || !isSpace(t[k - 1])) return t;
  return t.slice(0, endWithout(t, k, isSpace));
}

export function normalizeTitle(t: string): string {
  return dropTrailingPunctuation(
    t
      .replace(/\[optional\]/gi, "")
      .replace(/[*_`]/g, "")
      .replace(/&/g, "and"),
  )
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

export function cleanTitle(t: string): string {
  return dropClosingHashes(t.replace(/\[optional\]/gi, ""))
    .replace(/\s+/g, " ")
    .trim();
}

/** /^\s{0,3}(#{1,6})\s+(.*?)\s*$/ by hand: an ATX heading's level and its text, trimmed. */
export function atxHeading(line: string): { level: number; text: string } | null {
  let i = 0;
  while (i < 3 && isSpace(line[i])) i++;
  let j = i;
  while (line[j] === "#") j++;
  const level = j - i;
  if (level < 1 || level > 6 || !isSpace(line[j])) return null;
  const text = line.slice(j).trim();
  return hasLineTerminator(text) ? null : { level, text };
}

/**
 * line.replace(/(\*\*[^*\n]*?)\s*\[optional\]([^*\n]*\*\*)/gi, "$1$2") by hand: inside a bold span, the template's
 * "[optional]" (and the white space before it) goes; each span loses its first one.
 */
export function dropOptionalInBold(line: string): string {
  if (!line.toLowerCase().includes("[optional]")) return line;
  let out = "";
  let from = 0;
  let i = line.indexOf("**");
  while (i !== -1) {
    const start = i + 2;
    const star = line.indexOf("*", start);
    if (star === -1) break;
    const seg = line.slice(start, star);
    const k = line[star + 1] === "*" && !seg.includes("\n") ? seg.toLowerCase().indexOf("[optional]") : -1;
    if (k === -1) {
      i = line.indexOf("**", i + 1);
      continue;
    }
    out += line.slice(from, start) + seg.slice(0, endWithout(seg, k, isSpace)) + seg.slice(k + "[optional]".length);
    from = star;
    i = line.indexOf("**", star + 2);
  }
  return out + line.slice(from);
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
    const h = atxHeading(line);
    if (h) {
      const title = cleanTitle(h.text);
      const level = Math.max(h.level, out.length === 1 && h.level === 1 ? 1 : 2);
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
    cur.lines.push(dropOptionalInBold(line));
  }
  return out;
}

const trimLines = (lines: string[]) =>
  lines
    .join("\n")
    .replace(/^\s*\n/, "")
    .trimEnd();

/** The index after the white space that starts at i. */
function skipSpace(s: string, i: number): number {
  while (isSpace(s[i])) i++;
  return i;
}

/** /^\s*[-*+]\s+(.*)$/ by hand (`marks` the bullet characters): the item's text after its marker, or null. */
export function bulletText(line: string, marks = "-*+"): string | null {
  const i = skipSpace(line, 0);
  if (!line[i] || !marks.includes(line[i]) || !isSpace(line[i + 1])) return null;
  const rest = line.slice(skipSpace(line, i + 1));
  return hasLineTerminator(rest) ? null : rest;
}

/** "- **Developed by:** Acme" → ["Developed by", "Acme"] (/^\s*[-*]\s+\*\*(.+?)\*\*\s*:?\s*(.*)$/ by hand) */
export function labelled(line: string): [string, string] | null {
  const b = bulletText(line, "-*");
  if (b === null || !b.startsWith("**")) return null;
  const close = b.indexOf("**", 3);
  if (close === -1) return null;
  const label = b.slice(2, close);
  let value = b.slice(skipSpace(b, close + 2));
  if (value.startsWith(":")) value = value.slice(1);
  return [
    label
      .replace(/:$/, "")
      .replace(/\[optional\]/gi, "")
      .trim()
      .toLowerCase(),
    value.trim(),
  ];
}

/** text.split(/\n\s*\n/) by lines: the paragraphs, split at lines that are blank or white space. */
export function paragraphs(text: string): string[] {
  const out: string[] = [];
  let para: string[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      if (para.length) out.push(para.join("\n"));
      para = [];
    } else para.push(line);
  }
  if (para.length || !out.length) out.push(para.join("\n"));
  return out;
}

/** Bullet items, and each paragraph that is not a list as an item of its own. */
function items(body: string): { items: string[]; rest: string } {
  const found: string[] = [];
  const rest: string[] = [];
  for (const para of paragraphs(body)) {
    const lines = para.split("\n").filter((l) => l.trim() !== "");
    if (!lines.length) continue;
    if (lines.every((l) => bulletText(l) !== null || /^\s{2,}\S/.test(l))) {
      for (const l of lines) {
        const b = bulletText(l);
        if (b !== null) found.push(b.trim());
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

const cellOf = (v: unknown) =>
  (v === undefined || v === null ? "" : String(typeof v === "object" ? JSON.stringify(v) : v)).replace(/\|/g, "\\|").replace(/\n/g, " ");

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

const isBlank = (c: string | undefined) => c === " " || c === "\t";

/**
 * /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/ by lines: the YAML between an opening "---" line and the first
 * "---" or "..." line after the line that follows it, and where the Markdown starts.
 */
export function splitFrontMatter(src: string): { yaml: string; bodyStart: number } | null {
  if (!src.startsWith("---")) return null;
  let i = 3;
  while (isBlank(src[i])) i++;
  if (src[i] !== "\n") return null;
  const yamlStart = i + 1;
  for (let nl = src.indexOf("\n", yamlStart); nl !== -1; nl = src.indexOf("\n", nl + 1)) {
    const at = nl + 1;
    if (!src.startsWith("---", at) && !src.startsWith("...", at)) continue;
    let j = at + 3;
    while (isBlank(src[j])) j++;
    if (j === src.length || src[j] === "\n") return { yaml: src.slice(yamlStart, nl), bodyStart: j === src.length ? j : j + 1 };
  }
  return null;
}

/**
 * Front matter beyond this is refused: the YAML parser reads some shapes at well under 1 MB/s (20,000 keys took 1.2 s
 * here), while a Hugging Face card's front matter runs to a few KB, model-index results included.
 */
export const MAX_FRONT_MATTER_CHARS = 64 * 1024;
/**
 * A README of more lines is refused before it is read: the work per line is small but not nothing (655,000 lines of
 * text took 1.3 s), and the import runs on the server's only thread. Real model cards run to a few thousand lines.
 */
export const MAX_README_LINES = 50_000;
function frontMatter(src: string): { meta: Record<string, unknown>; body: string } {
  const m = splitFrontMatter(src);
  if (!m) return { meta: {}, body: src };
  if (m.yaml.length > MAX_FRONT_MATTER_CHARS)
    throw badRequest(`The YAML front matter of the model card is longer than ${MAX_FRONT_MATTER_CHARS / 1024} KB.`, [
      { path: "frontMatter", message: `is longer than ${MAX_FRONT_MATTER_CHARS / 1024} KB` },
    ]);
  const refusal = yamlRefusal(m.yaml);
  if (refusal) throw badRequest(`The YAML front matter of the model card ${refusal}.`, [{ path: "frontMatter", message: refusal }]);
  let meta: unknown;
  try {
    // uniqueKeys: false, since the parser's duplicate check is quadratic (60,000 keys took 34 s); a later key wins.
    meta = YAML.parse(m.yaml, { maxAliasCount: 100, uniqueKeys: false });
  } catch (e) {
    throw badRequest(`The YAML front matter of the model card is not valid: ${(e as Error).message.split("\n")[0]}`, [
      { path: "frontMatter", message: "is not valid YAML" },
    ]);
  }
  if (meta !== null && meta !== undefined && (typeof meta !== "object" || Array.isArray(meta)))
    throw badRequest("The YAML front matter of the model card must be a mapping of keys to values.", [
      { path: "frontMatter", message: "is not a mapping" },
    ]);
  return { meta: (meta ?? {}) as Record<string, unknown>, body: src.slice(m.bodyStart) };
}

/** The leading run of backticks or tildes of a fence line ("```", "~~~~"), or null. */
function fenceOf(line: string): string | null {
  const c = line[0];
  if (c !== "`" && c !== "~") return null;
  let i = 0;
  while (line[i] === c) i++;
  return i >= 3 ? line.slice(0, i) : null;
}

/**
 * The first fenced block whose fence opens a line and is closed, at least two lines on, by a line of the same fence
 * and white space: its code, and the lines without it. Each fence's closing lines are indexed once, so many fences
 * that never close cost a lookup each, not a scan each.
 */
export function fencedBlock(lines: string[]): { code: string; rest: string[] } | null {
  const closers = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const f = fenceOf(line);
    if (f && line.slice(f.length).trim() === "") closers.get(f)?.push(i) ?? closers.set(f, [i]);
  });
  for (let open = 0; open < lines.length; open++) {
    const fence = fenceOf(lines[open]);
    const at = fence ? closers.get(fence) : undefined;
    if (!at) continue;
    // the first closing line at open + 2 or later
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid] < open + 2) lo = mid + 1;
      else hi = mid;
    }
    if (lo === at.length) continue;
    const close = at[lo];
    return { code: lines.slice(open + 1, close).join("\n"), rest: [...lines.slice(0, open), ...lines.slice(close + 1)] };
  }
  return null;
}

/** Without the first "**BibTeX:**" label line (the template's, above the citation's block). */
function dropBibtexLabel(lines: string[]): string[] {
  const i = lines.findIndex((l) => /^\*\*bibtex:?\*\*:?$/i.test(l.trim()));
  return i === -1 ? lines : [...lines.slice(0, i), ...lines.slice(i + 1)];
}

/** Our card from a Hugging Face model card README (YAML front matter + Markdown). */
export function fromHuggingFace(readme: string): ModelCard {
  const src = readme.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let lines = 0;
  for (let nl = src.indexOf("\n"); nl !== -1; nl = src.indexOf("\n", nl + 1))
    if (++lines >= MAX_README_LINES)
      throw badRequest(
        `The model card has more than ${MAX_README_LINES.toLocaleString("en-US")} lines; a model card runs to a few thousand.`,
        [{ path: "body", message: `has more than ${MAX_README_LINES.toLocaleString("en-US")} lines` }],
      );
  const { meta, body } = frontMatter(src);
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
  push(
    acc,
    "metrics",
    "performanceMeasures",
    ms.filter((m) => typeof m === "string" && m.trim()).map((name) => ({ name })),
  );
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
      const code = md.citation ? null : fencedBlock(content.split("\n"));
      if (code) {
        md.citation = code.code;
        content = trimLines(dropBibtexLabel(code.rest));
      } else if (!md.citation && content) {
        md.citation = content;
        content = "";
      }
    } else if (b.target.kind === "contact" && !md.contact && content && !content.includes("\n") && content.length <= 1000) {
      md.contact = content;
      content = "";
    } else if (
      b.target.kind === "outOfScope" ||
      b.target.kind === "directUse" ||
      b.target.kind === "users" ||
      b.target.kind === "factors"
    ) {
      const field = { outOfScope: "outOfScopeUses", directUse: "primaryUses", users: "primaryUsers", factors: "evaluationFactors" }[
        b.target.kind
      ];
      const found = items(content);
      push(acc, section, field, found.items);
      // Out-of-scope prose is a list of uses too; elsewhere prose stays text.
      if (b.target.kind === "outOfScope") {
        push(acc, section, field, found.rest ? paragraphs(found.rest) : []);
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
    const heading =
      b.title && !ownTitle && (seen.has(section) || b.level > 2) ? `${"#".repeat(Math.min(b.level + 1, 6))} ${b.title}\n\n` : "";
    addText(acc, section, `${heading}${content}`.trimEnd());
    seen.add(section);
  });

  if (Object.keys(restMeta).length)
    addText(acc, "modelDetails", `### Hugging Face metadata\n\n\`\`\`yaml\n${YAML.stringify(restMeta, { lineWidth: 0 })}\`\`\``);
  return normalizeCard(acc as ModelCard);
}
