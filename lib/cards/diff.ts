import { deepEqual } from "./carry";
import { normalizeCard } from "./content";
import { type ModelCard, SECTION_FIELDS, SECTIONS, type SectionKey } from "./schemas";

/** Section-by-section comparison of two card revisions, with per-field changes and a line diff of Markdown text. */

export type LineChange = { op: "equal" | "add" | "remove"; text: string };
export type FieldChange = { field: string; changed: boolean; before: unknown; after: unknown; lines?: LineChange[] };
export type SectionDiff = {
  section: SectionKey;
  title: string;
  changed: boolean;
  /** The whole section before and after (null when it held nothing). */
  before: unknown;
  after: unknown;
  fields: FieldChange[];
};

// Past this many cells the line diff gives up on alignment and shows the middle as removed, then added.
const MAX_CELLS = 4_000_000;

/** Lines of `a` and `b` as a shortest edit (longest common subsequence), common prefix and suffix kept whole. */
export function diffLines(a: string, b: string): LineChange[] {
  const x = a === "" ? [] : a.split("\n");
  const y = b === "" ? [] : b.split("\n");
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const head: LineChange[] = x.slice(0, start).map((text) => ({ op: "equal", text }));
  const tail: LineChange[] = x.slice(endX).map((text) => ({ op: "equal", text }));
  const mx = x.slice(start, endX);
  const my = y.slice(start, endY);
  const n = mx.length;
  const m = my.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    return [...head, ...mx.map((text) => ({ op: "remove" as const, text })), ...my.map((text) => ({ op: "add" as const, text })), ...tail];
  }
  // lcs[i][j] = length of the LCS of mx[i..] and my[j..]
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * w + j] = mx[i] === my[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
  const mid: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (mx[i] === my[j]) {
      mid.push({ op: "equal", text: mx[i] });
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) mid.push({ op: "remove", text: mx[i++] });
    else mid.push({ op: "add", text: my[j++] });
  }
  while (i < n) mid.push({ op: "remove", text: mx[i++] });
  while (j < m) mid.push({ op: "add", text: my[j++] });
  return [...head, ...mid, ...tail];
}

export function diffCards(before: ModelCard, after: ModelCard): SectionDiff[] {
  const a = normalizeCard(before) as Record<string, Record<string, unknown> | undefined>;
  const b = normalizeCard(after) as Record<string, Record<string, unknown> | undefined>;
  return SECTIONS.map(({ key, title }) => {
    const sa = a[key];
    const sb = b[key];
    const fields = SECTION_FIELDS[key].map((field): FieldChange => {
      const fa = sa?.[field] ?? null;
      const fb = sb?.[field] ?? null;
      const changed = !deepEqual(fa, fb);
      const change: FieldChange = { field, changed, before: fa, after: fb };
      if (changed && field === "text") change.lines = diffLines(typeof fa === "string" ? fa : "", typeof fb === "string" ? fb : "");
      return change;
    });
    return { section: key, title, changed: fields.some((f) => f.changed), before: sa ?? null, after: sb ?? null, fields };
  });
}
