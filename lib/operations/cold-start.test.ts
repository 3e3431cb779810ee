// Cold starts (F7) driven by generated telemetry through the real ingest and the minute rollups: a first ten minutes at
// 5% errors against 0.5% in steady state raises the cold_start ticket; 1.2% against 0.5% (2.4×) and 0.9% against 0.1%
// (9×, but under 1%) do not; the ticket resolves when the rollout's next step is reported, or a day after its step.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { rolloutsInWindow } from "@/lib/dashboards/executive-rollouts";
import { onCallView } from "@/lib/dashboards/on-call";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { listAlerts } from "@/lib/slo/alerts";
import { evaluateAlerts } from "@/lib/slo/evaluate";
import { compactTelemetry } from "@/lib/telemetry/compact";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { useFreshStore } from "@/tests/store";
import { judgeStartup, startupWindows } from "./cold-start";
import { deploymentsBetween, reportDeployment } from "./deployments";

const chen: Actor = { type: "user", userId: 1, email: "chen@example.com", name: "Chen", roles: ["contributor"] };
const viewer: Actor = { type: "user", userId: 3, email: "victor@example.com", name: "Victor", roles: ["viewer"] };

const T0 = Date.parse("2026-11-20T00:00:00Z");
const minute = (m: number) => new Date(T0 + m * 60_000);

/**
 * `perMinute` events in each minute of [from, to), `errors` of them in all errors (spread evenly), and `slow` of them
 * in all at 900 ms (the rest 40 ms).
 */
async function traffic(model: string, version: string, from: number, to: number, perMinute: number, errors: number, slow = 0) {
  const n = (to - from) * perMinute;
  const every = (k: number, total: number) => Math.floor(((k + 1) * total) / n) !== Math.floor((k * total) / n);
  const events = [];
  for (let k = 0; k < n; k++) {
    const m = from + Math.floor(k / perMinute);
    events.push({
      model,
      version,
      ts: new Date(T0 + m * 60_000 + (k % perMinute) * 100).toISOString(),
      latencyMs: every(k, slow) ? 900 : 40,
      status: every(k, errors) ? "error" : "ok",
    });
  }
  for (let i = 0; i < events.length; i += 10_000)
    await ingestTelemetry(
      chen,
      { contentType: "application/json", text: JSON.stringify({ events: events.slice(i, i + 10_000) }) },
      { random: () => 0.5 },
    );
}

async function model(name: string) {
  await createModel(chen, { name, owner: chen.email, riskTier: "high" });
  await createVersion(chen, name, { version: "1.0" });
  await createVersion(chen, name, { version: "2.0" });
  // 1.0 went to production a day before; 2.0 starts a canary at 10% half a minute into minute 60.
  await reportDeployment(
    chen,
    {
      model: name,
      version: "1.0",
      environment: "production",
      strategy: "full",
      trafficPercent: 100,
      status: "completed",
      ts: minute(-1440).toISOString(),
    },
    minute(-1440),
  );
  const step = await reportDeployment(
    chen,
    {
      model: name,
      version: "2.0",
      environment: "production",
      strategy: "canary",
      trafficPercent: 10,
      status: "started",
      ts: new Date(T0 + 60 * 60_000 + 30_000).toISOString(),
    },
    minute(61),
  );
  return step.id;
}

const firing = async (name: string) => (await listAlerts(viewer, { state: "firing", model: name, limit: 50 })).items;

describe("start-up windows and the rule (pure)", () => {
  it("takes the step's minute and the nine after it, then minutes 10 to 70, cut at the next step; the hour before for the replaced version", () => {
    const ts = T0 + 60 * 60_000 + 30_000;
    expect(startupWindows(ts, null, true)).toEqual({
      cold: { from: T0 + 60 * 60_000, to: T0 + 70 * 60_000 },
      steady: { from: T0 + 70 * 60_000, to: T0 + 130 * 60_000 },
      replaced: { from: T0, to: T0 + 60 * 60_000 },
    });
    // The next step at 95:10 cuts the steady state at minute 95; one within ten minutes leaves none.
    expect(startupWindows(ts, T0 + 95 * 60_000 + 10_000, false).steady).toEqual({ from: T0 + 70 * 60_000, to: T0 + 95 * 60_000 });
    expect(startupWindows(ts, T0 + 65 * 60_000, false).steady).toBeNull();
  });

  it("fires over 3× the steady rate and at least 1%, once both windows hold 100 requests", () => {
    const f = (requests: number, errors: number) => ({ requests, errors, errorRate: errors / requests, p99: 40 });
    expect(judgeStartup("started", f(2000, 100), f(12000, 60))).toEqual({ judged: true, coldStart: true, ratio: 10 });
    expect(judgeStartup("started", f(2000, 24), f(12000, 60)).coldStart).toBe(false); // 1.2% vs 0.5%: 2.4×
    expect(judgeStartup("started", f(2000, 18), f(12000, 12)).coldStart).toBe(false); // 0.9% vs 0.1%: 9×, under 1%
    expect(judgeStartup("started", f(2000, 100), f(99, 0))).toMatchObject({ judged: false, coldStart: false }); // 99 steady requests
    expect(judgeStartup("started", f(99, 50), f(12000, 60))).toMatchObject({ judged: false, coldStart: false });
    expect(judgeStartup("rolled_back", f(2000, 100), f(12000, 60))).toMatchObject({ judged: false, coldStart: false });
    // 1% exactly against no errors at all: at least 1%, and over 3 × 0.
    expect(judgeStartup("progressing", f(1000, 10), f(1000, 0))).toEqual({ judged: true, coldStart: true, ratio: null });
  });
});

