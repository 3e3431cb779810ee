import { z } from "zod";

// What every domain's OpenAPI routes (lib/<domain>/openapi.ts) are written with: one convention, a function
// `xRoutes(h: OpenApiHelpers): RouteConfig[]` that lib/openapi.ts spreads into its list, with these helpers.

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .meta({ id: "Error" });

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [String(c), { description: ERROR_TEXT[c] ?? "error", content: { "application/json": { schema: ErrorBody } } }]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: "invalid input; details name each bad field",
  401: "no or bad credentials",
  403: "not allowed for this caller",
  404: "unknown",
  409: "conflict",
  413: "body too large",
  415: "wrong content type",
  422: "refused by policy",
  429: "rate limited",
  503: "not configured",
};

export const ok = (schema: z.ZodType, description = "OK") => ({ description, content: { "application/json": { schema } } });
export const body = (schema: z.ZodType) => ({ content: { "application/json": { schema } }, required: true });

export const OPENAPI_HELPERS = { ok, body, errors, page };
export type OpenApiHelpers = typeof OPENAPI_HELPERS;
