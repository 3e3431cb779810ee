// Unknown bearer tokens are limited per client address: 20 a minute, then 429 with Retry-After (API.md, Trust rules
// v1.1). The e2e server trusts one proxy (TRUST_PROXY=1), so X-Forwarded-For gives each test an address of its own.
import { expect, request as pwRequest, test } from "@playwright/test";
import { E2E } from "../env";
import { adminApi, BASE } from "../fixtures";

// Documentation addresses (RFC 5737) no other spec uses; the server is fresh for each run.
const LIMITED = "203.0.113.60";
const OTHER = "203.0.113.61";
const from = (addr: string, authorization: string) =>
  pwRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { authorization, "x-forwarded-for": addr } });

test("sixty wrong bearer tokens in a row: the first 20 are 401, the rest 429 with Retry-After; a valid token still works", async () => {
  const addr = LIMITED;
  const statuses: number[] = [];
  let last: { status: number; retryAfter: string | null; code: string } | null = null;
  for (let i = 0; i < 60; i++) {
    const c = await from(addr, `Bearer stw_never_issued_${i}_${Date.now().toString(36)}_padpadpadpad`);
    try {
      const res = await c.get("/api/v1/me");
      statuses.push(res.status());
      last = { status: res.status(), retryAfter: res.headers()["retry-after"] ?? null, code: (await res.json()).error.code };
    } finally {
      await c.dispose();
    }
  }
  expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
  expect(statuses.slice(20)).toEqual(Array(40).fill(429));
  expect(last?.code).toBe("rate_limited");
  expect(Number(last?.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(last?.retryAfter)).toBeLessThanOrEqual(60);

  // The admin's (valid) token works from the limited address, and from any other.
  const good = await from(addr, `Bearer ${E2E.bootstrapToken}`);
  const elsewhere = await from(OTHER, "Bearer stw_never_issued_elsewhere_padpadpadpadpadpad");
  const normal = await adminApi();
  try {
    expect((await good.get("/api/v1/me")).status()).toBe(200);
    expect((await normal.get("/api/v1/me")).status()).toBe(200);
    // Another address has its own count.
    expect((await elsewhere.get("/api/v1/me")).status()).toBe(401);

    // The security log: the 60 refusals are a row or two per minute and reason from that address, not 60 rows.
    const res = await normal.get("/api/v1/security/events");
    expect(res.status()).toBe(200);
    const rows = ((await res.json()).recent as { kind: string; address: string | null; count: number; reason: string }[]).filter(
      (e) => e.address === addr,
    );
    expect(rows.every((r) => r.kind === "token_refused")).toBe(true);
    expect(rows.length).toBeLessThanOrEqual(4);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(60);
  } finally {
    await good.dispose();
    await elsewhere.dispose();
    await normal.dispose();
  }
});
