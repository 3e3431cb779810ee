// API.md "Drift, SLOs, alerts" over real HTTP: a reference profile registered, telemetry whose feature shifts in the
// second hour judged stable then drifted, two samples compared on demand, labels a day late turning into accuracy,
// and bad input refused naming the field with nothing stored.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, detailPaths, disposeAll, expectStatus, unique } from "./support";

let pipeline: APIRequestContext;
let viewer: APIRequestContext;
let model: string;
const HOUR = 3600_000;
// Two whole hours that have passed: the first like the reference, the second shifted.
const h0 = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const amounts = Array.from({ length: 50 }, (_, i) => i);

test.beforeAll(async () => {
  pipeline = await apiAs(E2E.users.contributor);
  viewer = await apiAs(E2E.users.viewer);
  model = unique("e2e-drift");
  await expectStatus(await pipeline.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "low" } }), 201);
  await expectStatus(await pipeline.post(`/api/v1/models/${model}/versions`, { data: { version: "1.0" } }), 201);
});
test.afterAll(() => disposeAll(pipeline, viewer));

test("a reference is registered; a bad one is refused naming the field", async () => {
  const path = `/api/v1/models/${model}/versions/1.0/reference`;
  const bad = await pipeline.put(path, { data: { features: { amount: { type: "numeric", values: [] } } } });
  expect(await detailPaths(bad)).toEqual(["features.amount.values"]);
  await expectStatus(await viewer.get(path), 404);
  await expectStatus(await viewer.put(path, { data: { features: { amount: { type: "numeric", values: amounts } } } }), 403);
  const ok = await pipeline.put(path, { data: { features: { amount: { type: "numeric", values: amounts } } } });
  await expectStatus(ok, 200);
  // range (outliers): np.quantile(range(50), [0.005, 0.995]) = [0.245, 48.755]
  expect((await ok.json()).features).toEqual([
    { name: "amount", type: "numeric", rows: 50, distinct: 50, method: "ks", range: [expect.closeTo(0.245, 9), expect.closeTo(48.755, 9)] },
  ]);
  expect((await (await viewer.get(path)).json()).features[0].method).toBe("ks");
});

test("telemetry features are judged per hour against the reference", async () => {
  // hour 0: 0…49 once each (the reference itself); hour 1: 25…74
  const events = [0, 1].flatMap((h) =>
    amounts.map((a, i) => ({
      model,
      version: "1.0",
      ts: new Date(h0 + h * HOUR + i * 60_000).toISOString(),
      latencyMs: 10,
      status: "ok",
      features: { amount: a + h * 25 },
    })),
  );
  await expectStatus(await pipeline.post("/api/v1/telemetry", { data: { events } }), 202);
  const q = new URLSearchParams({
    version: "1.0",
    from: new Date(h0).toISOString(),
    to: new Date(h0 + 2 * HOUR).toISOString(),
    step: "1h",
  });
  const res = await viewer.get(`/api/v1/models/${model}/drift?${q}`);
  await expectStatus(res, 200);
  const body = await res.json();
  expect(body.windows.map((w: { n: number; result: { drifted: boolean } }) => [w.n, w.result.drifted])).toEqual([
    [50, false],
    [50, true],
  ]);
  // hour 1: 25…74 against 0…49: D = 0.5 (at 24: F_ref 0.5, F_cur 0). scipy.stats.ks_2samp(range(50), range(25, 75))
  // → statistic 0.5, pvalue 4.8075337049514946e-06 (exact; the API rounds to 6 significant digits)
  expect(body.windows[1].result.ks.statistic).toBe(0.5);
  expect(body.windows[1].result.ks.pValue).toBeCloseTo(4.80753e-6, 10);
  expect(body.missingRate.map((m: { events: number; missingAny: number }) => [m.events, m.missingAny])).toEqual([
    [50, 0],
    [50, 0],
  ]);
  const wrong = await viewer.get(`/api/v1/models/${model}/drift?step=5m`);
  expect(await detailPaths(wrong)).toEqual(["step"]);
});

test("two samples compared on demand", async () => {
  const res = await viewer.post(`/api/v1/models/${model}/versions/1.0/drift`, {
    data: { feature: "channel", type: "categorical", reference: { web: 50, app: 50 }, current: { web: 80, app: 20 } },
  });
  await expectStatus(res, 200);
  const r = await res.json();
  // two categories → the two-proportion z-test: pooled 0.65, |z| = 0.3 / sqrt(0.65 · 0.35 · 2/100) = 4.4475
  expect(r.method).toBe("z");
  expect(Math.abs(r.z.statistic)).toBeCloseTo(0.3 / Math.sqrt(0.65 * 0.35 * 0.02), 3);
  expect(r.drifted).toBe(true);
  const bad = await viewer.post(`/api/v1/models/${model}/versions/1.0/drift`, {
    data: { feature: "x", type: "numeric", reference: ["a"], current: [1] },
  });
  expect(await detailPaths(bad)).toContain("reference");
});

test("labels posted later become accuracy; a bad batch stores nothing", async () => {
  const day = h0 - 24 * HOUR;
  const traces = Array.from({ length: 4 }, () => unique("trace"));
  const events = traces.map((traceId, i) => ({
    model,
    version: "1.0",
    ts: new Date(day + i * 60_000).toISOString(),
    latencyMs: 10,
    status: "ok",
    traceId,
    prediction: i < 2 ? "fraud" : "ok",
  }));
  await expectStatus(await pipeline.post("/api/v1/telemetry", { data: { events } }), 202);
  const bad = await pipeline.post("/api/v1/labels", { data: { labels: [{ traceId: traces[0], label: "fraud" }, { traceId: traces[1] }] } });
  expect(await detailPaths(bad)).toEqual(["labels[1].label"]);
  const res = await pipeline.post("/api/v1/labels", {
    data: {
      labels: [
        { traceId: traces[0], label: "fraud" },
        { traceId: traces[1], label: "ok" },
        { traceId: traces[2], label: "ok" },
      ],
    },
  });
  await expectStatus(res, 202);
  expect(await res.json()).toEqual({ accepted: 3, matched: 3, unmatched: 0 });
  const q = new URLSearchParams({ version: "1.0", from: new Date(day).toISOString(), to: new Date(day + HOUR).toISOString(), step: "1h" });
  const quality = await (await viewer.get(`/api/v1/models/${model}/quality?${q}`)).json();
  // predictions fraud, fraud, ok, ok; labels fraud, ok, ok, (none): 2 of 3 right; 3 of 4 labelled
  expect(quality.series).toEqual([expect.objectContaining({ predictions: 4, labelled: 3, labelledShare: 0.75 })]);
  expect(quality.series[0].accuracy).toBeCloseTo(2 / 3, 5);
});
