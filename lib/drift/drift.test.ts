// Drift and quality through the store: a reference registered, telemetry whose features shift halfway, drift in the
// right windows and the alert firing and resolving; labels a day late changing that day's accuracy to the value worked
// out by hand; the quality SLO ticket. Expected figures are computed here by hand (or quoted from scipy), not by lib/drift.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { onCallView } from "@/lib/dashboards/on-call";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { ingestLabels } from "@/lib/quality/ingest";
import { readQuality } from "@/lib/quality/read";
import { evaluateAlerts } from "@/lib/slo/evaluate";
import { CreateSlo } from "@/lib/slo/schemas";
import { createSlo } from "@/lib/slo/slos";
import { compactTelemetry } from "@/lib/telemetry/compact";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { refused } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { compareOnDemand, readDrift } from "./read";
import { getReference, putReference } from "./reference";

const chen: Actor = { type: "user", userId: 1, email: "chen@example.com", name: "Chen", roles: ["contributor"] };
const viewer: Actor = { type: "user", userId: 2, email: "victor@example.com", name: "Victor", roles: ["viewer"] };
const admin: Actor = { type: "user", userId: 3, email: "ada@example.com", name: "Ada", roles: ["admin"] };
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-25T00:00:00Z");

const post = (events: unknown[]) => ingestTelemetry(chen, { contentType: "application/json", text: JSON.stringify({ events }) });

/**
 * 100 events an hour. amount: 0…99 once each (the reference exactly) in normal hours, 50…149 in shifted ones.
 * channel: web and app alternating (50/50, as the reference) normally, 80 web / 20 app when shifted. In hour 1, ten
 * events lack channel and one sends amount null.
 */
function hour(h: number, shifted: boolean) {
  return Array.from({ length: 100 }, (_, i) => {
    const features: Record<string, number | string | null> = {
      amount: (i % 100) + (shifted ? 50 : 0),
      channel: shifted ? (i < 80 ? "web" : "app") : i % 2 === 0 ? "web" : "app",
    };
    if (h === 1 && i < 10) delete features.channel;
    if (h === 1 && i === 99) features.amount = null;
    return {
      model: "credit",
      version: "1.0",
      ts: new Date(T0 + h * HOUR + i * 30_000).toISOString(),
      latencyMs: 20,
      status: "ok",
      features,
    };
  });
}

