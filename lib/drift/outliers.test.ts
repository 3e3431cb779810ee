// Outliers (F6) through the store: a reference with its 0.5–99.5 % ranges, hours of telemetry with a shifted tail
// counted at ingest, the ticket after three hours over (not two), naming the features and their shares, resolving
// when the shares return under; unseen categories; the per-model threshold through the real PATCH route, its 400.
// Expected figures are worked out here by hand (numpy's default quantile), not by lib/drift.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { PATCH as patchModel } from "@/app/api/v1/models/[name]/route";
import { rows } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { SYSTEM } from "@/lib/auth/actor";
import { issueToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { debugView } from "@/lib/dashboards/debug";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { evaluateAlerts } from "@/lib/slo/evaluate";
import { compactTelemetry } from "@/lib/telemetry/compact";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { useFreshStore } from "@/tests/store";
import { judgeOutliers } from "./outlier-alerts";
import { numericRange, predictionSpec } from "./outliers";
import { numericSpec } from "./profile";
import { getReference, putReference } from "./reference";

const chen: Actor = { type: "user", userId: 1, email: "chen@example.com", name: "Chen", roles: ["contributor"] };
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-25T00:00:00Z");
const MERCHANTS = ["grocery", "fuel", "travel"];

const post = (events: unknown[]) => ingestTelemetry(chen, { contentType: "application/json", text: JSON.stringify({ events }) });

/**
 * 1,000 events in hour h of version v. Normal: amount 10 + (i mod 980), all inside [5.995, 995.005]; merchant one of
 * the three known; prediction 0.5. Shifted: the first 80 send amount 2,000 (8 %), the next 120 merchant "crypto"
 * (12 %), the first 30 prediction 1.5 (3 %: under the 5 % threshold).
 */
function hour(h: number, shifted: boolean, version = "1.0") {
  return Array.from({ length: 1000 }, (_, i) => ({
    model: "fraud",
    version,
    ts: new Date(T0 + h * HOUR + i * 3_000).toISOString(),
    latencyMs: 12,
    status: "ok",
    traceId: `t-${version}-${h}-${i}`,
    features: {
      amount: shifted && i < 80 ? 2000 : 10 + (i % 980),
      merchant: shifted && i >= 80 && i < 200 ? "crypto" : MERCHANTS[i % 3],
    },
    prediction: shifted && i < 30 ? 1.5 : 0.5,
  }));
}

const outlierTransitions = (t: Awaited<ReturnType<typeof evaluateAlerts>>) => (t ?? []).filter((x) => x.key.startsWith("outlier:"));

describe("outlier ranges (pure)", () => {
  it("takes numpy's 0.5 % and 99.5 % quantiles, and works them out from the bins of a layout stored before", () => {
    // np.quantile(np.arange(1, 1001), [0.005, 0.995]) = [5.995, 995.005]
    const spec = numericSpec(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(spec.range?.[0]).toBeCloseTo(5.995, 9);
    expect(spec.range?.[1]).toBeCloseTo(995.005, 9);
    const { range, ...older } = spec;
    expect(numericRange(older)[0]).toBeCloseTo(5.995, 9);
    expect(numericRange(older)[1]).toBeCloseTo(995.005, 9);
    // a prediction of six distinct values is numeric; of two, a class
    expect(predictionSpec({ type: "numeric", values: [1, 2, 3, 4, 5, 6] })).toMatchObject({ kind: "numeric", range: [1.025, 5.975] });
    expect(predictionSpec({ type: "numeric", values: [0, 1, 1] })).toMatchObject({ kind: "categorical", numeric: true });
  });

  it("skips windows under 30 values, as drift does, when counting three hours in a row", () => {
    const w = (t: number, n: number, outliers: number) => ({ t, n, outliers });
    // newest first after sorting: hour 4 has 20 values (skipped), so the latest judged are 3, 2, 1: all at 10 %
    const j = judgeOutliers("amount", "feature", [w(4, 20, 0), w(3, 100, 10), w(2, 100, 10), w(1, 100, 10), w(0, 100, 0)], 0.05);
    expect(j.latest.map((x) => x.t)).toEqual([3, 2, 1]);
    expect(j.sustained).toBe(true);
    // exactly at the threshold is not above it
    expect(judgeOutliers("amount", "feature", [w(3, 100, 5), w(2, 100, 10), w(1, 100, 10)], 0.05).sustained).toBe(false);
  });
});

describe("outliers from telemetry against the reference", () => {
  useFreshStore();
  let token = "";

  beforeAll(async () => {
    await createUser(SYSTEM, { email: chen.email, name: "Chen", roles: ["contributor"], password: "correct horse battery staple" });
    token = (await issueToken(SYSTEM, chen.email, { name: "rw", scopes: ["read", "write"] })).token;
    await createModel(chen, { name: "fraud", owner: chen.email, riskTier: "high" });
    await createVersion(chen, "fraud", { version: "1.0" });
  });

  it("registers the ranges: each numeric feature's and the prediction's", async () => {
    const saved = await putReference(chen, "fraud", "1.0", {
      features: {
        amount: { type: "numeric", values: Array.from({ length: 1000 }, (_, i) => i + 1) },
        merchant: { type: "categorical", counts: { grocery: 600, fuel: 300, travel: 100 } },
      },
      // 0.000, 0.001 … 0.999: np.quantile(np.arange(1000) / 1000, [0.005, 0.995]) = [0.004995, 0.994005]
      prediction: { type: "numeric", values: Array.from({ length: 1000 }, (_, i) => i / 1000) },
    });
    const amount = saved.features.find((f) => f.name === "amount");
    expect(amount?.range?.[0]).toBeCloseTo(5.995, 9);
    expect(amount?.range?.[1]).toBeCloseTo(995.005, 9);
    expect(saved.features.find((f) => f.name === "merchant")?.range).toBeUndefined();
    const read = await getReference(chen, "fraud", "1.0");
    expect(read.prediction?.type).toBe("numeric");
    expect(read.prediction?.rows).toBe(1000);
    expect(read.prediction?.range?.[0]).toBeCloseTo(0.004995, 9);
    expect(read.prediction?.range?.[1]).toBeCloseTo(0.994005, 9);
  });

  it("counts outliers per hour at ingest: 80 of 1,000 amounts above 995.005 is 8 %; 120 unseen merchants 12 %", async () => {
    for (const h of [0, 1]) await post(hour(h, false));
    for (const h of [2, 3]) await post(hour(h, true));
    const w = await rows<{ hour: string | Date; feature: string; n: number; outliers: number; pn: number; po: number }>(
      sql`select hour, feature, n::int, outliers::int, prediction_n::int as pn, prediction_outliers::int as po from drift_windows order by hour, feature`,
    );
    const at = (h: number, f: string) => w.find((x) => new Date(x.hour).getTime() === T0 + h * HOUR && x.feature === f);
    expect(at(0, "amount")).toMatchObject({ n: 1000, outliers: 0 });
    expect(at(0, "merchant")).toMatchObject({ n: 1000, outliers: 0 });
    expect(at(0, "*")).toMatchObject({ n: 1000, pn: 1000, po: 0 });
    expect(at(2, "amount")).toMatchObject({ n: 1000, outliers: 80 });
    expect(at(2, "merchant")).toMatchObject({ n: 1000, outliers: 120 });
    expect(at(2, "*")).toMatchObject({ n: 1000, pn: 1000, po: 30 });
  });

  it("two hours over raise nothing; the third raises one ticket naming the features and their shares", async () => {
    expect(outlierTransitions(await evaluateAlerts(new Date(T0 + 3.5 * HOUR)))).toEqual([]);
    expect(await rows(sql`select 1 from alerts where kind = 'outlier'`)).toEqual([]);

    await post(hour(4, true));
    const fired = outlierTransitions(await evaluateAlerts(new Date(T0 + 4.5 * HOUR)));
    expect(fired.map((t) => [t.event, t.key])).toEqual([["alert.fired", "outlier:1"]]);
    const [a] = await rows<{ kind: string; severity: string; state: string; title: string; details: Record<string, unknown> }>(
      sql`select kind, severity, state, title, details from alerts where key = 'outlier:1'`,
    );
    expect(a).toMatchObject({ kind: "outlier", severity: "ticket", state: "firing" });
    // merchant 12 % first, then amount 8 %; the prediction's 3 % is under the threshold and not named
    expect(a.title).toBe("fraud 1.0: outliers above 5.0% of values for 3 hours in merchant (12.0%), amount (8.0%)");
    expect(a.details).toMatchObject({
      threshold: 0.05,
      features: [
        { name: "merchant", target: "feature", share: 0.12 },
        { name: "amount", target: "feature", share: 0.08 },
      ],
    });
    const windows = (a.details.features as { windows: { from: string; n: number; outliers: number }[] }[])[1].windows;
    expect(windows.map((x) => [x.from, x.n, x.outliers])).toEqual([
      ["2026-11-25T04:00:00.000Z", 1000, 80],
      ["2026-11-25T03:00:00.000Z", 1000, 80],
      ["2026-11-25T02:00:00.000Z", 1000, 80],
    ]);
  });

  it("the debug dashboard shows the shares beside drift, and the sampled inputs farthest outside", async () => {
    await compactTelemetry(); // the sampled requests are kept by the compactor
    const v = await debugView(chen, { model: "fraud", version: "1.0", range: "6h", compare: "previous" }, new Date(T0 + 4.5 * HOUR));
    // the window 00:00–05:00 holds hours 0–4: 3 × 80 of 5,000 amounts (4.8 %), 3 × 120 merchants (7.2 %), 3 × 30 predictions (1.8 %)
    expect(v.outliers.threshold).toBe(0.05);
    expect(v.outliers.inputs.map((i) => [i.name, i.target, i.n, i.outliers, i.share, i.over])).toEqual([
      ["merchant", "feature", 5000, 360, 0.072, true],
      ["amount", "feature", 5000, 240, 0.048, false],
      ["prediction", "prediction", 5000, 90, 0.018, false],
    ]);
    // every sampled outlier has one feature outside; an amount of 2,000 is (2,000 − 995.005) / (995.005 − 5.995) = 1.01616… ranges out,
    // farther than an unseen merchant (1)
    const top = v.outliers.samples[0];
    expect(top.outliers.count).toBe(1);
    expect(top.outliers.features[0].name).toBe("amount");
    expect(top.outliers.distance).toBeCloseTo((2000 - 995.005) / (995.005 - 5.995), 5);
  });

  it("stays open while a latest judged hour is over, and resolves once the latest three are back under", async () => {
    await post(hour(5, false));
    expect(outlierTransitions(await evaluateAlerts(new Date(T0 + 5.5 * HOUR)))).toEqual([]);
    for (const h of [6, 7]) await post(hour(h, false));
    const resolved = outlierTransitions(await evaluateAlerts(new Date(T0 + 7.5 * HOUR)));
    expect(resolved.map((t) => [t.event, t.key])).toEqual([["alert.resolved", "outlier:1"]]);
  });

  it("the threshold is the model's: PATCH outlierThreshold (audited); 0, 1 and text are 400 naming the field", async () => {
    const patch = (body: unknown) =>
      patchModel(
        new Request("http://steward.test/api/v1/models/fraud", {
          method: "PATCH",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ name: "fraud" }) },
      );
    for (const bad of [0, 1, -0.2, 1.5, "0.1"]) {
      const res = await patch({ outlierThreshold: bad });
      expect(res.status, `outlierThreshold ${JSON.stringify(bad)}`).toBe(400);
      const body = await res.json();
      expect(body.error.details[0].path).toBe("outlierThreshold");
    }
    const ok = await patch({ outlierThreshold: 0.1 });
    expect(ok.status).toBe(200);
    expect((await ok.json()).outlierThreshold).toBe(0.1);
    const [audit] = await rows<{ after: { outlierThreshold?: number }; before: { outlierThreshold?: number } }>(
      sql`select before, after from audit_log where action = 'model.updated' order by seq desc limit 1`,
    );
    expect(audit.after.outlierThreshold).toBe(0.1);
    expect(audit.before.outlierThreshold).toBeUndefined();

    // Three more hours at 8 % and 12 %: above 5 % but not above 10 % for amount; merchant still is.
    for (const h of [8, 9, 10]) await post(hour(h, true));
    await evaluateAlerts(new Date(T0 + 10.5 * HOUR));
    const [a] = await rows<{ title: string; details: { threshold: number; features: { name: string }[] } }>(
      sql`select title, details from alerts where key = 'outlier:1' and state = 'firing'`,
    );
    expect(a.details.threshold).toBe(0.1);
    expect(a.details.features.map((f) => f.name)).toEqual(["merchant"]);
    expect(a.title).toBe("fraud 1.0: outliers above 10.0% of values for 3 hours in merchant (12.0%)");

    // null restores the default
    const reset = await patch({ outlierThreshold: null });
    expect(reset.status).toBe(200);
    expect((await reset.json()).outlierThreshold).toBeUndefined();
  });
});
