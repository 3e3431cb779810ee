// POST /v1/traces over real HTTP, with OTLP/JSON as the specification writes it (tests/corpora/otlp/trace.json, the
// example request of opentelemetry-proto, with model attributes added): a bearer token, never a sign-in redirect; spans
// naming a model become telemetry whose trace id the debug dashboard finds; unknown models are a partial success;
// protobuf is 415, malformed 400 with a google.rpc.Status naming the field, too big 413.
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { anonymousApi, apiAs, disposeAll, expectStatus, unique } from "./support";

const FIXTURE = JSON.parse(fs.readFileSync(path.join(process.cwd(), "tests/corpora/otlp/trace.json"), "utf8"));
let exporter: APIRequestContext;
let viewer: APIRequestContext;
let model: string;
const hourStart = Math.floor(Date.now() / 3600_000) * 3600_000 - 2 * 3600_000;
const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n}`;

/** The example request with its span naming `model` and `version`, at `startMs`, lasting `ns` nanoseconds. */
function spanRequest(o: { model: string; version?: string; startMs: number; ns: bigint; traceId: string; error?: boolean }) {
  const body = structuredClone(FIXTURE);
  const span = body.resourceSpans[0].scopeSpans[0].spans[0];
  span.traceId = o.traceId;
  span.startTimeUnixNano = nanos(o.startMs);
  span.endTimeUnixNano = `${BigInt(nanos(o.startMs)) + o.ns}`;
  span.attributes.push({ key: "ml.model.name", value: { stringValue: o.model } });
  if (o.version) span.attributes.push({ key: "ml.model.version", value: { stringValue: o.version } });
  if (o.error) span.status = { code: 2, message: "model timed out" };
  return body;
}

test.beforeAll(async () => {
  exporter = await apiAs(E2E.users.contributor, ["write"]);
  viewer = await apiAs(E2E.users.viewer);
  model = unique("e2e-otlp");
  await expectStatus(await exporter.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "low" } }), 201);
  await expectStatus(await exporter.post(`/api/v1/models/${model}/versions`, { data: { version: "1.0" } }), 201);
});
test.afterAll(() => disposeAll(exporter, viewer));

test("without a token it is 401 in OTLP's Status shape, never a redirect to sign-in", async () => {
  const anon = await anonymousApi();
  const res = await anon.post("/v1/traces", { data: FIXTURE, maxRedirects: 0 });
  expect(res.status()).toBe(401);
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(await res.json()).toMatchObject({ code: 16, message: expect.any(String) });
  await anon.dispose();
});

test("the specification's example as it is: 200 {} (its span names no model and is ignored)", async () => {
  const res = await exporter.post("/v1/traces", { data: FIXTURE });
  await expectStatus(res, 200);
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(await res.json()).toEqual({});
});

test("spans naming a model become telemetry; the debug dashboard finds the trace", async () => {
  const traceId = "0AF7651916CD43DD8448EB211C80319C";
  const ok = await exporter.post("/v1/traces", {
    data: spanRequest({ model, version: "1.0", startMs: hourStart + 60_000, ns: 42_000_000n, traceId }),
  });
  await expectStatus(ok, 200);
  expect(await ok.json()).toEqual({});
  const failed = await exporter.post("/v1/traces", {
    data: spanRequest({
      model,
      version: "1.0",
      startMs: hourStart + 120_000,
      ns: 7_500_000n,
      traceId: "5B8EFFF798038103D269B633813FC60C",
      error: true,
    }),
  });
  await expectStatus(failed, 200);
  const q = new URLSearchParams({
    version: "1.0",
    from: new Date(hourStart).toISOString(),
    to: new Date(hourStart + 3600_000).toISOString(),
    step: "1h",
  });
  const read = await (await viewer.get(`/api/v1/models/${model}/telemetry?${q}`)).json();
  expect(read.series).toEqual([expect.objectContaining({ count: 2, errors: 1 })]);
  // The compactor (every second) keeps the sample; the debug dashboard looks it up by trace id, as sent but lower case.
  await expect
    .poll(async () => {
      const d = await (await viewer.get(`/api/v1/dashboards/debug?model=${model}&trace=${traceId.toLowerCase()}`)).json();
      return (d.samples ?? []).map((s: { traceId: string; latencyMs: number; status: string }) => [s.traceId, s.latencyMs, s.status]);
    })
    .toEqual([[traceId.toLowerCase(), 42, "ok"]]);
});

test("spans naming an unknown model: 200 with a partial success counting them", async () => {
  const res = await exporter.post("/v1/traces", {
    data: spanRequest({
      model: unique("ghost"),
      version: "1.0",
      startMs: hourStart,
      ns: 1_000_000n,
      traceId: "5B8EFFF798038103D269B633813FC60C",
    }),
  });
  await expectStatus(res, 200);
  const body = await res.json();
  expect(body.partialSuccess.rejectedSpans).toBe("1");
  expect(body.partialSuccess.errorMessage).toMatch(/^1 span: model ghost-.* is not registered$/);
});

test("protobuf is 415; a malformed export 400 naming the field; over 10 MB 413; a viewer 403", async () => {
  const proto = await exporter.post("/v1/traces", {
    data: Buffer.from([0x0a, 0x00]),
    headers: { "content-type": "application/x-protobuf" },
  });
  expect(proto.status()).toBe(415);
  const bad = spanRequest({ model, version: "1.0", startMs: hourStart, ns: 1n, traceId: "5B8EFFF798038103D269B633813FC60C" });
  bad.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano = "yesterday";
  const res = await exporter.post("/v1/traces", { data: bad });
  expect(res.status()).toBe(400);
  const status = await res.json();
  expect(status.code).toBe(3);
  expect(status.details[0]["@type"]).toBe("type.googleapis.com/google.rpc.BadRequest");
  expect(status.details[0].fieldViolations[0].field).toBe("resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano");
  const big = await exporter.post("/v1/traces", {
    data: Buffer.alloc(11 * 1024 * 1024, 0x20),
    headers: { "content-type": "application/json" },
  });
  expect(big.status()).toBe(413);
  const reader = await apiAs(E2E.users.viewer, ["read", "write"]);
  const refused = await reader.post("/v1/traces", {
    data: spanRequest({ model, version: "1.0", startMs: hourStart, ns: 1n, traceId: "5B8EFFF798038103D269B633813FC60C" }),
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).code).toBe(7);
  await reader.dispose();
});
