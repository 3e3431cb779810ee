// The on-call view (onCallView) on a real store, telemetry through the real ingest, read before and after compaction.
// Expected figures are worked by hand in the comments: totals, error rates, the availability SLO's budget left (METRICS.md:
// 1 − (bad ÷ total) ÷ (1 − objective)), the versions shown and their order, the deployments in the window, the model
// filter, and who may read it.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { reportDeployment } from "@/lib/operations/deployments";
import { createSlo } from "@/lib/slo/slos";
import { compactTelemetry } from "@/lib/telemetry/compact";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { person, refused } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { onCallView } from "./on-call";

const chen = person("Chen", ["contributor"], 1);
const viewer = person("Victor", ["viewer"], 2);
const nobody = person("Nobody", [], 9);

const HOUR = 3_600_000;
/** "Now" for every read: a whole quarter hour, so the 24h range is exactly [NOW − 24 h, NOW). */
const NOW = new Date("2026-12-01T12:00:00Z");
const FROM = NOW.getTime() - 24 * HOUR;

/** `n` events of model/version from `start`, `every` ms apart, the k-th an error when `isError(k)`; all at 40 ms. */
async function traffic(model: string, version: string, n: number, start: number, every: number, isError: (k: number) => boolean) {
  const events = Array.from({ length: n }, (_, k) => ({
    model,
    version,
    ts: new Date(start + k * every).toISOString(),
    latencyMs: 40,
    status: isError(k) ? "error" : "ok",
  }));
  for (let i = 0; i < events.length; i += 10_000)
    await ingestTelemetry(
      chen,
      { contentType: "application/json", text: JSON.stringify({ events: events.slice(i, i + 10_000) }) },
      { random: () => 0.5 },
    );
}

const setStage = (model: string, version: string, stage: "production" | "staging") =>
  rows(
    sql`update model_versions set stage = ${stage}, stage_changed_at = now()
      where version = ${version} and model_id = (select id from models where name = ${model})`,
  );

