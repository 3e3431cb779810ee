import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { contentSecurityPolicy, newNonce } from "@/lib/security/headers";

const PUBLIC = [/^\/login$/, /^\/favicon/, /^\/robots\.txt$/];

/**
 * Optimistic only: gives every request an id and sends a visitor with no session cookie to /login.
 * Authorisation happens in lib/, on every path (the session is checked against the database there).
 * Every page also gets its own Content-Security-Policy nonce (Next's nonce pattern): the policy goes on the request,
 * where Next reads the nonce to put on its scripts, and on the response, where the browser enforces it. The headers
 * every response carries (HSTS, nosniff, ...) are set in next.config.ts.
 */
export async function proxy(req: NextRequest) {
  const requestId = crypto.randomUUID();
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(req.headers);
  headers.set("x-request-id", requestId);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const path = req.nextUrl.pathname;
  if (!PUBLIC.some((p) => p.test(path))) {
    const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });
    if (!token) {
      const url = new URL("/login", req.url);
      if (path !== "/") url.searchParams.set("callbackUrl", path + req.nextUrl.search);
      const res = NextResponse.redirect(url);
      res.headers.set("x-request-id", requestId);
      res.headers.set("content-security-policy", csp);
      return res;
    }
  }
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("x-request-id", requestId);
  res.headers.set("content-security-policy", csp);
  return res;
}

// Not on /api: route handlers authenticate and assign request ids themselves (lib/api/handler.ts), and a proxy in
// front of them would buffer every body and cut it at proxyClientMaxBodySize (large NDJSON uploads, 413 checks).
// Their headers (Cache-Control: no-store and the rest) come from next.config.ts. Nor on /v1/ (OTLP/HTTP's default
// paths, API.md v1.2): an exporter has a bearer token, never a session, and must get 401, not a sign-in redirect.
export const config = { matcher: ["/((?!api/|v1/|_next/static|_next/image).*)"] };
