// GET /api/v1/metrics's content, parsed by a real Prometheus text parser and checked against numbers worked out by hand
// and against what the API serves (the on-call dashboard, the telemetry read, the alert evaluator, the pipeline
// summary): before the compactor runs (every event pending) and after (day, hour and minute rollups).
import { sql } from "drizzle-orm";
import parse, { type ParsedFamily } from "parse-prometheus-text-format";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { onCallView } from "@/lib/dashboards/on-call";
import { putReference } from "@/lib/drift/reference";
import { AppError } from "@/lib/errors";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { pipelineSummary, reportPipelineRun } from "@/lib/operations/pipelines";
import { evaluateAlerts } from "@/lib/slo/evaluate";
import { createSlo } from "@/lib/slo/slos";
import { compactTelemetry } from "@/lib/telemetry/compact";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { readTelemetry } from "@/lib/telemetry/read";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { coveringRanges } from "../slo/window-counts";
import { scrape, wantsOpenMetrics } from "./exposition";

const chen = person("Chen", ["contributor"], 1);
const viewer = person("Victor", ["viewer"], 2);

const NOW = new Date("2026-11-20T12:30:30Z");
const MODEL = "fraud-metrics";
const at = (msBefore: number) => new Date(NOW.getTime() - msBefore).toISOString();

/**
 * Two minutes ago, 10 events: latencies 10, 20, …, 100 ms, the last two (90 and 100 ms) errors; each predicts 1 and
 * the first 8 are labelled 1, the last two 0 (accuracy 8/10). Fifty hours ago, 40 events of 30 ms, one an error.
 * So: requests 50, errors 3, latency sum 550 + 1,200 = 1,750 ms.
 */
function events() {
  const recent = Array.from({ length: 10 }, (_, i) => ({
    model: MODEL,
    version: "1.0",
    ts: at(2 * 60_000 - i * 1000),
    latencyMs: (i + 1) * 10,
    status: i >= 8 ? "error" : "ok",
    prediction: 1,
    label: i < 8 ? 1 : 0,
  }));
  const old = Array.from({ length: 40 }, (_, i) => ({
    model: MODEL,
    version: "1.0",
    ts: at(50 * 3_600_000 - i * 1000),
    latencyMs: 30,
    status: i === 0 ? "error" : "ok",
  }));
  return [...recent, ...old];
}

