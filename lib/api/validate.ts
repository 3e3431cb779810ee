import type { z } from "zod";
import { badRequest, type ErrorDetail } from "../errors";

/** ['events', 17, 'latencyMs'] → "events[17].latencyMs" */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "body";
}

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const i of error.issues) {
    if (i.code === "unrecognized_keys") {
      for (const k of i.keys) details.push({ path: jsonPath([...i.path, k]), message: "is not a known field" });
    } else if (i.code === "invalid_key" && i.issues.length) {
      // A record's key refused by its key schema: the key schema's own message ("is reserved"), not zod's generic one.
      details.push({ path: jsonPath(i.path), message: i.issues[0].message });
    } else {
      details.push({ path: jsonPath(i.path), message: i.message });
    }
  }
  return details;
}

/** Validate with the shared schema; 400 naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what = "The request"): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = zodDetails(r.error);
  const first = details[0];
  throw badRequest(
    `${what} is invalid: ${first.path} ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}.`,
    details,
  );
}

/**
 * The path of the first value nested deeper than `max` levels, or null. Walks with its own stack, so a 10,000-deep
 * body is measured, not recursed into: code that recurses over a body (YAML, deep equality, canonical JSON) must see
 * only bodies this let through.
 */
export function tooDeep(value: unknown, max: number): string | null {
  type Node = { v: unknown; depth: number; key: PropertyKey | null; parent: Node | null };
  const stack: Node[] = [{ v: value, depth: 0, key: null, parent: null }];
  while (stack.length) {
    const node = stack.pop() as Node;
    const { v, depth } = node;
    if (typeof v !== "object" || v === null) continue;
    if (depth >= max) {
      const path: PropertyKey[] = [];
      for (let n: Node | null = node; n && n.key !== null; n = n.parent) path.unshift(n.key);
      return jsonPath(path);
    }
    if (Array.isArray(v))
      v.forEach((x, i) => {
        stack.push({ v: x, depth: depth + 1, key: i, parent: node });
      });
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, depth: depth + 1, key: k, parent: node });
  }
  return null;
}

/** 400 when `value` nests deeper than `max` levels, naming where. */
export function refuseTooDeep(value: unknown, max: number, what = "The request body"): void {
  const at = tooDeep(value, max);
  if (at !== null)
    throw badRequest(`${what} nests deeper than ${max} levels at ${at}.`, [{ path: at, message: `nests deeper than ${max} levels` }]);
}

/** The path of the first string (value or key) holding U+0000, or null. Postgres stores no NUL in text or jsonb. */
export function nulAt(value: unknown): string | null {
  type Node = { v: unknown; key: PropertyKey | null; parent: Node | null };
  const pathOf = (node: Node, last?: string) => {
    const path: PropertyKey[] = last === undefined ? [] : [last];
    for (let n: Node | null = node; n && n.key !== null; n = n.parent) path.unshift(n.key);
    return jsonPath(path);
  };
  const stack: Node[] = [{ v: value, key: null, parent: null }];
  while (stack.length) {
    const node = stack.pop() as Node;
    const { v } = node;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return pathOf(node);
    } else if (Array.isArray(v))
      v.forEach((x, i) => {
        stack.push({ v: x, key: i, parent: node });
      });
    else if (typeof v === "object" && v !== null)
      for (const [k, x] of Object.entries(v)) {
        if (k.includes("\u0000")) return pathOf(node, k);
        stack.push({ v: x, key: k, parent: node });
      }
  }
  return null;
}

/** 400 when a string of `value` holds U+0000, naming where (`prefix` names the part of the request, e.g. "path"). */
export function refuseNul(value: unknown, what = "The request body", prefix = ""): void {
  const at = nulAt(value);
  if (at === null) return;
  const path = prefix ? (at === "body" ? prefix : `${prefix}.${at}`) : at;
  throw badRequest(`${what} holds a NUL character (U+0000) at ${path}, which cannot be stored.`, [
    { path, message: "holds a NUL character (U+0000)" },
  ]);
}
