import YAML from "yaml";
import { yamlRefusal } from "./yaml-limits";

/**
 * Carried fields: what one format has and the other has no field for travels as a YAML block at the end of the
 * nearest free-text field, so nothing is dropped and a round trip gives it back. A block is
 *
 *     <lead sentence>
 *
 *     ```yaml <tag>
 *     <YAML>
 *     ```
 *
 * and is only read back when it is exactly as written here (canonical YAML), so text a person wrote that merely
 * looks like a block stays text.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Structural equality of JSON values; key order does not matter, array order does, undefined keys are absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** The parts of `input` that `out` lacks or holds differently, with their nesting; undefined when none. */
export function leftovers(input: unknown, out: unknown): unknown {
  if (deepEqual(input, out)) return undefined;
  if (isObject(input) && isObject(out)) {
    const r: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) {
      if (v === undefined) continue;
      const l = Object.hasOwn(out, k) && out[k] !== undefined ? leftovers(v, out[k]) : v;
      if (l !== undefined) r[k] = l;
    }
    return Object.keys(r).length ? r : undefined;
  }
  return input;
}

/** `base` with `over` laid on top: objects merge key by key, anything else in `over` replaces. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (isObject(base) && isObject(over)) {
    const r: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) r[k] = Object.hasOwn(r, k) ? deepMerge(r[k], v) : v;
    return r;
  }
  return over;
}

const yaml = (data: unknown) => YAML.stringify(data, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });

function header(lead: string, tag: string) {
  return `${lead}\n\n\`\`\`yaml ${tag}\n`;
}

/** `body` followed by a block holding `data` (just `body` when there is no data). */
export function appendBlock(body: string | undefined, lead: string, tag: string, data: unknown): string | undefined {
  if (data === undefined) return body;
  const block = `${header(lead, tag)}${yaml(data)}\`\`\``;
  return body ? `${body}\n\n${block}` : block;
}

/** The text before a trailing block and the block's data, or null when the text does not end in a canonical block. */
export function splitBlock(text: string, lead: string, tag: string): { body: string; data: unknown } | null {
  const h = header(lead, tag);
  const at = text.lastIndexOf(h);
  if (at < 0 || !text.endsWith("\n```")) return null;
  if (at !== 0 && (at < 2 || text.slice(at - 2, at) !== "\n\n")) return null;
  const src = text.slice(at + h.length, -3);
  // the card's text is the caller's: bounded before the parser sees it (a block that is not ours is just text)
  if (yamlRefusal(src) !== null) return null;
  let data: unknown;
  try {
    data = YAML.parse(src, { maxAliasCount: 0 });
  } catch {
    return null;
  }
  if (data === null || data === undefined || yaml(data) !== src) return null;
  return { body: at === 0 ? "" : text.slice(0, at - 2), data };
}
