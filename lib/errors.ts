export type ErrorDetail = { path: string; message: string };

/** The one error the domain throws; the HTTP boundary turns it into the JSON error of API.md. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) => new AppError("invalid_request", 400, message, details);
export const unauthenticated = (message = "Sign in, or send a valid token as 'Authorization: Bearer <token>'.") =>
  new AppError("unauthenticated", 401, message);
export const forbidden = (message: string, code = "forbidden") => new AppError(code, 403, message);
export const notFound = (what: string) => new AppError("not_found", 404, `${what} was not found.`);
export const conflict = (message: string, code = "conflict") => new AppError(code, 409, message);

/** Postgres error codes we turn into something a person can act on. */
export function pgCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}
