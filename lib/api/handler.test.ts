// route(), the one HTTP boundary (lib/api/handler.ts), on a real store with a real token: request ids, the caller,
// body limits counted as the bytes arrive, content types, validation naming each field, NUL refusal, and errors mapped
// to API.md's JSON error without internals.

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useFreshStore } from "@/tests/store";
import { SYSTEM } from "../auth/actor";
import { issueToken } from "../auth/tokens";
import { createUser } from "../auth/users";
import { AppError } from "../errors";
import { json, MAX_BODY_BYTES, route } from "./handler";

const Body = z.object({ name: z.string().min(1), tags: z.array(z.string()).max(2) }).strict();
const echo = route(async ({ body, actor, requestId }) => json({ got: body(Body), who: actor.email, requestId }, 201));
const small = route(async ({ text }) => json({ length: text().length }), { maxBytes: 1024, accept: ["text/plain"] });
const failing = route(async () => {
  throw new Error('relation "secret_table" does not exist');
});
const refusing = route(async () => {
  throw new AppError("conflict", 409, "Already there.", [{ path: "name", message: "is taken" }]);
});
const none = { params: Promise.resolve({}) };

const request = (init: RequestInit & { token?: string; path?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  return new Request(`http://steward.test${init.path ?? "/api/v1/x"}`, { method: "POST", ...init, headers, duplex: "half" } as RequestInit);
};

/** A body sent in chunks with no Content-Length, as a streaming client does. */
function chunked(total: number, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      if (sent >= total) return c.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      c.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
}

describe("route(): the HTTP boundary", () => {
  useFreshStore();
  let token = "";

  it("sets up a contributor with a read-write token", async () => {
    await createUser(SYSTEM, { email: "ana@bank.example", name: "Ana", roles: ["contributor"], password: "correct horse battery staple" });
    token = (await issueToken(SYSTEM, "ana@bank.example", { name: "rw", scopes: ["read", "write"] })).token;
  });

  it("passes the parsed body and the caller to the handler; echoes a well-formed x-request-id, else makes a UUID", async () => {
    const body = JSON.stringify({ name: "churn", tags: ["a"] });
    const ok = await echo(
      request({ token, body, headers: { "content-type": "application/json", "x-request-id": "ci-run-42.step-3" } }),
      none,
    );
    expect(ok.status).toBe(201);
    expect(ok.headers.get("x-request-id")).toBe("ci-run-42.step-3");
    expect(await ok.json()).toEqual({ got: { name: "churn", tags: ["a"] }, who: "ana@bank.example", requestId: "ci-run-42.step-3" });

    // Too short, or with characters outside [A-Za-z0-9_.-]: replaced, never reflected.
    for (const bad of ["short", "a b c d e f g h", "x".repeat(101), "<script>alert(1)</script>"]) {
      const r = await echo(request({ token, body, headers: { "content-type": "application/json", "x-request-id": bad } }), none);
      expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it("401 for a token nobody issued (the session path needs Next's request scope: e2e/api covers it)", async () => {
    const unknown = await echo(
      request({ token: `stw_${"0".repeat(43)}`, body: "{}", headers: { "content-type": "application/json" } }),
      none,
    );
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.code).toBe("unauthenticated");
  });

  it("400 naming every bad field by path; 400 for an empty body and for text that is not JSON", async () => {
    const r = await echo(
      request({
        token,
        body: JSON.stringify({ name: "", tags: ["a", "b", "c"], extra: 1 }),
        headers: { "content-type": "application/json" },
      }),
      none,
    );
    expect(r.status).toBe(400);
    const { error } = await r.json();
    expect(error.code).toBe("invalid_request");
    expect(error.details).toEqual([
      { path: "name", message: "Too small: expected string to have >=1 characters" },
      { path: "tags", message: "Too big: expected array to have <=2 items" },
      { path: "extra", message: "is not a known field" },
    ]);

    const empty = await echo(request({ token, body: "  ", headers: { "content-type": "application/json" } }), none);
    expect((await empty.json()).error.details).toEqual([{ path: "body", message: "is empty" }]);
    const notJson = await echo(request({ token, body: "{name: churn}", headers: { "content-type": "application/json" } }), none);
    expect((await notJson.json()).error.details).toEqual([{ path: "body", message: "is not valid JSON" }]);
  });

  it("415 for a content type the route does not take, naming the one it does", async () => {
    const r = await echo(request({ token, body: "name=churn", headers: { "content-type": "application/x-www-form-urlencoded" } }), none);
    expect(r.status).toBe(415);
    expect((await r.json()).error.message).toBe("Send the body as JSON with 'Content-Type: application/json'.");
    const t = await small(request({ token, body: "{}", headers: { "content-type": "application/json" } }), none);
    expect(t.status).toBe(415);
    expect((await t.json()).error.message).toBe("Send the body with one of these content types: text/plain.");
  });

  it("413 by the bytes that arrive, with or without a Content-Length: 1,024 bytes pass a 1 KB limit, 1,025 do not", async () => {
    const at = await small(request({ token, body: chunked(1024, 100), headers: { "content-type": "text/plain" } }), none);
    expect(at.status).toBe(200);
    expect(await at.json()).toEqual({ length: 1024 });
    const over = await small(request({ token, body: chunked(1025, 100), headers: { "content-type": "text/plain" } }), none);
    expect(over.status).toBe(413);
    expect((await over.json()).error.code).toBe("payload_too_large");
    // Declared far past the limit (more than 4×): refused before reading, and the connection is to be closed.
    const declared = await small(
      request({ token, body: "x", headers: { "content-type": "text/plain", "content-length": String(4 * 1024 + 1) } }),
      none,
    );
    expect(declared.status).toBe(413);
    expect(declared.headers.get("connection")).toBe("close");
    // The default limit is 10 MB: 10 MB + 1 byte of JSON streamed in 64 KB chunks is refused.
    const big = await echo(request({ token, body: chunked(MAX_BODY_BYTES + 1), headers: { "content-type": "application/json" } }), none);
    expect(big.status).toBe(413);
  });

  it("400 for a NUL anywhere in the body, which Postgres could not store", async () => {
    const r = await echo(
      request({ token, body: JSON.stringify({ name: "a\u0000b", tags: [] }), headers: { "content-type": "application/json" } }),
      none,
    );
    expect(r.status).toBe(400);
    expect(JSON.stringify((await r.json()).error)).toContain("name");
  });

  it("an AppError becomes its status and JSON error; anything else a bare 500 that names no table or SQL", async () => {
    const c = await refusing(request({ token, body: "{}", headers: { "content-type": "application/json" } }), none);
    expect(c.status).toBe(409);
    expect(await c.json()).toEqual({
      error: { code: "conflict", message: "Already there.", details: [{ path: "name", message: "is taken" }] },
    });
    const f = await failing(request({ token, body: "{}", headers: { "content-type": "application/json" } }), none);
    expect(f.status).toBe(500);
    const text = await f.text();
    expect(text).not.toContain("secret_table");
    expect(text).not.toContain("relation");
    expect(f.headers.get("x-request-id")).toBeTruthy();
  });
});
