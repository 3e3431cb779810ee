import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { putReference } from "@/lib/drift/reference";
import { log } from "@/lib/log";
import { ingestLabels } from "@/lib/quality/ingest";
import { evaluateAlerts } from "@/lib/slo/evaluate";
import { createSlo } from "@/lib/slo/slos";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { MAX_EVENTS } from "@/lib/telemetry/limits";
import { lognormal, mulberry32 } from "./random";

type Who = (email: string) => Actor;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const C = "contributor@example.com";

/**
 * The drift story of the demo: credit-default 1.1.0 (production) scores loan applications. Three days ago the
 * applicants' debt_ratio moved up (a marketing campaign reached a new segment: mean 0.32 → 0.45); the model, which
 * declines above 0.42, now declines many who would repay, and as their labels arrive (repaid or defaulted, a day or
 * two later) its accuracy falls from about 0.93 to about 0.66. The other features stay put.
 */
export const DRIFT_DEMO = { model: "credit-default", version: "1.1.0", feature: "debt_ratio", driftStartedHoursAgo: 72 } as const;

const EMPLOYMENT = [
  ["salaried", 0.62],
  ["self_employed", 0.18],
  ["contract", 0.12],
  ["unemployed", 0.08],
] as const;
const REGIONS = [
  ["north", 0.3],
  ["south", 0.25],
  ["east", 0.25],
  ["west", 0.2],
] as const;

function normal(rand: () => number, mu: number, sigma: number) {
  const u = 1 - rand();
  return mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
function pick(rand: () => number, table: readonly (readonly [string, number])[]) {
  let x = rand();
  for (const [k, p] of table) {
    if (x < p) return k;
    x -= p;
  }
  return table[table.length - 1][0];
}

type Applicant = { income: number; debt_ratio: number; age: number; employment: string; region: string | null; num_open_accounts: number };

function applicant(rand: () => number, drifted: boolean): Applicant {
  return {
    income: Math.round(lognormal(rand, Math.log(52_000), 0.45)),
    debt_ratio: Number(Math.min(1.2, Math.max(0, normal(rand, drifted ? 0.45 : 0.32, drifted ? 0.1 : 0.08))).toFixed(4)),
    age: 21 + Math.floor(rand() * 55),
    employment: pick(rand, EMPLOYMENT),
    // about 3% of requests arrive without a region (an upstream form field that is optional)
    region: rand() < 0.03 ? null : pick(rand, REGIONS),
    num_open_accounts: Math.min(12, Math.floor(lognormal(rand, Math.log(3), 0.6))),
  };
}

async function step(what: string, fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (e) {
    log("warn", "demo drift step skipped", { what, error: e instanceof Error ? e.message : String(e) });
  }
}

/** The reference profile, a week of scored applications with features, their late labels, an accuracy SLO. */
export async function seedDemoDrift(actorFor: Who, now = new Date()) {
  const { model, version } = DRIFT_DEMO;
  const rand = mulberry32(7);
  const owner = actorFor(C);
  // The training data's profile: 1,000 applications (≤ 1,000 rows: KS for numbers, chi-square for categories).
  const train = Array.from({ length: 1000 }, () => applicant(rand, false));
  const counts = (k: "employment" | "region") => {
    const c: Record<string, number> = {};
    for (const a of train) if (a[k] !== null) c[a[k] as string] = (c[a[k] as string] ?? 0) + 1;
    return c;
  };
  await step("reference", () =>
    putReference(owner, model, version, {
      features: {
        income: { type: "numeric", values: train.map((a) => a.income) },
        debt_ratio: { type: "numeric", values: train.map((a) => a.debt_ratio) },
        age: { type: "numeric", values: train.map((a) => a.age) },
        num_open_accounts: { type: "numeric", values: train.map((a) => a.num_open_accounts) },
        employment: { type: "categorical", counts: counts("employment") },
        region: { type: "categorical", counts: counts("region") },
      },
    }),
  );

  // A week of requests: one every 90 s until the last day, then one a minute.
  const end = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const events: Record<string, unknown>[] = [];
  const labels: { traceId: string; label: number; ts: string }[] = [];
  let seq = 0;
  for (let t = end - 7 * 24 * HOUR; t < end; t += t < end - 24 * HOUR ? 90_000 : MINUTE) {
    const hoursAgo = (end - t) / HOUR;
    const drifted = hoursAgo <= DRIFT_DEMO.driftStartedHoursAgo;
    const a = applicant(rand, drifted);
    const prediction = a.debt_ratio > 0.42 ? 1 : 0;
    // who actually defaults: above 0.42 before the shift, above 0.50 in the new segment; 7% either way regardless
    const truth = (a.debt_ratio > (drifted ? 0.5 : 0.42) ? 1 : 0) ^ (rand() < 0.07 ? 1 : 0);
    const traceId = `cd-${(seq++).toString(36).padStart(6, "0")}`;
    const error = rand() < 0.0002;
    events.push({
      model,
      version,
      ts: new Date(t + Math.floor(rand() * 30_000)).toISOString(),
      latencyMs: Number(lognormal(rand, Math.log(80), 0.35).toFixed(2)),
      status: error ? "error" : "ok",
      traceId,
      features: a,
      ...(error ? {} : { prediction }),
    });
    // Ground truth arrives late: all of it after two days, 70% of what is 12 to 48 hours old, none younger.
    if (!error && (hoursAgo > 48 || (hoursAgo > 12 && rand() < 0.7)))
      labels.push({ traceId, label: truth, ts: new Date(Math.min(end, t + 36 * HOUR)).toISOString() });
  }
  for (let i = 0; i < events.length; i += MAX_EVENTS)
    await step("drift telemetry", () =>
      ingestTelemetry(
        owner,
        { contentType: "application/json", text: JSON.stringify({ events: events.slice(i, i + MAX_EVENTS) }) },
        { random: rand },
      ),
    );
  for (let i = 0; i < labels.length; i += 10_000) await step("labels", () => ingestLabels(owner, { labels: labels.slice(i, i + 10_000) }));
  await step("quality SLO", () =>
    createSlo(actorFor(C), model, {
      sli: "quality",
      objective: 0.99,
      metric: "accuracy",
      threshold: 0.85,
      windowDays: 30,
      name: "Accuracy on labelled applications",
    }),
  );
  await step("alerts now", () => evaluateAlerts(now));
}
