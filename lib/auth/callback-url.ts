/** Where the portal itself is served from: NEXTAUTH_URL's origin when it is set. */
function portalOrigin(): string {
  try {
    if (process.env.NEXTAUTH_URL) return new URL(process.env.NEXTAUTH_URL).origin;
  } catch {
    /* not a URL: the placeholder below */
  }
  return "http://steward.invalid";
}

/**
 * Where to send someone after they sign in: the `callbackUrl` they brought, parsed with URL against the portal's
 * origin as a browser would (so `/\evil.example` and `//evil.example` are the other origins they are), and kept only
 * when it stays on the portal's origin, as a path; anything else, "/". A path is returned with one leading slash, so it
 * can never be read as protocol-relative.
 */
export function safeCallbackUrl(raw: string | null | undefined, origin: string = portalOrigin()): string {
  if (!raw || raw.length > 2000) return "/";
  let u: URL;
  try {
    u = new URL(raw, origin);
  } catch {
    return "/";
  }
  if (u.origin !== new URL(origin).origin) return "/";
  return `/${u.pathname.replace(/^\/+/, "")}${u.search}${u.hash}`;
}