describe("the on-call view", () => {
  useFreshStore();
  let sloId: string;

  beforeAll(async () => {
    // pay: 1.0 in production, 2.0 in staging on a canary; alpha: 1.0 in staging serving a little; quiet: 1.0 in
    // production, serving nothing in the last 24 hours (its traffic was three days ago).
    for (const [name, versions] of [
      ["pay", ["1.0", "2.0"]],
      ["alpha", ["1.0"]],
      ["quiet", ["1.0"]],
    ] as const) {
      await createModel(chen, { name, owner: chen.email, riskTier: "high" });
      for (const version of versions) await createVersion(chen, name, { version });
    }
    await setStage("pay", "1.0", "production");
    await setStage("pay", "2.0", "staging");
    await setStage("alpha", "1.0", "staging");
    await setStage("quiet", "1.0", "production");
    sloId = (await createSlo(chen, "pay", { sli: "availability", objective: 0.999, windowDays: 30, name: "available" })).id;

    // pay 1.0: 10,000 events over the 24 hours (one every 8.64 s), every 500th an error: 20 errors.
    await traffic("pay", "1.0", 10_000, FROM, 8_640, (k) => k % 500 === 0);
    // pay 1.0, 40 days ago: 300 errors, outside both the range and the SLO's 30 days.
    await traffic("pay", "1.0", 300, NOW.getTime() - 40 * 24 * HOUR, 1_000, () => true);
    // pay 2.0: 1,000 events from 12 hours ago, one a second, every 200th an error: 5 errors.
    await traffic("pay", "2.0", 1_000, NOW.getTime() - 12 * HOUR, 1_000, (k) => k % 200 === 0);
    // alpha 1.0: 100 events, no errors, in the last hour.
    await traffic("alpha", "1.0", 100, NOW.getTime() - HOUR, 30_000, () => false);
    // quiet 1.0: 50 events three days ago.
    await traffic("quiet", "1.0", 50, NOW.getTime() - 72 * HOUR, 60_000, () => false);

    const deploy = (version: string, strategy: "full" | "canary", trafficPercent: number, status: "completed" | "started", at: number) =>
      reportDeployment(
        chen,
        { model: "pay", version, environment: "production", strategy, trafficPercent, status, ts: new Date(at).toISOString() },
        NOW,
      );
    // In the window: 2.0's canary at 10 % twelve hours ago, then 25 % six hours ago. Outside: 1.0's full rollout 3 days ago.
    await deploy("1.0", "full", 100, "completed", NOW.getTime() - 72 * HOUR);
    await deploy("2.0", "canary", 10, "started", NOW.getTime() - 12 * HOUR);
    await deploy("2.0", "canary", 25, "started", NOW.getTime() - 6 * HOUR);
  });

  for (const phase of ["pending", "compacted"] as const) {
    describe(`with the telemetry ${phase}`, () => {
      beforeAll(async () => {
        if (phase === "compacted") while (((await compactTelemetry()) ?? 0) > 0);
        const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from telemetry_pending`);
        if (phase === "compacted") expect(n).toBe(0);
        else expect(n).toBeGreaterThan(0);
      });

      it("shows the window and the versions: production first, then the others by model; a quiet production version apart", async () => {
        const v = await onCallView(viewer, { range: "24h" }, NOW);
        expect(v.from).toBe("2026-11-30T12:00:00.000Z");
        expect(v.to).toBe("2026-12-01T12:00:00.000Z");
        expect(v.step).toBe("15m");
        expect(v.model).toBeNull();
        // pay 1.0 (production) ranks before alpha 1.0 and pay 2.0 (staging), though alpha sorts first by name.
        expect(v.versions.map((x) => `${x.model} ${x.version} ${x.stage}`)).toEqual([
          "pay 1.0 production",
          "alpha 1.0 staging",
          "pay 2.0 staging",
        ]);
        expect(v.quiet).toEqual([{ model: "quiet", version: "1.0" }]);
        // The models to choose from, each with its production and staging versions, newest first.
        expect(v.models).toEqual([
          { name: "alpha", versions: ["1.0"] },
          { name: "pay", versions: ["2.0", "1.0"] },
          { name: "quiet", versions: ["1.0"] },
        ]);
        expect(v.sloCount).toBe(1);
        expect(v.firing).toEqual([]);
        expect(v.canSilence).toBe(false);
      });

      it("counts each version's events and errors in the range: 10,000 and 20 (0.2 %), 1,000 and 5 (0.5 %), 100 and 0", async () => {
        const v = await onCallView(viewer, { range: "24h" }, NOW);
        const of = (model: string, version: string) => v.versions.find((x) => x.model === model && x.version === version);
        expect(of("pay", "1.0")?.totals).toMatchObject({ count: 10_000, errors: 20, errorRate: 0.002 });
        expect(of("pay", "2.0")?.totals).toMatchObject({ count: 1_000, errors: 5, errorRate: 0.005 });
        expect(of("alpha", "1.0")?.totals).toMatchObject({ count: 100, errors: 0, errorRate: 0 });
        // Every event took 40 ms: each percentile within the sketches' 1 %.
        for (const q of ["p50", "p95", "p99"] as const) expect(Math.abs((of("pay", "1.0")?.totals[q] ?? 0) - 40)).toBeLessThanOrEqual(0.4);
        // The chart's points add up to the totals: 96 quarter hours, 10,000 events.
        const points = of("pay", "1.0")?.points ?? [];
        expect(points.reduce((s, p) => s + p.count, 0)).toBe(10_000);
        expect(points.reduce((s, p) => s + p.errors, 0)).toBe(20);
      });

      it("gives the availability SLO's budget left over its 30 days, per version", async () => {
        const v = await onCallView(viewer, { range: "24h" }, NOW);
        const slo = (version: string) => v.versions.find((x) => x.model === "pay" && x.version === version)?.slos;
        // 1.0: budget 1 − 0.999 = 0.001 of 10,000 events = 10 allowed; 20 used → 1 − 20/10 = −1.0. The 300 errors of
        // 40 days ago are outside the 30 days.
        const one = slo("1.0") ?? [];
        expect(one).toHaveLength(1);
        expect(one[0]).toMatchObject({
          id: sloId,
          sli: "availability",
          name: "available",
          objective: 0.999,
          windowDays: 30,
          events: 10_000,
        });
        expect(one[0].budgetRemaining).toBeCloseTo(-1.0, 9);
        // 2.0: 1 allowed of 1,000, 5 used → 1 − 5 = −4.
        const two = slo("2.0") ?? [];
        expect(two[0].events).toBe(1_000);
        expect(two[0].budgetRemaining).toBeCloseTo(-4.0, 9);
        // alpha has no SLO.
        expect(v.versions.find((x) => x.model === "alpha")?.slos).toEqual([]);
      });

      it("marks the deployments in the window on their version", async () => {
        const v = await onCallView(viewer, { range: "24h" }, NOW);
        const deployments = (version: string) => v.versions.find((x) => x.model === "pay" && x.version === version)?.deployments;
        const two = deployments("2.0") ?? [];
        expect(
          two.map(({ t, environment, strategy, trafficPercent, status }) => ({ t, environment, strategy, trafficPercent, status })),
        ).toEqual([
          { t: NOW.getTime() - 12 * HOUR, environment: "production", strategy: "canary", trafficPercent: 10, status: "started" },
          { t: NOW.getTime() - 6 * HOUR, environment: "production", strategy: "canary", trafficPercent: 25, status: "started" },
        ]);
        // 1.0's rollout three days ago is outside the 24 hours; within 7 days it shows.
        expect(deployments("1.0")).toEqual([]);
        const week = await onCallView(viewer, { range: "7d" }, NOW);
        const oneWeek = week.versions.find((x) => x.model === "pay" && x.version === "1.0")?.deployments ?? [];
        expect(oneWeek.map((d) => [d.t, d.strategy, d.trafficPercent])).toEqual([[NOW.getTime() - 72 * HOUR, "full", 100]]);
      });

      it("filters by model", async () => {
        const alpha = await onCallView(viewer, { range: "24h", model: "alpha" }, NOW);
        expect(alpha.model).toBe("alpha");
        expect(alpha.versions.map((x) => `${x.model} ${x.version}`)).toEqual(["alpha 1.0"]);
        expect(alpha.quiet).toEqual([]);
        expect(alpha.sloCount).toBe(0);
        const pay = await onCallView(viewer, { range: "24h", model: "pay" }, NOW);
        expect(pay.versions.map((x) => `${x.model} ${x.version}`)).toEqual(["pay 1.0", "pay 2.0"]);
        expect(pay.sloCount).toBe(1);
        const quiet = await onCallView(viewer, { range: "24h", model: "quiet" }, NOW);
        expect(quiet.versions).toEqual([]);
        expect(quiet.quiet).toEqual([{ model: "quiet", version: "1.0" }]);
        // Three days back, quiet 1.0 served its 50 events: in the 7-day range it is no longer quiet.
        const week = await onCallView(viewer, { range: "7d", model: "quiet" }, NOW);
        expect(week.quiet).toEqual([]);
        expect(week.versions.map((x) => [x.version, x.totals.count])).toEqual([["1.0", 50]]);
      });
    });
  }

  it("may be read by a viewer; an actor without a role is refused", async () => {
    expect((await onCallView(viewer, { range: "1h" }, NOW)).range).toBe("1h");
    const e = await refused(onCallView(nobody, { range: "1h" }, NOW));
    expect(e.status).toBe(403);
  });
});
