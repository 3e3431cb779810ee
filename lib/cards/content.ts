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

// Key order of list items. Postgres jsonb gives keys back in its own order (shorter keys first); exports and carried
// blocks are written from the card, so the card is put back in one order.
const ITEM_KEYS: Record<string, readonly string[]> = {
  datasets: ["name", "link", "description"],
  performanceMeasures: ["name", "threshold", "why"],
  items: ["name", "mitigation"],
};

/** The value without anything that has no content (see hasContent); object keys in `order` come first, in it. */
export function prune(v: unknown, order: readonly string[] = []): unknown {
  if (Array.isArray(v)) return v.filter(hasContent).map((x) => prune(x, order));
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    const keys = [...order.filter((k) => Object.hasOwn(v, k)), ...Object.keys(v).filter((k) => !order.includes(k))];
    for (const k of keys) {
      const x = (v as Record<string, unknown>)[k];
      if (hasContent(x)) out[k] = prune(x);
    }
    return out;
  }
  return v;
}

/**
 * The stored form of a card: sections, fields and list items' keys in API.md's order, and nothing without content (blank strings,
 * empty list rows, empty sections are dropped; text is kept exactly as written). A card saved from the browser form,
 * with its blank rows, and the same card sent by API are then the same card.
 */
export function normalizeCard(card: ModelCard): ModelCard {
  const out: Record<string, Record<string, unknown>> = {};
  for (const { key } of SECTIONS) {
    const section = card[key] as Record<string, unknown> | undefined;
    if (!section || !hasContent(section)) continue;
    const s: Record<string, unknown> = {};
    for (const f of SECTION_FIELDS[key]) if (hasContent(section[f])) s[f] = prune(section[f], ITEM_KEYS[f]);
    out[key] = s;
  }
  return out as ModelCard;
}

/** The sections that hold content, in order. */
export function filledSections(card: ModelCard): SectionKey[] {
  return SECTIONS.map((s) => s.key).filter((k) => hasContent(card[k]));
}
