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
  throw badRequest(`${what} is invalid: ${first.path} ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}.`, details);
}
