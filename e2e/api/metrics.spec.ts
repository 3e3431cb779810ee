// GET /api/v1/metrics over real HTTP, read by a Prometheus text parser: a read token scrapes (401 without), the
// counters of a model with 10 events (2 errors) say 10 and 2 as the telemetry read does, OpenMetrics comes when Accept
// asks for it, and the portal's request histogram names routes by their pattern, never by a model's name.
import { type APIRequestContext, expect, test } from "@playwright/test";
import parse from "parse-prometheus-text-format";
import { E2E } from "../env";
import { anonymousApi, apiAs, disposeAll, expectError, expectStatus, unique } from "./support";

let pipeline: APIRequestContext;
let scraper: APIRequestContext;
let model: string;
const hourStart = Math.floor(Date.now() / 3600_000) * 3600_000 - 2 * 3600_000;

test.beforeAll(async () => {
  pipeline = await apiAs(E2E.users.contributor);
  scraper = await apiAs(E2E.users.viewer, ["read"]);
  model = unique("e2e-metrics");
  await expectStatus(await pipeline.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "low" } }), 201);
  await expectStatus(await pipeline.post(`/api/v1/models/${model}/versions`, { data: { version: "1.0" } }), 201);
  // 10 events, latencies 10…100 ms, the 3rd and 7th errors.
  const events = Array.from({ length: 10 }, (_, i) => ({
    model,
    version: "1.0",
    ts: new Date(hourStart + i * 60_000).toISOString(),
    latencyMs: (i + 1) * 10,
    status: i === 2 || i === 6 ? "error" : "ok",
  }));
  await expectStatus(await pipeline.post("/api/v1/telemetry", { data: { events } }), 202);
});
test.afterAll(() => disposeAll(pipeline, scraper));

/**
 * A labelled histogram's or summary's series: the parser folds such a family into one sample and keeps labels only
 * when there are none (its flattenMetrics), so those lines are parsed as an untyped family, each a sample.
 */
const series = (text: string, line: string, labels: Record<string, string>) =>
  parse(
    `${text
      .split("\n")
      .filter((l) => l.startsWith(`${line}{`))
      .join("\n")}\n`,
  )
    .flatMap((f) => f.metrics)
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

const sample = (text: string, name: string, labels: Record<string, string>) => {
  const fam = parse(text).find((f) => f.name === name);
  return fam?.metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v)) ?? [];
};

test("without a credential it is 401, not a sign-in page", async () => {
  const anon = await anonymousApi();
  await expectError(await anon.get("/api/v1/metrics"), 401);
  await anon.dispose();
});

/** A scrape that includes the model: the store's figures are read at most every METRICS_CACHE_SECONDS (10). */
async function scrapeWithModel(headers: Record<string, string> = {}): Promise<string> {
  let text = "";
  await expect
    .poll(
      async () => {
        const res = await scraper.get("/api/v1/metrics", { headers });
        await expectStatus(res, 200);
        text = await res.text();
        return text.includes(`model="${model}"`);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return text;
}

test("a read token scrapes the text format; the counters match the telemetry read", async () => {
  const res = await scraper.get("/api/v1/metrics");
  await expectStatus(res, 200);
  expect(res.headers()["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  const text = await scrapeWithModel();
  expect(sample(text, "steward_model_requests_total", { model, version: "1.0" }).map((m) => m.value)).toEqual(["10"]);
  expect(sample(text, "steward_model_errors_total", { model, version: "1.0" }).map((m) => m.value)).toEqual(["2"]);
  const q = new URLSearchParams({
    version: "1.0",
    from: new Date(hourStart).toISOString(),
    to: new Date(hourStart + 3600_000).toISOString(),
    step: "1h",
  });
  const read = await (await scraper.get(`/api/v1/models/${model}/telemetry?${q}`)).json();
  expect(read.series).toEqual([expect.objectContaining({ count: 10, errors: 2 })]);
  // The latency summary's sum and count: 10 + 20 + … + 100 = 550 ms.
  expect(series(text, "steward_model_latency_seconds_sum", { model, version: "1.0" }).map((m) => Number(m.value))).toEqual([0.55]);
  expect(series(text, "steward_model_latency_seconds_count", { model, version: "1.0" }).map((m) => m.value)).toEqual(["10"]);
});

test("Accept: application/openmetrics-text gets OpenMetrics 1.0.0, ending in # EOF", async () => {
  const res = await scraper.get("/api/v1/metrics", {
    headers: { accept: "application/openmetrics-text; version=1.0.0, text/plain; version=0.0.4; q=0.5" },
  });
  await expectStatus(res, 200);
  expect(res.headers()["content-type"]).toBe("application/openmetrics-text; version=1.0.0; charset=utf-8");
  const text = await scrapeWithModel({ accept: "application/openmetrics-text; version=1.0.0" });
  expect(text).toContain("# TYPE steward_model_requests counter\n");
  expect(text).toContain(`steward_model_requests_total{model="${model}",version="1.0"} 10\n`);
  expect(text.endsWith("# EOF\n")).toBe(true);
});

test("the portal's own request histogram names route patterns, and counts the ingest", async () => {
  await expectStatus(await scraper.get(`/api/v1/models/${model}`), 200);
  const text = await (await scraper.get("/api/v1/metrics")).text();
  expect(parse(text).find((f) => f.name === "steward_http_request_duration_seconds")?.type).toBe("HISTOGRAM");
  const counts = series(text, "steward_http_request_duration_seconds_count", {
    method: "GET",
    route: "/api/v1/models/[name]",
    status: "200",
  });
  expect(counts.length).toBe(1);
  expect(Number(counts[0].value)).toBeGreaterThanOrEqual(1);
  expect(text).not.toContain(`route="/api/v1/models/${model}`);
  const ingested = sample(text, "steward_ingested_events_total", { source: "telemetry" });
  expect(Number(ingested[0]?.value)).toBeGreaterThanOrEqual(10);
});
