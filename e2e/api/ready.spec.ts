// Readiness (issue 17, item 7): /api/ready answers 200 on a running portal, naming each check, with nothing a load
// balancer does not need (no counts, no error text); /api/health stays liveness.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as {
  entries: { tag: string }[];
};

test("GET /api/ready: the store answers, holds the newest migration, and every worker is alive", async ({ request }) => {
  // The evaluator's and the publisher's first passes come 5 s after start; the server may have just started.
  await expect.poll(async () => (await request.get("/api/ready")).status(), { timeout: 20_000 }).toBe(200);
  const res = await request.get("/api/ready");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(res.headers()["x-request-id"]).toBeTruthy();
  const body = await res.json();
  expect(body).toEqual({
    status: "ready",
    checks: {
      database: { ok: true },
      migrations: { ok: true, latest: journal.entries[journal.entries.length - 1].tag },
      workers: {
        ok: true,
        states: {
          telemetry_compactor: "alive",
          alert_evaluator: "alive",
          webhook_sender: "alive",
          // The e2e server has a signing key (scripts/e2e-server.ts), so the publisher runs.
          checkpoint_publisher: "alive",
          pruning: expect.stringMatching(/^(on_demand|failing)$/),
          mrm_reminders: "alive",
        },
      },
    },
    failing: [],
  });
  // Public, like /api/health: no credentials needed, and liveness is unchanged beside it.
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok" });
});
