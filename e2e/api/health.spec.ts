import { expect, test } from "@playwright/test";

test("GET /api/health names the store the portal runs on", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ status: "ok", version: expect.any(String) });
  expect(body.db).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  expect(res.headers()["x-request-id"]).toBeTruthy();
});
