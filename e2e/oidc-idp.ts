// A small but real OpenID Connect provider for the e2e tests: authorization code flow with PKCE (S256), client
// authentication by client_secret_basic or client_secret_post, RS256 ID tokens signed with a key made at start-up,
// discovery, JWKS and userinfo. Its sign-in page lists fixed identities; a click on one "authenticates" as it.
// Test-only: it binds to 127.0.0.1 and keeps everything in memory.
import { createHash, generateKeyPairSync, randomBytes, sign, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { IdpIdentity } from "./env";

export type IdpOptions = {
  port: number;
  clientId: string;
  clientSecret: string;
  /** Redirect URIs the client may use (exact match). */
  redirectUris: string[];
  identities: IdpIdentity[];
  /** The claim the roles go in (dots are not nested here: the name is used as is). */
  rolesClaim?: string;
  /** ID token lifetime in seconds. */
  tokenTtl?: number;
};

type Grant = {
  identity: IdpIdentity;
  clientId: string;
  redirectUri: string;
  scope: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
  authTime: number;
};

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startIdp(opts: IdpOptions) {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const rolesClaim = opts.rolesClaim ?? "roles";
  const ttl = opts.tokenTtl ?? 300;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = b64url(
    createHash("sha256")
      .update(publicKey.export({ type: "spki", format: "der" }))
      .digest(),
  ).slice(0, 16);
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" };
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, { identity: IdpIdentity; scope: string; expiresAt: number }>();

  const claimsOf = (identity: IdpIdentity, scope: string) => {
    const scopes = new Set(scope.split(" "));
    return {
      sub: identity.sub,
      ...(scopes.has("email") ? { email: identity.email, email_verified: identity.emailVerified ?? true } : {}),
      ...(scopes.has("profile") ? { name: identity.name } : {}),
      [rolesClaim]: identity.roles,
    };
  };

  const idToken = (g: Grant) => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: issuer,
      aud: g.clientId,
      iat: now,
      exp: now + ttl,
      auth_time: g.authTime,
      ...(g.nonce ? { nonce: g.nonce } : {}),
      ...claimsOf(g.identity, g.scope),
    };
    const input = `${b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }))}.${b64url(JSON.stringify(payload))}`;
    return `${input}.${b64url(sign("sha256", Buffer.from(input), privateKey))}`;
  };

  const discovery = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    code_challenge_methods_supported: ["S256"],
    scopes_supported: ["openid", "email", "profile"],
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "email", "email_verified", "name", rolesClaim],
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      "content-type": typeof body === "string" ? "text/html; charset=utf-8" : "application/json",
      "cache-control": "no-store",
      ...headers,
    });
    res.end(text);
  };
  const oauthError = (res: http.ServerResponse, status: number, error: string, description: string, headers?: Record<string, string>) =>
    send(res, status, { error, error_description: description }, headers);

  const readBody = (req: http.IncomingMessage) =>
    new Promise<URLSearchParams>((resolve, reject) => {
      let data = "";
      req.setEncoding("utf8");
      req.on("data", (c) => {
        data += c;
        if (data.length > 64 * 1024) reject(new Error("body too large"));
      });
      req.on("end", () => resolve(new URLSearchParams(data)));
      req.on("error", reject);
    });

  /** Validates an authorization request; returns an error message for the page, or the checked parameters. */
  const checkAuthRequest = (
    p: URLSearchParams,
  ): { error: string; redirectUri?: string } | { error?: undefined; redirectUri: string; scope: string } => {
    if (p.get("client_id") !== opts.clientId) return { error: "Unknown client_id." };
    const redirectUri = p.get("redirect_uri") ?? "";
    if (!opts.redirectUris.includes(redirectUri)) return { error: `redirect_uri not registered: ${redirectUri}` };
    if (p.get("response_type") !== "code") return { error: "Only response_type=code is supported.", redirectUri };
    const scope = p.get("scope") ?? "";
    if (!scope.split(" ").includes("openid")) return { error: "The openid scope is required.", redirectUri };
    const method = p.get("code_challenge_method");
    if (p.get("code_challenge") && method !== "S256") return { error: "Only code_challenge_method=S256 is supported.", redirectUri };
    return { redirectUri, scope };
  };

  const authorizePage = (p: URLSearchParams) => {
    const hidden = ["client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method"]
      .flatMap((k) => {
        const v = p.get(k);
        return v === null ? [] : [`<input type="hidden" name="${k}" value="${esc(v)}">`];
      })
      .join("");
    const buttons = opts.identities
      .map(
        (i) =>
          `<li><button type="submit" name="identity" value="${esc(i.key)}">${esc(i.label)}</button> <small>${esc(i.email)}</small></li>`,
      )
      .join("");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP sign-in</title></head><body>
<main><h1>Test IdP</h1><p>Choose who you are:</p>
<form method="post" action="/authorize">${hidden}<ul>${buttons}</ul>
<button type="submit" name="deny" value="1">Cancel</button></form></main></body></html>`;
  };

  const redirectBack = (res: http.ServerResponse, redirectUri: string, params: Record<string, string | null | undefined>) => {
    const u = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) if (v != null) u.searchParams.set(k, v);
    res.writeHead(302, { location: u.toString(), "cache-control": "no-store" });
    res.end();
  };

  const clientAuth = (req: http.IncomingMessage, body: URLSearchParams) => {
    const h = req.headers.authorization;
    if (h?.startsWith("Basic ")) {
      const raw = Buffer.from(h.slice(6), "base64").toString("utf8");
      const i = raw.indexOf(":");
      const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
      return { method: "client_secret_basic", id: dec(raw.slice(0, i)), secret: dec(raw.slice(i + 1)) };
    }
    if (body.has("client_secret"))
      return { method: "client_secret_post", id: body.get("client_id") ?? "", secret: body.get("client_secret") ?? "" };
    return null;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", issuer);
    const path = url.pathname;

    if (req.method === "GET" && path === "/.well-known/openid-configuration") return send(res, 200, discovery);
    if (req.method === "GET" && path === "/jwks") return send(res, 200, { keys: [jwk] });

    if (path === "/authorize") {
      const p = req.method === "POST" ? await readBody(req) : url.searchParams;
      const checked = checkAuthRequest(p);
      if (checked.error !== undefined) {
        if (!checked.redirectUri) return send(res, 400, `<!doctype html><p>Bad request: ${esc(checked.error)}</p>`);
        return redirectBack(res, checked.redirectUri, {
          error: "invalid_request",
          error_description: checked.error,
          state: p.get("state"),
        });
      }
      if (req.method === "GET") return send(res, 200, authorizePage(p));
      if (req.method !== "POST") return send(res, 405, { error: "method_not_allowed" });
      if (p.get("deny")) return redirectBack(res, checked.redirectUri, { error: "access_denied", state: p.get("state") });
      const identity = opts.identities.find((i) => i.key === p.get("identity"));
      if (!identity) return send(res, 400, `<!doctype html><p>Unknown identity.</p>`);
      const code = b64url(randomBytes(24));
      codes.set(code, {
        identity,
        clientId: opts.clientId,
        redirectUri: checked.redirectUri,
        scope: checked.scope,
        nonce: p.get("nonce") ?? undefined,
        codeChallenge: p.get("code_challenge") ?? undefined,
        codeChallengeMethod: p.get("code_challenge_method") ?? undefined,
        expiresAt: Date.now() + 60_000,
        authTime: Math.floor(Date.now() / 1000),
      });
      return redirectBack(res, checked.redirectUri, { code, state: p.get("state") });
    }

    if (path === "/token") {
      if (req.method !== "POST") return oauthError(res, 405, "invalid_request", "POST only.");
      const body = await readBody(req);
      const auth = clientAuth(req, body);
      if (!auth || auth.id !== opts.clientId || !safeEqual(auth.secret, opts.clientSecret))
        return oauthError(res, 401, "invalid_client", "Client authentication failed.", { "www-authenticate": 'Basic realm="test-idp"' });
      if (body.get("grant_type") !== "authorization_code")
        return oauthError(res, 400, "unsupported_grant_type", "Only authorization_code.");
      const code = body.get("code") ?? "";
      const g = codes.get(code);
      codes.delete(code); // one use only, even when the request fails below
      if (!g || g.expiresAt < Date.now() || g.clientId !== auth.id)
        return oauthError(res, 400, "invalid_grant", "Unknown, used or expired code.");
      if (body.get("redirect_uri") !== g.redirectUri)
        return oauthError(res, 400, "invalid_grant", "redirect_uri does not match the authorization request.");
      if (g.codeChallenge) {
        const verifier = body.get("code_verifier") ?? "";
        if (!verifier || b64url(createHash("sha256").update(verifier).digest()) !== g.codeChallenge)
          return oauthError(res, 400, "invalid_grant", "PKCE verification failed.");
      } else if (body.has("code_verifier")) return oauthError(res, 400, "invalid_grant", "code_verifier sent without a code_challenge.");
      const accessToken = b64url(randomBytes(32));
      accessTokens.set(accessToken, { identity: g.identity, scope: g.scope, expiresAt: Date.now() + ttl * 1000 });
      return send(res, 200, { access_token: accessToken, token_type: "Bearer", expires_in: ttl, scope: g.scope, id_token: idToken(g) });
    }

    if (path === "/userinfo") {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
      const t = m && accessTokens.get(m[1]);
      if (!t || t.expiresAt < Date.now())
        return oauthError(res, 401, "invalid_token", "Unknown or expired access token.", {
          "www-authenticate": 'Bearer error="invalid_token"',
        });
      return send(res, 200, claimsOf(t.identity, t.scope));
    }

    return send(res, 404, { error: "not_found" });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, { error: "server_error", error_description: String(e) });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    issuer,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
