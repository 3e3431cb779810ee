// API.md "POST /api/v1/kpis" and "GET /api/v1/kpis" over real HTTP: KPIs defined by admins (audited), a batch refused
// whole naming each bad point by path (an undefined KPI too), nothing stored on refusal, Idempotency-Key retries
// stored once, and points folded by step on the way out.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { adminApi, apiAs, detailPaths, disposeAll, expectError, expectStatus, unique } from "./support";

let admin: APIRequestContext;
let reporter: APIRequestContext;
let viewer: APIRequestContext;
let model: string;
let kpi: string;
// Two whole days that have passed, so no point is in the future.
const day0 = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 3 * 86_400_000;
const at = (hours: number) => new Date(day0 + hours * 3_600_000).toISOString();

async function series(q: Record<string, string>) {
  const res = await viewer.get(`/api/v1/kpis?${new URLSearchParams({ kpi, model, ...q })}`);
  await expectStatus(res, 200);
  return res.json();
}

test.beforeAll(async () => {
  admin = await adminApi();
  reporter = await apiAs(E2E.users.contributor);
  viewer = await apiAs(E2E.users.viewer);
  model = unique("e2e-kpis");
  kpi = unique("orders").replace(/-/g, "_");
  await expectStatus(await reporter.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "low" } }), 201);
  await expectStatus(await reporter.post(`/api/v1/models/${model}/versions`, { data: { version: "1.0" } }), 201);
  await expectStatus(await reporter.post(`/api/v1/models/${model}/versions`, { data: { version: "2.0" } }), 201);
  const created = await admin.post("/api/v1/kpi-definitions", {
    data: { name: kpi, title: "Orders", unit: "count", higherIsBetter: true, aggregation: "sum", owner: "Priya@Example.com" },
  });
  await expectStatus(created, 201);
  expect(await created.json()).toMatchObject({
    name: kpi,
    title: "Orders",
    unit: "count",
    higherIsBetter: true,
    aggregation: "sum",
    owner: "priya@example.com",
    description: null,
  });
});
test.afterAll(() => disposeAll(admin, reporter, viewer));

test("admins define a KPI (beforeAll); its definition is listed and can be edited, the name staying", async () => {
  await expectError(
    await admin.post("/api/v1/kpi-definitions", {
      data: { name: kpi, title: "Again", unit: "count", higherIsBetter: true, aggregation: "sum", owner: "a@example.com" },
    }),
    409,
    "kpi_exists",
  );
  expect(
    await detailPaths(
      await admin.post("/api/v1/kpi-definitions", {
        data: { name: "Bad Name", title: "", unit: "u", higherIsBetter: "yes", aggregation: "median", owner: "nobody" },
      }),
    ),
  ).toEqual(["name", "title", "higherIsBetter", "aggregation", "owner"]);
  const edited = await admin.patch(`/api/v1/kpi-definitions/${kpi}`, { data: { description: "Orders placed from recommendations." } });
  await expectStatus(edited, 200);
  expect((await edited.json()).description).toBe("Orders placed from recommendations.");
  const list = await (await viewer.get("/api/v1/kpi-definitions")).json();
  expect(list.nextCursor).toBeNull();
  expect(list.items.find((k: { name: string }) => k.name === kpi)).toMatchObject({
    title: "Orders",
    description: "Orders placed from recommendations.",
  });
});

test("a batch with any bad point is refused whole, naming points[i].field, and stores nothing", async () => {
  const ok = { ts: at(1), model, version: "1.0", kpi, value: 3 };
  const bad = await reporter.post("/api/v1/kpis", {
    data: {
      points: [
        ok,
        { ...ok, value: "3" },
        { ...ok, ts: "soon" },
        { ...ok, kpi: "not_defined_here" },
        { ...ok, model: "no-such-model" },
        { ...ok, version: "9.9" },
        { ...ok, color: "red" },
      ],
    },
  });
  const e = await expectError(bad, 400, "invalid_request");
  // The shape is checked first; the names only once every point is well-formed.
  expect(e.details.map((d) => d.path)).toEqual(["points[1].value", "points[2].ts", "points[6].color"]);
  const unknown = await reporter.post("/api/v1/kpis", {
    data: { points: [ok, { ...ok, kpi: "not_defined_here" }, { ...ok, model: "no-such-model" }, { ...ok, version: "9.9" }] },
  });
  const u = await expectError(unknown, 400, "invalid_request");
  expect(u.details).toEqual([
    { path: "points[1].kpi", message: "is not a defined KPI (not_defined_here): admins define KPIs under /admin/kpis" },
    { path: "points[2].model", message: "is not a registered model (no-such-model)" },
    { path: "points[3].version", message: `is not a registered version of ${model} (9.9)` },
  ]);
  expect(await detailPaths(await reporter.post("/api/v1/kpis", { data: { points: [] } }))).toEqual(["points"]);
  await expectError(await viewer.post("/api/v1/kpis", { data: { points: [ok] } }), 403, "forbidden");
  expect((await series({ from: at(0), to: at(48), step: "1d" })).series).toEqual([]);
});