describe("drift from telemetry against the reference", () => {
  useFreshStore();

  beforeAll(async () => {
    await createModel(chen, { name: "credit", owner: chen.email, riskTier: "high" });
    for (const version of ["1.0", "2.0", "3.0"]) await createVersion(chen, "credit", { version });
  });

  it("refuses a bad profile naming the field, and a viewer; stores nothing", async () => {
    const bad = await refused(putReference(chen, "credit", "1.0", { features: { amount: { type: "numeric", values: [1, "x"] } } }));
    expect(bad.status).toBe(400);
    expect(bad.details?.[0].path).toBe("features.amount.values[1]");
    const kind = await refused(putReference(chen, "credit", "1.0", { features: { amount: { type: "histogram" } } }));
    expect(kind.status).toBe(400);
    expect(kind.details?.[0].path).toMatch(/^features\.amount/);
    expect((await refused(putReference(viewer, "credit", "1.0", { features: { a: { type: "numeric", values: [1] } } }))).status).toBe(403);
    expect((await refused(putReference(chen, "credit", "9.9", { features: { a: { type: "numeric", values: [1] } } }))).status).toBe(404);
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from drift_references`);
    expect(n.n).toBe(0);
  });

  it("registers the reference with the default test per feature", async () => {
    const saved = await putReference(chen, "credit", "1.0", {
      features: {
        amount: { type: "numeric", values: Array.from({ length: 100 }, (_, i) => i) },
        channel: { type: "categorical", counts: { web: 50, app: 50 } },
      },
    });
    expect(saved.features).toEqual([
      // range: np.quantile(range(100), [0.005, 0.995]) = [0.495, 98.505]
      { name: "amount", type: "numeric", rows: 100, distinct: 100, method: "ks", range: [0.495, 98.505] },
      { name: "channel", type: "categorical", rows: 100, distinct: 2, method: "z" },
    ]);
    expect((await getReference(viewer, "credit", "1.0")).features.length).toBe(2);
    const [audit] = await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'reference.registered'`);
    expect(audit.n).toBe(1);
  });

  it("judges each hour: stable while the data matches, drifted once it shifts, with the exact figures", async () => {
    // Three normal hours, then three shifted, posted newest first: order does not matter.
    for (const h of [5, 4, 3]) await post(hour(h, true));
    for (const h of [2, 1, 0]) await post(hour(h, false));
    const d = await readDrift(viewer, "credit", { version: "1.0", from: "2026-11-25T00:00:00Z", to: "2026-11-25T06:00:00Z", step: "1h" });
    const amount = d.windows.filter((w) => w.feature === "amount");
    const channel = d.windows.filter((w) => w.feature === "channel");
    expect(amount.map((w) => w.result?.drifted)).toEqual([false, false, false, true, true, true]);
    expect(channel.map((w) => w.result?.drifted)).toEqual([false, false, false, true, true, true]);

    // Hour 0: the reference itself: PSI 0, KS D 0 and p 1; z p 1.
    expect(amount[0].result).toMatchObject({ psi: 0, method: "ks", ks: { statistic: 0, pValue: 1 } });
    expect(channel[0].result?.z?.pValue).toBeCloseTo(1, 12);

    // Hour 3: 50…149 against 0…99. KS D = 0.5 (at 49: F_ref 0.5, F_cur 0); p from scipy:
    // scipy.stats.ks_2samp(range(100), range(50, 150)).pvalue = 1.0024645454361508e-11
    const ks = amount[3].result?.ks as { statistic: number; pValue: number };
    expect(ks.statistic).toBe(0.5);
    expect(Math.abs(ks.pValue - 1.0024645454361508e-11) / 1.0024645454361508e-11).toBeLessThan(1e-5);
    // PSI on the reference deciles 9.9, 19.8 … 89.1 (np.quantile(range(100), …)): the reference puts 10% in each bin;
    // the shifted hour nothing below 49.5 (five bins at the 0.0001 floor), 10% in each of the next four and 60% at ≥ 89.1.
    const psi = 5 * (0.0001 - 0.1) * Math.log(0.0001 / 0.1) + (0.6 - 0.1) * Math.log(0.6 / 0.1);
    expect(amount[3].result?.psi).toBeCloseTo(psi, 4);

    // channel: 80/20 against 50/50 (n = 100 each): pooled 0.65, z = 0.3 / sqrt(0.65·0.35·(1/100 + 1/100)) = 4.4475.
    const z = 0.3 / Math.sqrt(0.65 * 0.35 * (2 / 100));
    expect(Math.abs(channel[3].result?.z?.statistic as number)).toBeCloseTo(z, 4);
    expect(channel[3].result?.z?.pValue).toBeLessThan(1e-4);

    // Missing: hour 1 has ten events without channel and one with amount null: eleven lack a feature.
    expect(channel[1]).toMatchObject({ n: 90, missing: 10, missingRate: 0.1 });
    expect(amount[1]).toMatchObject({ n: 99, missing: 1 });
    expect(d.missingRate.map((m) => [m.events, m.missingAny])).toEqual([
      [100, 0],
      [100, 11],
      [100, 0],
      [100, 0],
      [100, 0],
      [100, 0],
    ]);
    expect(d.missingRate[1].rate).toBe(0.11);
  });

  it("a day's window merges the hours", async () => {
    const d = await readDrift(viewer, "credit", { version: "1.0", from: "2026-11-25T00:00:00Z", to: "2026-11-26T00:00:00Z", step: "1d" });
    const amount = d.windows.find((w) => w.feature === "amount");
    // 599 values: 0…99 three times less the null, and 50…149 three times. The widest gap is at 99: F_ref 1, F_cur
    // (299 + 150) / 599; at 49 it is 0.5 − 150/599, a little less.
    expect(amount?.n).toBe(599);
    expect(amount?.result?.ks?.statistic).toBeCloseTo(150 / 599, 5);
  });

  it("fires a drift ticket after three drifted hours, and resolves when the data is back", async () => {
    // The on-call view of the version over those six hours: both features judged and drifted; 11 of 600 events lack a
    // feature; the drift alert opened at 05:30 and no retraining has run since: the gap is open.
    const oncall = await onCallView(viewer, { range: "6h", model: "credit" }, new Date(T0 + 6 * HOUR));
    expect(oncall.versions.find((v) => v.version === "1.0")?.drift).toMatchObject({
      features: 2,
      judged: 2,
      driftRate: 1,
      missingRate: Number((11 / 600).toPrecision(6)),
      retrain: null,
    });
    // Two drifted hours are not enough: at 04:30 the latest three judged hours are 4, 3 (drifted) and 2 (not).
    expect((await evaluateAlerts(new Date(T0 + 4.5 * HOUR)))?.length).toBe(0);
    const fired = await evaluateAlerts(new Date(T0 + 5.5 * HOUR));
    expect(
      fired
        ?.filter((t) => t.event === "alert.fired")
        .map((t) => t.key)
        .sort(),
      // amount 50…149 has 51 of 100 values above 98.505 each shifted hour: the outlier ticket fires beside drift
    ).toEqual(["drift:1:amount", "drift:1:channel", "outlier:1"]);
    const [a] = await rows<{ severity: string; kind: string; title: string }>(
      sql`select severity, kind, title from alerts where key = 'drift:1:amount'`,
    );
    expect(a).toMatchObject({ severity: "ticket", kind: "drift" });
    expect(a.title).toContain("feature amount has drifted");
    const later = await onCallView(viewer, { range: "6h", model: "credit" }, new Date(T0 + 6 * HOUR));
    expect(later.versions.find((v) => v.version === "1.0")?.drift?.retrain).toEqual({
      driftSince: new Date(T0 + 5.5 * HOUR).toISOString(),
      retrainedAt: null,
      gapHours: 0.5,
    });
    for (const h of [6, 7, 8]) await post(hour(h, false));
    const resolved = await evaluateAlerts(new Date(T0 + 8.5 * HOUR));
    expect(
      resolved
        ?.filter((t) => t.event === "alert.resolved")
        .map((t) => t.key)
        .sort(),
      // back to 0…99: 2 of 100 outside [0.495, 98.505] (0 and 99), under 5 %, for the latest three hours
    ).toEqual(["drift:1:amount", "drift:1:channel", "outlier:1"]);
    const [d] = await rows<{ n: number }>(sql`select count(*)::int as n from webhook_deliveries`);
    expect(d.n).toBe(0); // no webhooks configured in this store
  });

  it("replacing the reference drops the windows counted on the old bins", async () => {
    const saved = await putReference(chen, "credit", "1.0", { features: { amount: { type: "numeric", values: [1, 2, 3, 4, 5, 6, 7] } } });
    expect(saved.windowsDropped).toBe(9 * 3);
    expect(saved.features[0].method).toBe("ks");
  });

  it("compares two samples on demand, exactly", async () => {
    // scipy.stats.ks_2samp(range(100), range(50, 150)) → statistic 0.5, pvalue 1.0024645454361508e-11
    const r = await compareOnDemand(viewer, "credit", "1.0", {
      feature: "amount",
      type: "numeric",
      reference: Array.from({ length: 100 }, (_, i) => i),
      current: Array.from({ length: 100 }, (_, i) => i + 50),
    });
    expect(r.method).toBe("ks");
    expect(r.drifted).toBe(true);
    expect(r.ks?.statistic).toBe(0.5);
    const bad = await refused(
      compareOnDemand(viewer, "credit", "1.0", { feature: "amount", type: "numeric", reference: ["a"], current: [1] }),
    );
    expect(bad.status).toBe(400);
    expect(bad.details?.[0].path).toBe("reference");
  });
});

