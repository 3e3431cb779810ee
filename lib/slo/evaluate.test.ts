// Burn-rate alerts driven by generated telemetry through the real ingest and the minute rollups: 2% errors for 70
// minutes against a 99.9% SLO page; 0.5% errors only ticket; recovery resolves; a silence holds notifications; the
// webhooks hear each firing and each resolution once; a second evaluator waits its turn.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows, transact } from "@/db/client";
import { webhooks } from "@/db/schema";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { createSilence, listAlerts } from "./alerts";
import { evaluateAlerts } from "./evaluate";
import { createSlo } from "./slos";

const chen = person("Chen", ["contributor"], 1);
const rafael = person("Rafael", ["reviewer"], 2);
const viewer = person("Victor", ["viewer"], 3);

const T0 = Date.parse("2026-11-20T00:00:00Z");
const minute = (m: number) => new Date(T0 + m * 60_000);

/** `perMinute` events in each minute of [from, to), `errors` of them errors, latencies 40 ms (slow ones 900 ms). */
async function traffic(model: string, version: string, from: number, to: number, perMinute: number, errors: number, slow = 0) {
  const events = [];
  for (let m = from; m < to; m++) {
    for (let i = 0; i < perMinute; i++) {
      events.push({
        model,
        version,
        ts: new Date(T0 + m * 60_000 + i * 100).toISOString(),
        latencyMs: i < slow ? 900 : 40,
        status: i >= perMinute - errors ? "error" : "ok",
      });
    }
  }
  for (let i = 0; i < events.length; i += 10_000) {
    await ingestTelemetry(
      chen,
      { contentType: "application/json", text: JSON.stringify({ events: events.slice(i, i + 10_000) }) },
      { random: () => 0.5 },
    );
  }
}

const firing = async (model: string) => (await listAlerts(viewer, { state: "firing", model, limit: 50 })).items;
const sent = async () =>
  (
    await rows<{ event: string; payload: { model: string; severity: string } }>(
      sql`select event, payload from webhook_deliveries order by id`,
    )
  ).map((d) => `${d.event} ${d.payload.model} ${d.payload.severity}`);

