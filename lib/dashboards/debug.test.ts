// The debug dashboard's read through the store: a reference registered, six normal hours then six in which `amount`
// shifts, labels inline. Expected figures are worked out here by hand (the KS statistic, the decile shares, the
// highest losses), not by lib/drift.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { putReference } from "@/lib/drift/reference";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { compactTelemetry } from "@/lib/telemetry/compact";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { refused } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { debugView, debugWindows } from "./debug";
import { DebugQuery, DebugView } from "./debug-schemas";

const chen: Actor = { type: "user", userId: 1, email: "chen@example.com", name: "Chen", roles: ["contributor"] };
const viewer: Actor = { type: "user", userId: 2, email: "victor@example.com", name: "Victor", roles: ["viewer"] };
const HOUR = 3_600_000;
// Half past noon: the window ends at 13:00, the end of the current hour.
const NOW = new Date("2026-11-26T12:30:00Z");
const END = Date.parse("2026-11-26T13:00:00Z");

const post = (events: unknown[]) => ingestTelemetry(chen, { contentType: "application/json", text: JSON.stringify({ events }) });

/**
 * 100 events in the hour starting at `start`. amount 0…99 (the reference exactly), or 50…149 when shifted; steady
 * 0…99 always; channel web/app alternating, the first ten lacking it when shifted. loss = amount / 100; prediction 1,
 * label 1 for the first 90, 0 for the last ten (accuracy 0.9).
 */
function hourOf(start: number, shifted: boolean) {
  return Array.from({ length: 100 }, (_, i) => {
    const amount = i + (shifted ? 50 : 0);
    const features: Record<string, number | string> = { amount, steady: i, channel: i % 2 ? "app" : "web" };
    if (shifted && i < 10) delete features.channel;
    return {
      model: "credit",
      version: "1.0",
      ts: new Date(start + i * 30_000).toISOString(),
      latencyMs: 10 + i,
      status: "ok",
      traceId: `tr-${start / HOUR}-${i}`,
      features,
      prediction: 1,
      label: i < 90 ? 1 : 0,
      loss: amount / 100,
    };
  });
}