describe("quality from labels that arrive late", () => {
  useFreshStore();
  const DAY = Date.parse("2026-11-24T20:00:00Z");

  beforeAll(async () => {
    await createModel(chen, { name: "churn", owner: chen.email, riskTier: "medium" });
    for (const version of ["1.0", "2.0"]) await createVersion(chen, "churn", { version });
    // Ten predictions on the 24th: 1 for t-0…t-5, 0 for t-6…t-9; no labels yet.
    await post(
      Array.from({ length: 10 }, (_, i) => ({
        model: "churn",
        version: "1.0",
        ts: new Date(DAY + i * 60_000).toISOString(),
        latencyMs: 5,
        status: "ok",
        traceId: `t-${i}`,
        prediction: i < 6 ? 1 : 0,
      })),
    );
  });

  const day = () => readQuality(viewer, "churn", { version: "1.0", from: "2026-11-24T00:00:00Z", to: "2026-11-25T00:00:00Z", step: "1d" });

  it("before the labels: ten predictions, none labelled, no accuracy yet", async () => {
    const q = await day();
    expect(q.series).toEqual([expect.objectContaining({ predictions: 10, labelled: 0, labelledShare: 0, accuracy: null })]);
  });

  it("labels posted a day later set that day's accuracy, precision, recall and F1", async () => {
    // truth: t-0…t-3 → 1, t-4 → 0, t-5 → 0, t-6 → 0, t-7 → 1; t-8, t-9 unlabelled; one unknown trace.
    const truth = [1, 1, 1, 1, 0, 0, 0, 1];
    const r = await ingestLabels(chen, {
      labels: [...truth.map((label, i) => ({ traceId: `t-${i}`, label, ts: "2026-11-25T21:00:00Z" })), { traceId: "nope", label: 1 }],
    });
    expect(r).toEqual({ accepted: 9, matched: 8, unmatched: 1 });
    // pairs (prediction, label): (1,1)×4 TP, (1,0)×2 FP, (0,0) TN, (0,1) FN → accuracy 5/8, precision 4/6, recall 4/5,
    // F1 = 2·(2/3)·(4/5) / (2/3 + 4/5) = 8/11.
    const [p] = (await day()).series;
    expect(p).toMatchObject({ predictions: 10, labelled: 8, labelledShare: 0.8, accuracy: 0.625 });
    expect(p.precision).toBeCloseTo(4 / 6, 5);
    expect(p.recall).toBeCloseTo(0.8, 5);
    expect(p.f1).toBeCloseTo(8 / 11, 5);
  });

  it("a corrected label replaces the first (no double counting); a bad batch stores nothing", async () => {
    await ingestLabels(chen, { labels: [{ traceId: "t-4", label: 1 }] });
    const [p] = (await day()).series;
    expect(p).toMatchObject({ labelled: 8, accuracy: 0.75 }); // 6 of 8
    const bad = await refused(
      ingestLabels(chen, {
        labels: [
          { traceId: "t-8", label: 1 },
          { traceId: "", label: 0 },
        ],
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.details?.[0].path).toBe("labels[1].traceId");
    expect((await day()).series[0].labelled).toBe(8);
    expect((await refused(ingestLabels(viewer, { labels: [{ traceId: "t-8", label: 1 }] }))).status).toBe(403);
  });

  it("a label that arrives before its sampled event is compacted still reaches the sample", async () => {
    await compactTelemetry();
    await post([
      {
        model: "churn",
        version: "2.0",
        ts: new Date(DAY + 30 * 60_000).toISOString(),
        latencyMs: 5,
        status: "error",
        traceId: "late-1",
        prediction: "yes",
      },
    ]);
    await ingestLabels(chen, { labels: [{ traceId: "late-1", label: "no" }] });
    await compactTelemetry();
    const [s] = await rows<{ label: unknown }>(sql`select label from telemetry_samples where trace_id = 'late-1'`);
    expect(s.label).toBe("no");
  });

  it("numeric predictions give MAE and RMSE; labels may come with the event", async () => {
    // errors −2, 2, −3: MAE 7/3, RMSE sqrt(17/3)
    await post(
      [10, 20, 30].map((prediction, i) => ({
        model: "churn",
        version: "2.0",
        ts: new Date(DAY + i * 60_000).toISOString(),
        latencyMs: 5,
        status: "ok",
        prediction,
        label: [12, 18, 33][i],
      })),
    );
    const q = await readQuality(viewer, "churn", { version: "2.0", from: "2026-11-24T00:00:00Z", to: "2026-11-25T00:00:00Z", step: "1d" });
    expect(q.series[0].mae).toBeCloseTo(7 / 3, 5);
    expect(q.series[0].rmse).toBeCloseTo(Math.sqrt(17 / 3), 5);
  });

  it("a quality SLO tickets when the last day's accuracy is under its threshold", async () => {
    const bad = CreateSlo.safeParse({ sli: "quality", objective: 0.99, metric: "auc", threshold: 0.9 });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["metric"]);
    await createSlo(admin, "churn", { sli: "quality", objective: 0.99, metric: "accuracy", threshold: 0.9, windowDays: 30 });
    // 40 labelled predictions of 1.0 within the day before 2026-11-25T10:00: 24 right → accuracy 0.6 < 0.9.
    const start = Date.parse("2026-11-25T02:00:00Z");
    await post(
      Array.from({ length: 40 }, (_, i) => ({
        model: "churn",
        version: "1.0",
        ts: new Date(start + i * 60_000).toISOString(),
        latencyMs: 5,
        status: "ok",
        prediction: 1,
        label: i < 24 ? 1 : 0,
      })),
    );
    const t = await evaluateAlerts(new Date("2026-11-25T10:00:00Z"));
    expect(t?.filter((x) => x.event === "alert.fired").map((x) => x.key)).toEqual([expect.stringMatching(/^quality:.+:1$/)]);
    const [a] = await rows<{ details: { value: number; labelled: number } }>(sql`select details from alerts where kind = 'quality'`);
    // the day before 10:00 on the 25th holds the 40 (24 right) and the 24th's 20:00 hour's 8 labelled (6 right): 30/48
    expect(a.details.labelled).toBe(48);
    expect(a.details.value).toBeCloseTo(30 / 48, 10);
  });
});