describe("burn-rate alerts (database)", () => {
  useFreshStore();

  it("pages on 2% errors for 70 minutes, tickets on 0.5%, resolves on recovery, and tells the webhooks once each", async () => {
    await transact(async (tx) => {
      await tx
        .insert(webhooks)
        .values({ name: "oncall", url: "http://127.0.0.1:9/unused", secret: "s", events: ["alert.*"], createdBy: "t" });
    });
    for (const name of ["pay-api", "recs-api"]) {
      await createModel(chen, { name, owner: chen.email, riskTier: "high", runbookUrl: `https://runbooks.example.com/${name}` });
      await createVersion(chen, name, { version: "1.0" });
      await createSlo(chen, name, { sli: "availability", objective: 0.999, windowDays: 30 });
    }
    // 2% errors (2 of 100 a minute) on pay-api, 0.5% (1 of 200) on recs-api, for 70 minutes.
    await traffic("pay-api", "1.0", 0, 70, 100, 2);
    await traffic("recs-api", "1.0", 0, 70, 200, 1);

    // 40 minutes in, the 1 h window of pay-api burns at 20 × 40/40 (all traffic so far) = 20: both pairs fire already.
    expect(await evaluateAlerts(minute(70))).toHaveLength(2);
    const [pay] = await firing("pay-api");
    expect(pay).toMatchObject({
      kind: "burn_rate",
      model: "pay-api",
      version: "1.0",
      severity: "page",
      state: "firing",
      silenced: false,
      runbookUrl: "https://runbooks.example.com/pay-api",
    });
    expect(pay.burnRate).toBeCloseTo(20, 6);
    // Budget over 30 days: 140 bad of 7,000 events = 2% against a 0.1% budget: 1 − 20 = −19 (spent 20 times over).
    expect(pay.budgetRemaining).toBeCloseTo(-19, 6);
    const [recs] = await firing("recs-api");
    expect(recs).toMatchObject({ severity: "ticket", state: "firing" });
    expect(recs.burnRate).toBeCloseTo(5, 6);

    // Evaluating again changes nothing and sends nothing more.
    expect(await evaluateAlerts(minute(70.5))).toEqual([]);
    expect(await sent()).toEqual(["alert.fired pay-api page", "alert.fired recs-api ticket"]);

    // Recovery: an hour of clean traffic stops the page rules; 6 h more clean the ticket's short window.
    await traffic("pay-api", "1.0", 70, 70 + 361, 20, 0);
    await traffic("recs-api", "1.0", 70, 70 + 361, 20, 0);
    expect(await evaluateAlerts(minute(140))).toEqual([]); // still burning: the 6 h window remembers (ticket)
    expect((await firing("pay-api"))[0].severity).toBe("page"); // an episode keeps its highest severity
    const resolved = await evaluateAlerts(minute(70 + 361));
    expect(resolved?.map((t) => t.event)).toEqual(["alert.resolved", "alert.resolved"]);
    expect(await firing("pay-api")).toEqual([]);
    const past = (await listAlerts(viewer, { state: "resolved", limit: 50 })).items;
    expect(past.map((a) => [a.model, a.severity, a.resolvedAt])).toEqual([
      ["pay-api", "page", minute(431).toISOString()],
      ["recs-api", "ticket", minute(431).toISOString()],
    ]);
    expect(await sent()).toEqual([
      "alert.fired pay-api page",
      "alert.fired recs-api ticket",
      "alert.resolved pay-api page",
      "alert.resolved recs-api ticket",
    ]);
  });

  it("fires a latency SLO on events slower than its threshold, and a silence holds the notification but not the alert", async () => {
    await createModel(chen, { name: "search-api", owner: chen.email, riskTier: "low" });
    await createVersion(chen, "search-api", { version: "2.0" });
    await createSlo(chen, "search-api", { sli: "latency", objective: 0.99, thresholdMs: 500, windowDays: 30 });
    // 30 of 100 slower than 500 ms: 30% against a 1% budget = 30×.
    await traffic("search-api", "2.0", 1000, 1070, 100, 0, 30);
    const silence = await createSilence(
      rafael,
      { model: "search-api", endsAt: minute(2000).toISOString(), reason: "index rebuild" },
      minute(1000),
    );
    expect(silence).toMatchObject({ model: "search-api", version: null, active: true, reason: "index rebuild" });
    await evaluateAlerts(minute(1070));
    const [a] = await firing("search-api");
    expect(a).toMatchObject({ severity: "page", silenced: false /* listed as of now: the silence ended long ago */ });
    expect(a.burnRate).toBeCloseTo(30, 6);
    expect((await sent()).filter((s) => s.includes("search-api"))).toEqual([]); // held by the silence in force at minute 1070
  });

  it("tickets a failed retraining run and resolves it with the next success", async () => {
    const { reportPipelineRun } = await import("@/lib/operations/pipelines");
    const run = (startedAt: string, status: "succeeded" | "failed", message?: string) =>
      reportPipelineRun(chen, {
        pipeline: "retrain",
        model: "search-api",
        status,
        trigger: "schedule",
        startedAt,
        finishedAt: new Date(Date.parse(startedAt) + 600_000).toISOString(),
        message,
      });
    await run("2026-11-21T02:00:00Z", "failed", "OOMKilled");
    await evaluateAlerts(new Date("2026-11-21T03:00:00Z"));
    const open = (await listAlerts(viewer, { state: "firing", model: "search-api", limit: 50 })).items.filter((a) => a.kind === "pipeline");
    expect(open.map((a) => [a.severity, a.title])).toEqual([
      ["ticket", "search-api: pipeline retrain failed at 2026-11-21T02:10:00.000Z: OOMKilled"],
    ]);
    await run("2026-11-22T02:00:00Z", "succeeded");
    await evaluateAlerts(new Date("2026-11-22T03:00:00Z"));
    expect(
      (await listAlerts(viewer, { state: "firing", model: "search-api", limit: 50 })).items.filter((a) => a.kind === "pipeline"),
    ).toEqual([]);
  });

  it("lets one evaluator run at a time", async () => {
    const [a, b] = await Promise.all([evaluateAlerts(minute(1071)), evaluateAlerts(minute(1071))]);
    // On PGlite (one connection) the two run one after the other; on a server one may find the lock taken (null).
    expect([a, b].filter((x) => x !== null).length).toBeGreaterThanOrEqual(1);
  });
});