type Found = { families: ParsedFamily[]; text: string };
const scrapeParsed = async (): Promise<Found> => {
  const { contentType, text } = await scrape(viewer, false, NOW);
  expect(contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
  return { families: parse(text), text };
};
const mine = (labels?: Record<string, string>) => labels?.model === MODEL && labels.version === "1.0";
function value(f: Found, name: string, match: (l: Record<string, string>) => boolean = (l) => mine(l)): number {
  const fam = f.families.find((x) => x.name === name);
  expect(fam, `family ${name}`).toBeTruthy();
  const found = fam?.metrics.filter((m) => match(m.labels ?? {})) ?? [];
  expect(found.length, `${name}: one sample`).toBe(1);
  return Number(found[0].value);
}

/**
 * A labelled summary's samples. The parser folds a summary family into one sample and keeps labels only for unlabelled
 * summaries (its flattenMetrics), so the family's lines are parsed as an untyped family: the same parser, each line a
 * sample with its labels.
 */
function summary(text: string, name: string, match: (l: Record<string, string>) => boolean) {
  const lines = text.split("\n").filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name}_sum{`) || l.startsWith(`${name}_count{`));
  const samples = parse(`${lines.join("\n")}\n`).flatMap((fam) =>
    fam.metrics.map((m) => ({ name: fam.name, labels: m.labels ?? {}, value: m.value })),
  );
  const out = { quantiles: {} as Record<string, string>, sum: "", count: "" };
  for (const x of samples) {
    const { quantile, ...rest } = x.labels;
    if (!match(rest)) continue;
    if (x.name === name && quantile) out.quantiles[quantile] = x.value ?? "";
    if (x.name === `${name}_sum`) out.sum = x.value ?? "";
    if (x.name === `${name}_count`) out.count = x.value ?? "";
  }
  return out;
}

describe("the Prometheus exposition", () => {
  useFreshStore();
  let sloIds: { availability: string; latency: string };

  beforeAll(async () => {
    await createModel(chen, { name: MODEL, owner: chen.email, riskTier: "high" });
    await createVersion(chen, MODEL, { version: "1.0" });
    const a = await createSlo(chen, MODEL, { sli: "availability", objective: 0.99, windowDays: 30, name: "availability" });
    const l = await createSlo(chen, MODEL, { sli: "latency", objective: 0.9, thresholdMs: 50, windowDays: 30, name: "fast" });
    sloIds = { availability: a.id, latency: l.id };
    await ingestTelemetry(chen, { contentType: "application/json", text: JSON.stringify({ events: events() }) });
    // Retraining: 3 succeeded, 1 failed, 1 running in the last 30 days → 3 ÷ 4.
    const runs = ["succeeded", "succeeded", "succeeded", "failed", "running"] as const;
    for (const [i, status] of runs.entries()) {
      const startedAt = at((i + 1) * 86_400_000);
      await reportPipelineRun(
        chen,
        {
          pipeline: "retrain",
          model: MODEL,
          status,
          trigger: "schedule",
          startedAt,
          ...(status === "running" ? {} : { finishedAt: at((i + 1) * 86_400_000 - 600_000) }),
        },
        NOW,
      );
    }
  });

  it("refuses a caller without a role that reads the inventory", async () => {
    const nobody = person("N", [], 9);
    await expect(scrape(nobody, false, NOW)).rejects.toBeInstanceOf(AppError);
  });

  for (const phase of ["pending", "compacted"] as const) {
    describe(`with the events ${phase}`, () => {
      let f: Found;
      beforeAll(async () => {
        if (phase === "compacted") while (((await compactTelemetry()) ?? 0) > 0);
        const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from telemetry_pending`);
        expect(n).toBe(phase === "pending" ? 1 : 0);
        f = await scrapeParsed();
      });

      it("counts requests and errors: 50 and 3, as the telemetry read does", async () => {
        expect(value(f, "steward_model_requests_total")).toBe(50);
        expect(value(f, "steward_model_errors_total")).toBe(3);
        const read = await readTelemetry(viewer, MODEL, { from: at(60 * 3_600_000), to: NOW.toISOString(), step: "1h" }, NOW.getTime());
        expect(read.series.reduce((s, p) => s + p.count, 0)).toBe(50);
        expect(read.series.reduce((s, p) => s + p.errors, 0)).toBe(3);
      });

      it("gives latency quantiles over the last hour, in seconds, as the on-call dashboard's 1h range", async () => {
        expect(f.families.find((x) => x.name === "steward_model_latency_seconds")?.type).toBe("SUMMARY");
        const s = summary(f.text, "steward_model_latency_seconds", mine);
        // Only the 10 recent events are in the hour: ranks ⌊q·9⌋ of 10…100 ms are 50, 90 and 90 ms (within 1%).
        const within1pct = (got: number, exact: number) => expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(0.01);
        within1pct(Number(s.quantiles["0.5"]), 0.05);
        within1pct(Number(s.quantiles["0.95"]), 0.09);
        within1pct(Number(s.quantiles["0.99"]), 0.09);
        expect(Number(s.count)).toBe(50);
        expect(Number(s.sum)).toBeCloseTo(1.75, 9);
        const oncall = await onCallView(viewer, { range: "1h" }, NOW);
        const v = oncall.versions.find((x) => x.model === MODEL && x.version === "1.0");
        expect(v?.totals.count).toBe(10);
        expect(Number(s.quantiles["0.5"]) * 1000).toBeCloseTo(v?.totals.p50 as number, 9);
        expect(Number(s.quantiles["0.95"]) * 1000).toBeCloseTo(v?.totals.p95 as number, 9);
        expect(Number(s.quantiles["0.99"]) * 1000).toBeCloseTo(v?.totals.p99 as number, 9);
      });

      it("gives each SLO's budget left as the on-call dashboard does", async () => {
        // Availability 99%: 3 bad of 50 → burn 0.06 ÷ 0.01 = 6 → budget 1 − 6 = −5.
        const avail = value(f, "steward_slo_error_budget_remaining_ratio", (l) => mine(l) && l.slo === "availability");
        expect(avail).toBeCloseTo(-5, 9);
        // Latency under 50 ms at 90%: 60…100 ms are 5 bad of 50 → burn 1 → budget 0.
        const fast = value(f, "steward_slo_error_budget_remaining_ratio", (l) => mine(l) && l.slo === "fast");
        expect(fast).toBeCloseTo(0, 9);
        const oncall = await onCallView(viewer, { range: "1h" }, NOW);
        const slos = oncall.versions.find((x) => x.model === MODEL)?.slos ?? [];
        expect(slos.find((s) => s.id === sloIds.availability)?.budgetRemaining).toBeCloseTo(avail, 12);
        expect(slos.find((s) => s.id === sloIds.latency)?.budgetRemaining).toBeCloseTo(fast, 12);
        expect(value(f, "steward_slo_objective_ratio", (l) => l.model === MODEL && l.slo === "availability")).toBe(0.99);
      });

      it("gives burn rates per window as the alert evaluator judges them", async () => {
        const burn = (slo: string, window: string) =>
          value(f, "steward_slo_burn_rate", (l) => mine(l) && l.slo === slo && l.window === window);
        // Availability: the last 5 minutes to 6 hours hold the 10 recent events (2 errors): 0.2 ÷ 0.01 = 20; 3 and 30 days all 50: 6.
        for (const w of ["5m", "30m", "1h", "6h"]) expect(burn("availability", w)).toBeCloseTo(20, 9);
        for (const w of ["3d", "30d"]) expect(burn("availability", w)).toBeCloseTo(6, 9);
        expect(1 - burn("availability", "30d")).toBeCloseTo(
          value(f, "steward_slo_error_budget_remaining_ratio", (l) => mine(l) && l.slo === "availability"),
          12,
        );
        // Latency: 5 of the 10 recent ones over 50 ms: 0.5 ÷ 0.1 = 5; over 3 days 5 of 50: 1.
        expect(burn("fast", "1h")).toBeCloseTo(5, 9);
        expect(burn("fast", "3d")).toBeCloseTo(1, 9);
        if (phase !== "compacted") return;
        await evaluateAlerts(NOW);
        const [alert] = await rows<{
          details: { rules: { longMinutes: number; shortMinutes: number; longRate: number; shortRate: number }[] };
        }>(sql`select details from alerts where slo_id = ${sloIds.availability}::uuid and state = 'firing'`);
        const name = (m: number) => (m % 1440 === 0 ? `${m / 1440}d` : m % 60 === 0 ? `${m / 60}h` : `${m}m`);
        for (const r of alert.details.rules) {
          expect(burn("availability", name(r.longMinutes))).toBeCloseTo(r.longRate, 12);
          expect(burn("availability", name(r.shortMinutes))).toBeCloseTo(r.shortRate, 12);
        }
        const again = await scrapeParsed();
        expect(value(again, "steward_alerts_firing", (l) => l.model === MODEL && l.kind === "burn_rate" && l.severity === "page")).toBe(1);
      });

      it("gives quality from labels and the retraining success rate", async () => {
        expect(value(f, "steward_model_accuracy_ratio")).toBeCloseTo(0.8, 9);
        expect(value(f, "steward_model_labelled_predictions")).toBe(10);
        const oncall = await onCallView(viewer, { range: "24h" }, NOW);
        expect(oncall.versions.find((x) => x.model === MODEL)?.quality?.latest.accuracy).toBeCloseTo(0.8, 9);
        const ratio = value(f, "steward_pipeline_success_ratio", (l) => l.model === MODEL && l.pipeline === "retrain");
        expect(ratio).toBe(0.75);
        const summary = await pipelineSummary(viewer, MODEL, at(30 * 86_400_000), NOW.toISOString());
        expect(summary.successRate).toBe(ratio);
        expect(value(f, "steward_pipeline_runs", (l) => l.model === MODEL && l.status === "running")).toBe(1);
      });
    });
  }

  it("gives drift per feature: PSI and the verdict of each, the drift rate as the on-call dashboard's", async () => {
    // Reference: channel web 50, app 50; amount 1…5 (≤ 5 distinct numeric values: compared as categories), 20 each.
    // The last 24 hours: 40 events, all web, amount cycling 1…5 as in the reference.
    await createModel(chen, { name: "drift-metrics", owner: chen.email, riskTier: "low" });
    await createVersion(chen, "drift-metrics", { version: "2.0" });
    await putReference(chen, "drift-metrics", "2.0", {
      features: {
        channel: { type: "categorical", counts: { web: 50, app: 50 } },
        amount: { type: "numeric", values: Array.from({ length: 100 }, (_, i) => (i % 5) + 1) },
      },
    });
    const events = Array.from({ length: 40 }, (_, i) => ({
      model: "drift-metrics",
      version: "2.0",
      ts: at(3 * 3_600_000 - i * 1000),
      latencyMs: 5,
      status: "ok",
      features: { channel: "web", amount: (i % 5) + 1 },
    }));
    await ingestTelemetry(chen, { contentType: "application/json", text: JSON.stringify({ events }) });
    const f = await scrapeParsed();
    const ofDrift = (l: Record<string, string>) => l.model === "drift-metrics" && l.version === "2.0";
    // PSI (METRICS.md): web (1 − 0.5)·ln(1 ÷ 0.5) + app, its empty share taken as 0.0001, (0.0001 − 0.5)·ln(0.0001 ÷ 0.5).
    const psiChannel = 0.5 * Math.log(2) + (0.0001 - 0.5) * Math.log(0.0001 / 0.5);
    expect(value(f, "steward_model_feature_psi", (l) => ofDrift(l) && l.feature === "channel")).toBeCloseTo(psiChannel, 6);
    expect(value(f, "steward_model_feature_psi", (l) => ofDrift(l) && l.feature === "amount")).toBeCloseTo(0, 9);
    expect(value(f, "steward_model_feature_drifted", (l) => ofDrift(l) && l.feature === "channel")).toBe(1);
    expect(value(f, "steward_model_feature_drifted", (l) => ofDrift(l) && l.feature === "amount")).toBe(0);
    expect(value(f, "steward_model_drift_ratio", ofDrift)).toBe(0.5);
    const oncall = await onCallView(viewer, { range: "24h", model: "drift-metrics" }, NOW);
    const d = oncall.versions.find((v) => v.version === "2.0")?.drift;
    expect(d?.driftRate).toBe(0.5);
    expect(d?.drifted).toEqual(["channel"]);
    expect(value(f, "steward_model_feature_missing_ratio", ofDrift)).toBe(d?.missingRate);
  });

  it("serves OpenMetrics when asked: counters typed without _total, samples with it, # EOF last", async () => {
    expect(wantsOpenMetrics("application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5")).toBe(true);
    expect(wantsOpenMetrics("text/plain")).toBe(false);
    expect(wantsOpenMetrics("application/openmetrics-text;q=0")).toBe(false);
    const { contentType, text } = await scrape(viewer, true, NOW);
    expect(contentType).toBe("application/openmetrics-text; version=1.0.0; charset=utf-8");
    expect(text).toContain("# TYPE steward_model_requests counter\n");
    expect(text).toContain(`steward_model_requests_total{model="${MODEL}",version="1.0"} 50\n`);
    expect(text.endsWith("# EOF\n")).toBe(true);
    // And the plain format afterwards is unchanged (the OpenMetrics registry renamed only its own wrappers).
    const plain = await scrape(viewer, false, NOW);
    expect(plain.text).toContain("# TYPE steward_model_requests_total counter\n");
    expect(plain.text).toContain("# TYPE steward_ingested_events_total counter\n");
  });

  it("covers a 30-day window with minute rows at its ragged ends, hour rows next to them and day rows between", () => {
    const now = Date.parse("2026-11-20T12:30:30Z");
    expect(coveringRanges(now, 30 * 1440).map((x) => [x.tier, new Date(x.from).toISOString(), new Date(x.to).toISOString()])).toEqual([
      ["minute", "2026-10-21T12:30:30.000Z", "2026-10-21T13:00:00.000Z"],
      ["hour", "2026-10-21T13:00:00.000Z", "2026-10-22T00:00:00.000Z"],
      ["day", "2026-10-22T00:00:00.000Z", "2026-11-20T00:00:00.000Z"],
      ["hour", "2026-11-20T00:00:00.000Z", "2026-11-20T12:00:00.000Z"],
      ["minute", "2026-11-20T12:00:00.000Z", "2026-11-20T12:30:30.000Z"],
    ]);
  });

  it("covers a window exactly once with minute rows at its ragged ends and hour rows between", () => {
    const now = Date.parse("2026-11-20T12:30:30Z");
    expect(coveringRanges(now, 5)).toEqual([{ tier: "minute", from: now - 300_000, to: now }]);
    const r = coveringRanges(now, 360);
    expect(r.map((x) => [x.tier, new Date(x.from).toISOString(), new Date(x.to).toISOString()])).toEqual([
      ["minute", "2026-11-20T06:30:30.000Z", "2026-11-20T07:00:00.000Z"],
      ["hour", "2026-11-20T07:00:00.000Z", "2026-11-20T12:00:00.000Z"],
      ["minute", "2026-11-20T12:00:00.000Z", "2026-11-20T12:30:30.000Z"],
    ]);
  });
});
