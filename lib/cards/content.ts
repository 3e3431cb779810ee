import { type ModelCard, SECTION_FIELDS, SECTIONS, type SectionKey } from "./schemas";

/**
 * Whether a value says anything: a string with a non-blank character, any finite number (a threshold of 0 is a
 * threshold), or an array or object with such a value somewhere inside. Empty strings, arrays and objects do not count.
 */
export function hasContent(v: unknown): boolean {
  if (typeof v === "string") return v.trim() !== "";
  if (typeof v === "number") return Number.isFinite(v);
  if (typeof v === "boolean") return true;
  if (Array.isArray(v)) return v.some(hasContent);
  if (v && typeof v === "object") return Object.values(v).some(hasContent);
  return false;
}

/** The value without anything that has no content (see hasContent). */
export function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter(hasContent).map(prune);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (hasContent(x)) out[k] = prune(x);
    return out;
  }
  return v;
}

/**
 * The stored form of a card: sections and fields in API.md's order, and nothing without content (blank strings,
 * empty list rows, empty sections are dropped; text is kept exactly as written). A card saved from the browser form,
 * with its blank rows, and the same card sent by API are then the same card.
 */
export function normalizeCard(card: ModelCard): ModelCard {
  const out: Record<string, Record<string, unknown>> = {};
  for (const { key } of SECTIONS) {
    const section = card[key] as Record<string, unknown> | undefined;
    if (!section || !hasContent(section)) continue;
    const s: Record<string, unknown> = {};
    for (const f of SECTION_FIELDS[key]) if (hasContent(section[f])) s[f] = prune(section[f]);
    out[key] = s;
  }
  return out as ModelCard;
}

/** The sections that hold content, in order. */
export function filledSections(card: ModelCard): SectionKey[] {
  return SECTIONS.map((s) => s.key).filter((k) => hasContent(card[k]));
}