test("points are stored (202), a retry with the same Idempotency-Key once, and read back per version and step", async () => {
  const points = [
    { ts: at(1), model, version: "1.0", kpi, value: 10 },
    { ts: at(5), model, version: "1.0", kpi, value: 20 },
    { ts: at(5), model, version: "2.0", kpi, value: 7 },
    { ts: at(26), model, version: "1.0", kpi, value: 40 },
    { ts: at(27), model, kpi, value: 2 },
  ];
  const key = unique("kpi-idem");
  const first = await reporter.post("/api/v1/kpis", { data: { points }, headers: { "idempotency-key": key } });
  await expectStatus(first, 202);
  expect(await first.json()).toEqual({ accepted: 5 });
  const retry = await reporter.post("/api/v1/kpis", { data: { points }, headers: { "idempotency-key": key } });
  await expectStatus(retry, 202);
  expect(retry.headers()["idempotent-replayed"]).toBe("true");

  // By day: 1.0 sums 10 + 20 on day 0 and 40 on day 1; 2.0 7 on day 0; the model-level point 2 on day 1.
  const daily = await series({ from: at(0), to: at(48), step: "1d" });
  expect([daily.step, daily.from, daily.to, daily.kpi.name, daily.kpi.aggregation]).toEqual(["1d", at(0), at(48), kpi, "sum"]);
  expect(
    daily.series.map((s: { t: string; version: string | null; value: number; count: number; mean: number }) => [
      s.t,
      s.version,
      s.value,
      s.count,
      s.mean,
    ]),
  ).toEqual([
    [at(24), null, 2, 1, 2],
    [at(0), "1.0", 30, 2, 15],
    [at(24), "1.0", 40, 1, 40],
    [at(0), "2.0", 7, 1, 7],
  ]);
  // By hour: each point its own step.
  const hourly = await series({ from: at(0), to: at(6), step: "1h" });
  expect(hourly.series.map((s: { t: string; version: string; value: number }) => [s.t, s.version, s.value])).toEqual([
    [at(1), "1.0", 10],
    [at(5), "1.0", 20],
    [at(5), "2.0", 7],
  ]);
  // A correction replaces the value; the sum follows.
  await expectStatus(
    await reporter.post("/api/v1/kpis", { data: { points: [{ ts: at(5), model, version: "1.0", kpi, value: 25 }] } }),
    202,
  );
  expect((await series({ from: at(0), to: at(24), step: "1d" })).series.find((s: { version: string }) => s.version === "1.0").value).toBe(
    35,
  );
  // Unknown KPI or model: 404; a window of too many steps: 400 naming step.
  await expectError(await viewer.get(`/api/v1/kpis?kpi=not_defined_here`), 404, "not_found");
  await expectError(await viewer.get(`/api/v1/kpis?kpi=${kpi}&model=no-such-model`), 404, "not_found");
  expect(await detailPaths(await viewer.get(`/api/v1/kpis?kpi=${kpi}&from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&step=1h`))).toEqual([
    "step",
  ]);
  expect(await detailPaths(await viewer.get(`/api/v1/kpis?model=${model}`))).toEqual(["kpi"]);
});

test("the executive dashboard reads the demo's rollouts, with the rollback marked as a regression", async () => {
  const res = await viewer.get("/api/v1/dashboards/executive?period=90d");
  await expectStatus(res, 200);
  const v = await res.json();
  const back = v.rollouts.find((r: { model: string; version: string }) => r.model === "product-recs" && r.version === "7.3.0");
  expect([back.status, back.baseline, back.regression]).toEqual(["rolled_back", "7.2.0", true]);
  expect(back.metrics.find((m: { key: string }) => m.key === "ctr").regression).toBe(true);
  const raised = v.rollouts.find((r: { model: string; version: string }) => r.model === "dynamic-pricing" && r.version === "2024.11");
  expect([raised.status, raised.baseline, raised.regression]).toEqual(["completed", "2024.10", false]);
  expect(v.compliance.recentEvents).toBeNull();
  await expectError(await viewer.get("/api/v1/dashboards/executive?period=2y"), 400, "invalid_request");
});
