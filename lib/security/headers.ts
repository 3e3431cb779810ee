// The security headers (API.md, "Trust rules (v1.1)", Headers). Pure values, shared by next.config.ts (headers on
// every response) and proxy.ts (the per-request Content-Security-Policy of pages).

type Header = { key: string; value: string };

/** On every response, pages, API and static files alike. */
export const EVERY_RESPONSE: Header[] = [
  { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // The portal uses none of these; a page that is made to ask for them gets a refusal, not a prompt.
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()" },
  // For browsers older than CSP's frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
];

/**
 * On every /api response: an answer (a token list, a user's roles) is never kept by a browser or a shared cache, and
 * one opened as a document runs nothing and cannot be framed (the proxy, and so the page nonce, stays off /api).
 */
export const API_RESPONSE: Header[] = [
  { key: "Cache-Control", value: "no-store" },
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'" },
];

/** A fresh nonce per page request: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The page policy, Next's documented nonce pattern: scripts run only with this request's nonce (and what they load,
 * 'strict-dynamic'); no plugins, no <base>, no framing, forms post only here. Style elements need the nonce too;
 * style attributes are allowed because React renders `style={...}` as attributes (charts, the lineage graph), and a
 * nonce cannot cover an attribute. `next dev` needs 'unsafe-eval' (React rebuilds server error stacks with eval);
 * production never gets it.
 */
export function contentSecurityPolicy(nonce: string, development = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
