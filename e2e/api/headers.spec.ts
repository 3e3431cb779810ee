// Security headers (API.md, "Trust rules (v1.1)", Headers): a nonce Content-Security-Policy on pages, HSTS, nosniff,
// Referrer-Policy and Permissions-Policy everywhere, Cache-Control: no-store on every API answer, errors included.
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { adminApi, BASE } from "../fixtures";
import { anonymousApi } from "./support";

/** The policy as a map of directive → sources. */
function directives(csp: string | undefined): Map<string, string[]> {
  expect(csp, "Content-Security-Policy").toBeTruthy();
  const out = new Map<string, string[]>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...sources] = part.trim().split(" ").filter(Boolean);
    if (name) out.set(name, sources);
  }
  return out;
}

function expectEveryResponseHeaders(res: APIResponse) {
  const h = res.headers();
  const where = `${res.status()} ${res.url()}`;
  expect(h["strict-transport-security"], where).toBe("max-age=31536000; includeSubDomains");
  expect(h["x-content-type-options"], where).toBe("nosniff");
  expect(h["referrer-policy"], where).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"], where).toBe("camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()");
  expect(h["x-frame-options"], where).toBe("DENY");
}

/** A page's policy: this response's nonce on scripts, nothing inline or eval'd, no framing, plugins or <base>. Returns the nonce. */
function expectPagePolicy(res: APIResponse): string {
  const where = `${res.status()} ${res.url()}`;
  const d = directives(res.headers()["content-security-policy"]);
  const script = d.get("script-src") ?? [];
  const nonce = script.find((s) => s.startsWith("'nonce-"))?.slice(7, -1) ?? "";
  // 128 random bits, base64.
  expect(nonce, where).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(script, where).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  expect(d.get("style-src"), where).toEqual(["'self'", `'nonce-${nonce}'`]);
  expect(d.get("style-src-attr"), where).toEqual(["'unsafe-inline'"]);
  expect(d.get("default-src"), where).toEqual(["'self'"]);
  expect(d.get("frame-ancestors"), where).toEqual(["'none'"]);
  expect(d.get("object-src"), where).toEqual(["'none'"]);
  expect(d.get("base-uri"), where).toEqual(["'none'"]);
  expect(d.get("form-action"), where).toEqual(["'self'"]);
  return nonce;
}

/** Every <script> in the HTML carries the response's nonce (Next puts it there when the page renders per request). */
async function expectScriptsCarry(res: APIResponse, nonce: string) {
  const html = await res.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, res.url()).toBeGreaterThan(3);
  for (const tag of scripts) expect(tag, res.url()).toContain(`nonce="${nonce}"`);
}

/** A client signed in through the credentials form's endpoint (a next-auth session cookie). */
async function signedIn(email: string): Promise<APIRequestContext> {
  const browser = await anonymousApi();
  const { csrfToken } = await (await browser.get("/api/auth/csrf")).json();
  const res = await browser.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password: E2E.password, callbackUrl: `${BASE}/`, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
  return browser;
}

test.describe("pages", () => {
  test("the login page: a nonce policy, fresh on each request and on every script, and the headers of every response", async () => {
    const anon = await anonymousApi();
    const first = await anon.get("/login");
    expect(first.status()).toBe(200);
    expect(first.headers()["content-type"]).toContain("text/html");
    expectEveryResponseHeaders(first);
    const n1 = expectPagePolicy(first);
    await expectScriptsCarry(first, n1);
    const second = await anon.get("/login");
    const n2 = expectPagePolicy(second);
    expect(n2).not.toBe(n1);
    await expectScriptsCarry(second, n2);
    await anon.dispose();
  });

  test("a visitor sent to sign in gets the headers on the redirect too", async () => {
    const anon = await anonymousApi();
    const res = await anon.get("/models", { maxRedirects: 0 });
    expect(res.status()).toBe(307);
    expect(new URL(res.headers().location ?? "", BASE).pathname).toBe("/login");
    expectEveryResponseHeaders(res);
    expectPagePolicy(res);
    await anon.dispose();
  });

  test("signed-in pages, a dashboard with charts, the lineage graph and the not-found page carry the policy", async () => {
    const browser = await signedIn(E2E.users.admin);
    for (const path of ["/", "/models", "/dashboards/executive", "/lineage", "/no-such-page"]) {
      const res = await browser.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(path === "/no-such-page" ? 404 : 200);
      expectEveryResponseHeaders(res);
      await expectScriptsCarry(res, expectPagePolicy(res));
    }
    await browser.dispose();
  });
});

test.describe("API", () => {
  test("every API answer, success or error, says Cache-Control: no-store and nosniff", async () => {
    const anon = await anonymousApi();
    const admin = await adminApi();
    const answers: [string, APIResponse, number][] = [
      ["health", await anon.get("/api/health"), 200],
      ["no credentials", await anon.get("/api/v1/models"), 401],
      ["a wrong token", await anon.get("/api/v1/me", { headers: { authorization: "Bearer stw_not_a_real_token_0000000000000000" } }), 401],
      ["a list", await admin.get("/api/v1/models"), 200],
      ["who am I", await admin.get("/api/v1/me"), 200],
      ["the token list", await admin.get(`/api/v1/users/${encodeURIComponent(E2E.users.admin)}/tokens`), 200],
      ["an unknown model", await admin.get("/api/v1/models/no-such-model-anywhere"), 404],
      ["a bad body", await admin.post("/api/v1/webhooks", { data: { name: "x", url: "ftp://example.com/" } }), 400],
      ["an unknown API path", await admin.get("/api/v1/no-such-thing"), 404],
      ["next-auth's CSRF endpoint", await anon.get("/api/auth/csrf"), 200],
      ["the OpenAPI document", await anon.get("/api/v1/openapi.json"), 200],
    ];
    for (const [what, res, status] of answers) {
      expect(res.status(), what).toBe(status);
      // Exactly no-store from next.config.ts; Next's own not-found answer says more, no-store among it.
      const cache = (res.headers()["cache-control"] ?? "").split(",").map((s) => s.trim());
      if (what === "an unknown API path") expect(cache, what).toContain("no-store");
      else expect(cache, what).toEqual(["no-store"]);
      expectEveryResponseHeaders(res);
      // An answer opened as a document runs nothing and cannot be framed.
      expect(res.headers()["content-security-policy"], what).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      );
    }
    await anon.dispose();
    await admin.dispose();
  });
});
