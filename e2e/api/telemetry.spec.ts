// API.md "Telemetry" over real HTTP: JSON and NDJSON batches in (202 after commit), the whole batch refused naming
// the bad event, 413 past 10,000 events, Idempotency-Key retries stored once, and the series read back.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, disposeAll, expectError, expectStatus, unique } from "./support";

const NDJSON = "application/x-ndjson";
let pipeline: APIRequestContext;
let viewer: APIRequestContext;
let model: string;
// An hour that has passed, so its events are neither in the future nor mixed with another test's.
const hourStart = Math.floor(Date.now() / 3600_000) * 3600_000 - 2 * 3600_000;
let minute = 0;
const ts = () => new Date(hourStart + (minute++ % 60) * 60_000 + 1234).toISOString();
const event = (latencyMs: number, status: "ok" | "error" = "ok", extra: Record<string, unknown> = {}) => ({
  model,
  version: "1.0",
  ts: ts(),
  latencyMs,
  status,
  ...extra,
});

async function hourTotals(): Promise<{ count: number; errors: number; p50: number | null }> {
  const q = new URLSearchParams({
    version: "1.0",
    from: new Date(hourStart).toISOString(),
    to: new Date(hourStart + 3600_000).toISOString(),
    step: "1h",
  });
  const res = await viewer.get(`/api/v1/models/${model}/telemetry?${q}`);
  await expectStatus(res, 200);
  const body = await res.json();
  expect(body.step).toBe("1h");
  expect(body.series.length).toBeLessThanOrEqual(1);
  return body.series[0] ?? { count: 0, errors: 0, p50: null };
}

test.beforeAll(async () => {
  pipeline = await apiAs(E2E.users.contributor);
  viewer = await apiAs(E2E.users.viewer);
  model = unique("e2e-telemetry");
  await expectStatus(await pipeline.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "low" } }), 201);
  await expectStatus(await pipeline.post(`/api/v1/models/${model}/versions`, { data: { version: "1.0" } }), 201);
});
test.afterAll(() => disposeAll(pipeline, viewer));

test("accepts JSON and NDJSON batches with 202 and reads them back", async () => {
  const json = await pipeline.post("/api/v1/telemetry", {
    data: { events: [event(100), event(200, "error", { traceId: "e2e-1", features: { amount: 12.5, country: "PT", missing: null } })] },
  });
  await expectStatus(json, 202);
  expect(await json.json()).toEqual({ accepted: 2 });
  const lines = [event(300), event(400, "ok", { loss: 0.7, prediction: 0.93, label: 1 }), event(500)]
    .map((e) => JSON.stringify(e))
    .join("\n");
  const nd = await pipeline.post("/api/v1/telemetry", { data: `${lines}\n`, headers: { "content-type": NDJSON } });
  await expectStatus(nd, 202);
  expect(await nd.json()).toEqual({ accepted: 3 });
  const totals = await hourTotals();
  expect(totals).toMatchObject({ count: 5, errors: 1, errorRate: 0.2 });
  expect(Math.abs((totals.p50 as number) - 300) / 300).toBeLessThanOrEqual(0.01);
});

test("an Idempotency-Key retry is stored once; the same key with another body is 409", async () => {
  const before = (await hourTotals()).count;
  const key = unique("tel-key");
  const data = { events: [event(50), event(60)] };
  const first = await pipeline.post("/api/v1/telemetry", { data, headers: { "idempotency-key": key } });
  await expectStatus(first, 202);
  const retry = await pipeline.post("/api/v1/telemetry", { data, headers: { "idempotency-key": key } });
  await expectStatus(retry, 202);
  expect(retry.headers()["idempotent-replayed"]).toBe("true");
  expect(await retry.json()).toEqual({ accepted: 2 });
  expect((await hourTotals()).count).toBe(before + 2);
  await expectError(
    await pipeline.post("/api/v1/telemetry", { data: { events: [event(70)] }, headers: { "idempotency-key": key } }),
    409,
    "idempotency_key_reused",
  );
  // NDJSON retries too.
  const ndKey = unique("tel-key-nd");
  const nd = [event(80), event(90)].map((e) => JSON.stringify(e)).join("\n");
  for (let i = 0; i < 2; i++)
    await expectStatus(
      await pipeline.post("/api/v1/telemetry", { data: nd, headers: { "content-type": NDJSON, "idempotency-key": ndKey } }),
      202,
    );
  expect((await hourTotals()).count).toBe(before + 4);
});

test("a bad event refuses the whole batch, naming it; 413 past 10,000 events; 415, 403 and read errors", async () => {
  const before = (await hourTotals()).count;
  const bad = await pipeline.post("/api/v1/telemetry", { data: { events: [event(10), { ...event(20), latencyMs: "slow" }, event(30)] } });
  expect((await expectError(bad, 400, "invalid_request")).details[0].path).toBe("events[1].latencyMs");
  const unknown = await pipeline.post("/api/v1/telemetry", { data: { events: [event(10), event(20), { ...event(30), version: "9.9" }] } });
  expect((await expectError(unknown, 400, "invalid_request")).details).toEqual([
    { path: "events[2].version", message: expect.stringContaining("9.9") },
  ]);
  const badLine = await pipeline.post("/api/v1/telemetry", {
    data: `${JSON.stringify(event(10))}\nnot json`,
    headers: { "content-type": NDJSON },
  });
  expect((await expectError(badLine, 400)).details[0].path).toBe("events[1]");
  const many = {
    events: Array.from({ length: 10_001 }, () => ({
      model,
      version: "1.0",
      ts: new Date(hourStart).toISOString(),
      latencyMs: 1,
      status: "ok",
    })),
  };
  await expectError(await pipeline.post("/api/v1/telemetry", { data: many }), 413, "payload_too_large");
  expect((await hourTotals()).count).toBe(before);

  await expectError(
    await pipeline.post("/api/v1/telemetry", { data: "{}", headers: { "content-type": "text/plain" } }),
    415,
    "unsupported_media_type",
  );
  await expectError(await viewer.post("/api/v1/telemetry", { data: { events: [event(10)] } }), 403, "forbidden");
  const tooFine = await viewer.get(`/api/v1/models/${model}/telemetry?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&step=1m`);
  expect((await expectError(tooFine, 400)).details[0].path).toBe("step");
  await expectError(await viewer.get(`/api/v1/models/${unique("ghost")}/telemetry`), 404, "not_found");
  const defaults = await viewer.get(`/api/v1/models/${model}/telemetry`);
  await expectStatus(defaults, 200);
  const d = await defaults.json();
  expect(d.step).toBe("5m");
  expect(Date.parse(d.to) - Date.parse(d.from)).toBe(24 * 3600_000);
  expect(d.series.reduce((s: number, p: { count: number }) => s + p.count, 0)).toBe(before);
});