describe("debugView", () => {
  useFreshStore();

  beforeAll(async () => {
    await createModel(chen, { name: "credit", owner: chen.email, riskTier: "high" });
    for (const version of ["1.0", "2.0"]) await createVersion(chen, "credit", { version });
    await putReference(chen, "credit", "1.0", {
      features: {
        amount: { type: "numeric", values: Array.from({ length: 100 }, (_, i) => i) },
        steady: { type: "numeric", values: Array.from({ length: 100 }, (_, i) => i) },
        channel: { type: "categorical", counts: { web: 50, app: 50 } },
      },
    });
    // 01:00–07:00 normal (the window before), 07:00–13:00 shifted (the window).
    for (let h = 12; h >= 1; h--) await post(hourOf(END - h * HOUR, h <= 6));
    // What a running server's compactor does within seconds: the tiers and the raw-event samples (lib/telemetry/compact.ts).
    await compactTelemetry();
  });

  it("windows end at the end of the current hour; the earlier one by compare", () => {
    expect(debugWindows("6h", "previous", NOW.getTime())).toEqual({
      from: END - 6 * HOUR,
      to: END,
      compareFrom: END - 12 * HOUR,
      compareTo: END - 6 * HOUR,
    });
    expect(debugWindows("24h", "day", NOW.getTime())).toMatchObject({ compareFrom: END - 48 * HOUR, compareTo: END - 24 * HOUR });
    expect(debugWindows("7d", "week", NOW.getTime())).toMatchObject({
      from: END - 7 * 24 * HOUR,
      compareFrom: END - 14 * 24 * HOUR,
      compareTo: END - 7 * 24 * HOUR,
    });
    expect(DebugQuery.parse({ model: "credit" })).toEqual({ model: "credit", range: "24h", compare: "week" });
  });

  it("sorts the drifted feature first, with its test, PSI, missing rate and the three distributions", async () => {
    const v = await debugView(viewer, DebugQuery.parse({ model: "credit", range: "6h", compare: "previous" }), NOW);
    // The view is what the API promises: it parses against its published schema, unchanged.
    expect(DebugView.parse(v)).toEqual(v);
    // 2.0 has no telemetry: the default is the newest version with some.
    expect(v.version).toBe("1.0");
    expect(v.versions.map((x) => x.version)).toEqual(["2.0", "1.0"]);
    expect([v.from, v.to]).toEqual(["2026-11-26T07:00:00.000Z", "2026-11-26T13:00:00.000Z"]);
    expect(v.drift.reference?.features).toBe(3);
    expect(v.drift.features.map((f) => [f.name, f.verdict])).toEqual([
      ["amount", "drifted"],
      ["channel", "stable"],
      ["steady", "stable"],
    ]);
    const [amount, channel, steady] = v.drift.features;
    // 600 values 50…149 (each six times) against 0…99: D = 0.5 at 49.
    expect(amount).toMatchObject({ type: "numeric", method: "ks", statistic: 0.5, n: 600, missing: 0, missingRate: 0 });
    expect(amount.pValue).toBeLessThan(1e-15);
    // The shares are those of one shifted hour, so PSI is the one-hour figure of lib/drift/drift.test.ts.
    const psi = 5 * (0.0001 - 0.1) * Math.log(0.0001 / 0.1) + (0.6 - 0.1) * Math.log(0.6 / 0.1);
    expect(amount.psi).toBeCloseTo(psi, 4);
    expect(amount.distribution.map((d) => d.reference)).toEqual(new Array(10).fill(0.1));
    expect(amount.distribution.map((d) => d.current)).toEqual([0, 0, 0, 0, 0, 0.1, 0.1, 0.1, 0.1, 0.6]);
    // The window before is the reference itself.
    expect(amount.distribution.map((d) => d.earlier)).toEqual(new Array(10).fill(0.1));
    expect(amount.earlier).toMatchObject({ verdict: "stable", statistic: 0, pValue: 1, psi: 0, n: 600 });
    expect(steady).toMatchObject({ statistic: 0, pValue: 1, psi: 0 });
    // channel: 10 of 100 missing in each shifted hour; the rest 45 web / 45 app.
    expect(channel).toMatchObject({ method: "z", n: 540, missing: 60, missingRate: 0.1 });
    expect(channel.distribution).toEqual([
      { bin: "app", reference: 0.5, current: 0.5, earlier: 0.5 },
      { bin: "web", reference: 0.5, current: 0.5, earlier: 0.5 },
    ]);
  });

  it("quality, latency, the newest samples and the highest losses of the window", async () => {
    const v = await debugView(viewer, DebugQuery.parse({ model: "credit", version: "1.0", range: "6h", compare: "previous" }), NOW);
    // Hourly over the last 7 days: the twelve hours with predictions, each 90 right of 100.
    expect(v.quality.step).toBe("1h");
    expect(v.quality.points).toHaveLength(12);
    expect(v.quality.points[0]).toMatchObject({ t: END - 12 * HOUR, predictions: 100, labelled: 100, labelledShare: 1, accuracy: 0.9 });
    expect(v.latency.totals).toMatchObject({ count: 600, errors: 0, errorRate: 0 });
    expect(v.latency.earlier.count).toBe(600);
    // 5-minute buckets; each hour's events span its first 50 minutes.
    expect(v.latency.points).toHaveLength(60);

    expect(v.samples).toHaveLength(50);
    const ts = v.samples.map((s) => Date.parse(s.ts));
    expect(ts).toEqual([...ts].sort((a, b) => b - a));
    expect(ts[0]).toBeLessThan(END);
    expect(ts.at(-1)).toBeGreaterThanOrEqual(END - HOUR);
    // Each request once, though it may sit in both the loss and the uniform pool.
    expect(new Set(v.samples.map((s) => s.traceId)).size).toBe(50);

    // Losses 1.49 (amount 149) six times, 1.48 six times, 1.47 six times, then 1.46.
    expect(v.highestLoss.map((s) => s.loss)).toEqual([
      ...new Array(6).fill(1.49),
      ...new Array(6).fill(1.48),
      ...new Array(6).fill(1.47),
      1.46,
      1.46,
    ]);
    expect(v.highestLoss[0]).toMatchObject({
      version: "1.0",
      status: "ok",
      prediction: 1,
      label: 0,
      features: { amount: 149, steady: 99, channel: "app" },
    });
    expect(v.resources).toEqual({ points: [], events: [], truncated: false });
  });

  it("finds a trace outside the window; a week back there is nothing to compare with", async () => {
    // The top-loss request of the first normal hour: kept by the loss pool.
    const trace = `tr-${(END - 12 * HOUR) / HOUR}-99`;
    const v = await debugView(viewer, DebugQuery.parse({ model: "credit", range: "6h", trace }), NOW);
    expect(v.trace).toBe(trace);
    expect(v.samples).toEqual([
      expect.objectContaining({ traceId: trace, latencyMs: 109, loss: 0.99, features: { amount: 99, steady: 99, channel: "app" } }),
    ]);
    expect((await debugView(viewer, DebugQuery.parse({ model: "credit", range: "6h", trace: "nope" }), NOW)).samples).toEqual([]);
    const amount = v.drift.features[0];
    expect(amount.earlier).toMatchObject({ verdict: "not_enough_data", statistic: null, n: 0 });
    expect(amount.distribution.every((d) => d.earlier === null)).toBe(true);
  });

  it("says when there is no reference; 404 for an unknown model or version", async () => {
    const v = await debugView(viewer, DebugQuery.parse({ model: "credit", version: "2.0" }), NOW);
    expect(v.drift).toEqual({ reference: null, features: [] });
    expect(v.samples).toEqual([]);
    expect((await refused(debugView(viewer, DebugQuery.parse({ model: "nope" }), NOW))).status).toBe(404);
    expect((await refused(debugView(viewer, DebugQuery.parse({ model: "credit", version: "9.9" }), NOW))).status).toBe(404);
  });
});