describe("cold-start tickets (database)", () => {
  useFreshStore();

  it("raises a ticket on a first ten minutes at 5% errors against 0.5% steady, with its figures, and resolves it on the next step", async () => {
    const id = await model("pay-api");
    // 1.0 before the step: 100 a minute for an hour, 12 errors of 6,000 (0.2%).
    await traffic("pay-api", "1.0", 0, 60, 100, 12);
    // 2.0's first ten minutes: 200 a minute, 100 errors of 2,000 (5%), 40 of them at 900 ms (2%: p99 900 ms).
    await traffic("pay-api", "2.0", 60, 70, 200, 100, 40);
    // These go into the rollups; the steady state below stays pending, so the figures read both halves.
    while (((await compactTelemetry()) ?? 0) > 0);
    expect(await rows(sql`select 1 from telemetry_pending`)).toEqual([]);

    // Minute 70: the cold window is whole but there is no steady state yet: nothing is judged.
    expect(await evaluateAlerts(minute(70))).toEqual([]);

    // Steady state, minutes 70 to 130: 200 a minute, 60 errors of 12,000 (0.5%), all at 40 ms.
    await traffic("pay-api", "2.0", 70, 130, 200, 60);
    // Minute 71: one steady minute (200 requests, 1 error: 0.5%) is enough to judge 5% against it: 10×.
    const fired = await evaluateAlerts(minute(71));
    expect(fired?.map((t) => [t.event, t.key])).toEqual([["alert.fired", `cold_start:${id}`]]);
    const [a] = await firing("pay-api");
    expect(a).toMatchObject({ kind: "cold_start", severity: "ticket", state: "firing", model: "pay-api", version: "2.0" });
    expect(a.title).toContain("start-up error rate 5%");

    // An hour later the steady window is whole: 12,000 requests, 60 errors; the ticket stays one, its figures refreshed.
    expect(await evaluateAlerts(minute(131))).toEqual([]);
    const [b] = await firing("pay-api");
    expect(b.id).toBe(a.id);
    const d = b.details as Record<string, any>;
    expect(d.deploymentId).toBe(id);
    expect(d.cold).toMatchObject({
      from: minute(60).toISOString(),
      to: minute(70).toISOString(),
      requests: 2000,
      errors: 100,
      errorRate: 0.05,
    });
    expect(d.steady).toMatchObject({
      from: minute(70).toISOString(),
      to: minute(130).toISOString(),
      requests: 12000,
      errors: 60,
      errorRate: 0.005,
    });
    expect(d.replacedVersion).toBe("1.0");
    expect(d.replaced).toMatchObject({
      from: minute(0).toISOString(),
      to: minute(60).toISOString(),
      requests: 6000,
      errors: 12,
      errorRate: 0.002,
    });
    expect(d.ratio).toBeCloseTo(10, 9);
    // p99 within the sketch's 1%: 900 ms at start-up (2% of requests slow), 40 ms warm and before.
    expect(Math.abs(d.cold.p99 - 900) / 900).toBeLessThan(0.01);
    expect(Math.abs(d.steady.p99 - 40) / 40).toBeLessThan(0.01);
    expect(Math.abs(d.replaced.p99 - 40) / 40).toBeLessThan(0.01);
    expect(d.rule).toEqual({ ratio: 3, minErrorRate: 0.01, minRequests: 100 });

    // The API list carries the same figures on the step, and none changes the existing fields.
    const list = await deploymentsBetween(viewer, "pay-api", undefined, undefined, 500);
    const step = list.find((x) => x.id === id);
    expect(step).toMatchObject({
      version: "2.0",
      status: "started",
      trafficPercent: 10,
      startup: { coldStart: true, judged: true, replacedVersion: "1.0" },
    });
    expect(step?.startup?.cold).toMatchObject({ requests: 2000, errors: 100, errorRate: 0.05 });
    expect(step?.startup?.steady).toMatchObject({ requests: 12000, errors: 60, errorRate: 0.005 });

    // The on-call charts shade the step's start-up window with these figures; the executive canary table shows them.
    const oc = await onCallView(viewer, { range: "6h", model: "pay-api" }, minute(131));
    const v2 = oc.versions.find((v) => v.version === "2.0");
    expect(v2?.deployments.map((x) => [x.t, x.startup?.cold.from, x.startup?.cold.errorRate, x.startup?.steady?.errorRate])).toEqual([
      [T0 + 60 * 60_000 + 30_000, minute(60).toISOString(), 0.05, 0.005],
    ]);
    const [{ id: modelId }] = await rows<{ id: number }>(sql`select id from models where name = 'pay-api'`);
    const [rollout] = await rolloutsInWindow([modelId], T0, T0 + 131 * 60_000, T0 + 131 * 60_000, []);
    expect(rollout).toMatchObject({
      version: "2.0",
      baseline: "1.0",
      startup: { coldStart: true, cold: { requests: 2000, errorRate: 0.05 } },
    });

    // The rollout moves on: 2.0 completed at minute 140 resolves the ticket (its own start-up, with no traffic, is not judged).
    await reportDeployment(
      chen,
      {
        model: "pay-api",
        version: "2.0",
        environment: "production",
        strategy: "canary",
        trafficPercent: 100,
        status: "completed",
        ts: minute(140).toISOString(),
      },
      minute(140),
    );
    const resolved = await evaluateAlerts(minute(140.5));
    expect(resolved?.map((t) => [t.event, t.key])).toEqual([["alert.resolved", `cold_start:${id}`]]);
    expect(await firing("pay-api")).toEqual([]);
    // … and never fires again for that step.
    expect(await evaluateAlerts(minute(141))).toEqual([]);
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from alerts where key = ${`cold_start:${id}`}`);
    expect(n).toBe(1);
  });

  it("raises nothing at 1.2% against 0.5% (2.4×) nor at 0.9% against 0.1% (9×, under 1%)", async () => {
    await model("recs-api");
    await traffic("recs-api", "2.0", 60, 70, 200, 24); // 24 of 2,000: 1.2%
    await traffic("recs-api", "2.0", 70, 130, 200, 60); // 60 of 12,000: 0.5%
    await model("ads-api");
    await traffic("ads-api", "2.0", 60, 70, 200, 18); // 18 of 2,000: 0.9%
    await traffic("ads-api", "2.0", 70, 130, 200, 12); // 12 of 12,000: 0.1%
    expect(await evaluateAlerts(minute(71))).toEqual([]);
    expect(await evaluateAlerts(minute(131))).toEqual([]);
    expect(await firing("recs-api")).toEqual([]);
    expect(await firing("ads-api")).toEqual([]);
    const recs = (await deploymentsBetween(viewer, "recs-api")).find((x) => x.version === "2.0")?.startup;
    expect(recs).toMatchObject({ judged: true, coldStart: false });
    expect(recs?.ratio).toBeCloseTo(2.4, 9);
    const ads = (await deploymentsBetween(viewer, "ads-api")).find((x) => x.version === "2.0")?.startup;
    expect(ads).toMatchObject({ judged: true, coldStart: false });
    expect(ads?.ratio).toBeCloseTo(9, 9);
    // 1.0 had no traffic in the hour before: the replaced window is there, empty.
    expect(ads?.replaced).toMatchObject({ requests: 0, errors: 0, errorRate: null, p99: null });
  });

  it("resolves a ticket 24 hours after its step when no later step comes", async () => {
    const id = await model("chat-api");
    await traffic("chat-api", "2.0", 60, 70, 20, 20); // 20 of 200: 10%
    await traffic("chat-api", "2.0", 70, 80, 20, 1); // 1 of 200: 0.5%
    expect((await evaluateAlerts(minute(80)))?.map((t) => [t.event, t.key])).toEqual([["alert.fired", `cold_start:${id}`]]);
    // The step was at 60:30: still open at 24 h less a minute, resolved at 24 h.
    expect(await evaluateAlerts(new Date(T0 + (60 + 1440) * 60_000))).toEqual([]);
    expect((await evaluateAlerts(new Date(T0 + (60 + 1440) * 60_000 + 30_000)))?.map((t) => [t.event, t.key])).toEqual([
      ["alert.resolved", `cold_start:${id}`],
    ]);
    expect(await evaluateAlerts(new Date(T0 + (61 + 1440) * 60_000))).toEqual([]);
  });
});
