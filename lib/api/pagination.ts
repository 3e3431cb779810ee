import { z } from "zod";
import { badRequest } from "../errors";

export const Limit = z.coerce.number().int().min(1).max(500).default(50);

export function encodeCursor(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString("base64url");
}

export function decodeCursor<T>(cursor: string | undefined | null, schema: z.ZodType<T>): T | undefined {
  if (!cursor) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw badRequest("The cursor is not one this server gave out; start again without it.", [{ path: "cursor", message: "is not valid" }]);
  }
}

export type Page<T> = { items: T[]; nextCursor: string | null };

/** ?limit= and ?cursor= of any list endpoint. */
export const PageQuery = z.object({ limit: Limit, cursor: z.string().max(2000).optional() });
