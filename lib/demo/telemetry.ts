import "server-only";
import { sql } from "drizzle-orm";
import { rows, transact } from "@/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { updateModel } from "@/lib/inventory/models";
import { log } from "@/lib/log";
import { evaluateAlerts } from "@/lib/slo/evaluate";
import { createSlo } from "@/lib/slo/slos";
import { compactTelemetry } from "@/lib/telemetry/compact";
import { type FoldEvent, foldRollups } from "@/lib/telemetry/fold";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { MAX_EVENTS } from "@/lib/telemetry/limits";
import { mulberry32 } from "./random";

type Who = (email: string) => Actor;

const MINUTE = 60_000;

/** What one version's serving looks like over the demo's week. Times are minutes before `now`. */
type Profile = {
  model: string;
  version: string;
  owner: string;
  /** Mean requests a minute (a daily swing of ±30% around it). */
  perMinute: number;
  /** How far back its traffic goes. */
  days: number;
  /** Latency: log-normal with this median (ms) and log-spread. */
  p50: number;
  sigma: number;
  errorRate: number;
  /** From `from` minutes ago to `to` minutes ago, something else holds. */
  episodes?: { from: number; to: number; errorRate?: number; p50?: number; sigma?: number }[];
};

const C = "contributor@example.com";
const P = "priya@example.com";

/**
 * The incident (fraud-card-tx 3.6.0: 5% errors for an hour ending two hours ago) pages and resolves; claims-triage
 * 1.0 has burned 0.4% errors for 30 hours, enough for the ticket rule (3 d and 6 h over 1×) but under the page rules;
 * search-ranking 4.0 got slower after a blue-green deployment 9 hours ago. Volumes are small so seeding stays fast.
 */
export const INCIDENT = { model: "fraud-card-tx", version: "3.6.0", startMinutesAgo: 180, endMinutesAgo: 120, errorRate: 0.05 };
export const TICKET = { model: "claims-triage", version: "1.0", sinceMinutesAgo: 30 * 60, errorRate: 0.004 };
export const REGRESSION = { model: "search-ranking", version: "4.0", deployedMinutesAgo: 9 * 60 };

const PROFILES: Profile[] = [
  {
    model: "fraud-card-tx",
    version: "3.6.0",
    owner: C,
    perMinute: 8,
    days: 7,
    p50: 35,
    sigma: 0.45,
    errorRate: 0.0001,
    episodes: [{ from: INCIDENT.startMinutesAgo, to: INCIDENT.endMinutesAgo, errorRate: INCIDENT.errorRate, p50: 48, sigma: 0.7 }],
  },
  { model: "fraud-card-tx", version: "3.7.0", owner: C, perMinute: 1, days: 2, p50: 31, sigma: 0.4, errorRate: 0 },
  // credit-default 1.1.0 serves with features, predictions and late labels: lib/demo/drift.ts.
  { model: "credit-default", version: "1.2.0", owner: C, perMinute: 0.5, days: 3, p50: 74, sigma: 0.35, errorRate: 0 },
  {
    model: "claims-triage",
    version: "1.0",
    owner: C,
    perMinute: 3,
    days: 7,
    p50: 120,
    sigma: 0.5,
    errorRate: 0.0001,
    episodes: [{ from: TICKET.sinceMinutesAgo, to: 0, errorRate: TICKET.errorRate }],
  },
  {
    model: "search-ranking",
    version: "4.0",
    owner: P,
    perMinute: 5,
    days: 7,
    p50: 45,
    sigma: 0.4,
    errorRate: 0.0002,
    episodes: [{ from: REGRESSION.deployedMinutesAgo, to: 0, p50: 55, sigma: 0.62 }],
  },
  { model: "product-recs", version: "7.2.0", owner: C, perMinute: 2, days: 7, p50: 60, sigma: 0.45, errorRate: 0.0003 },
  { model: "aml-alert-triage", version: "0.9.0", owner: P, perMinute: 0.5, days: 7, p50: 210, sigma: 0.4, errorRate: 0 },
  { model: "support-intent", version: "0.9.0", owner: P, perMinute: 1, days: 7, p50: 95, sigma: 0.5, errorRate: 0 },
];

/** SLOs: availability 99.9% for every model served here, and a latency SLO for the real-time ones. */
const LATENCY_SLOS: Record<string, number> = {
  "fraud-card-tx": 200,
  "credit-default": 300,
  "claims-triage": 800,
  "search-ranking": 300,
  "product-recs": 400,
};

const RUNBOOKS: Record<string, string> = {
  "fraud-card-tx": "https://runbooks.example.com/fraud/card-tx-scoring",
  "claims-triage": "https://runbooks.example.com/insurance/claims-triage",
  "search-ranking": "https://runbooks.example.com/search/ranking",
  "credit-default": "https://runbooks.example.com/credit/default-risk",
};

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function probit(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155211119];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

type DemoEvent = { model: string; version: string; ts: string; latencyMs: number; status: "ok" | "error"; traceId: string };

/**
 * A version's events up to `now`: `recent` the last 24 hours, stamped every minute; `history` the older traffic,
 * gathered into every thirtieth minute with half an hour's worth of events, which keeps the counts (and so every burn rate)
 * the same while writing a thirtieth of the minute rollups. Latencies are stratified over the quantiles of the
 * log-normal, so a bucket's percentiles sit near the distribution's own; errors are spaced evenly at the rate (no
 * random clusters that could page by chance).
 */
function eventsFor(p: Profile, now: number, rand: () => number): { history: DemoEvent[]; recent: DemoEvent[] } {
  const end = Math.floor(now / MINUTE) * MINUTE;
  const history: DemoEvent[] = [];
  const recent: DemoEvent[] = [];
  let due = 0;
  let errorDue = 0;
  let seq = 0;
  for (let minutesAgo = p.days * 1440; minutesAgo >= 1; minutesAgo--) {
    const dense = minutesAgo <= 1440;
    if (!dense && minutesAgo % 30 !== 0) continue;
    const at = end - minutesAgo * MINUTE;
    const hourOfDay = new Date(at).getUTCHours() + new Date(at).getUTCMinutes() / 60;
    const swing = 1 + 0.3 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
    due += p.perMinute * swing * (dense ? 1 : 30);
    const n = Math.floor(due);
    due -= n;
    const ep = p.episodes?.find((e) => minutesAgo <= e.from && minutesAgo > e.to);
    const mu = Math.log(ep?.p50 ?? p.p50);
    const sigma = ep?.sigma ?? p.sigma;
    const errorRate = ep?.errorRate ?? p.errorRate;
    for (let i = 0; i < n; i++) {
      const q = Math.min(0.9995, Math.max(0.0005, (i + rand()) / n));
      errorDue += errorRate;
      const error = errorDue >= 1;
      if (error) errorDue -= 1;
      (dense ? recent : history).push({
        model: p.model,
        version: p.version,
        ts: new Date(at + Math.floor(rand() * MINUTE)).toISOString(),
        latencyMs: Number(Math.exp(mu + sigma * probit(q)).toFixed(2)),
        status: error ? "error" : "ok",
        traceId: `${p.model}-${p.version}-${seq++}`,
      });
    }
  }
  return { history, recent };
}

/**
 * The week before the last day goes straight into the rollups, folded by ingest's own fold (lib/telemetry/fold.ts)
 * but without the raw-event sample: sampling ~200 rows for each of a thousand version-hours is most of what
 * ingesting a week costs, and the demo needs the figures, not the sample. Written before anything else, so plain
 * inserts; the last day then goes through ingestTelemetry, whose pending minutes the compactor merges into the shared
 * hour and day rows (reads take both meanwhile).
 */
async function writeHistory(actor: Actor, events: DemoEvent[]) {
  if (!events.length) return;
  await transact(async (tx) => {
    const ids = await rows<{ model: string; version: string; id: number }>(
      sql`select m.name as model, v.version, v.id from model_versions v join models m on m.id = v.model_id`,
      tx,
    );
    const idOf = new Map(ids.map((r) => [`${r.model}/${r.version}`, r.id]));
    const folded: FoldEvent[] = events.flatMap((e, index) => {
      const versionId = idOf.get(`${e.model}/${e.version}`);
      return versionId === undefined
        ? []
        : [{ versionId, at: Date.parse(e.ts), latencyMs: e.latencyMs, error: e.status === "error", traceId: e.traceId, index }];
    });
    const records = foldRollups(folded);
    for (let i = 0; i < records.length; i += 2000) {
      await rows(
        sql`insert into telemetry_rollups (version_id, tier, bucket, count, errors, latency_sum, latency_min, latency_max, zero_count, bin_keys, bin_counts, p50, p95, p99)
          select v, tier, b, n, e, s, mn, mx, z, k, c, p50, p95, p99
          from jsonb_to_recordset(${JSON.stringify(records.slice(i, i + 2000))}::jsonb)
            as x(v int, tier text, b timestamptz, n bigint, e bigint, s float8, mn float8, mx float8, z bigint, k int[], c int8[], p50 float8, p95 float8, p99 float8)`,
        tx,
      );
    }
    const versions = [...new Set(events.map((e) => `${e.model}/${e.version}`))].sort();
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const f of folded) {
      first = Math.min(first, f.at);
      last = Math.max(last, f.at);
    }
    await appendAudit(tx, actor, "telemetry.ingested", { type: "telemetry", id: versions[0] }, null, {
      events: events.length,
      errors: events.filter((e) => e.status === "error").length,
      versions,
      from: new Date(first).toISOString(),
      to: new Date(last).toISOString(),
      reason: "demo data (history, rollups only)",
    });
  });
}

async function step(what: string, fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (e) {
    log("warn", "demo telemetry step skipped", { what, error: e instanceof Error ? e.message : String(e) });
  }
}

/** Deployments and retraining runs, as the serving platform and the pipelines would report them. */
async function seedOperations(actorFor: Who, now: number) {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * MINUTE).toISOString();
  const deployments: {
    model: string;
    version: string;
    environment: string;
    strategy: string;
    trafficPercent: number;
    status: string;
    minutesAgo: number;
  }[] = [
    {
      model: "fraud-card-tx",
      version: "3.6.0",
      environment: "production",
      strategy: "canary",
      trafficPercent: 10,
      status: "started",
      minutesAgo: 6 * 1440 + 200,
    },
    {
      model: "fraud-card-tx",
      version: "3.6.0",
      environment: "production",
      strategy: "canary",
      trafficPercent: 100,
      status: "completed",
      minutesAgo: 6 * 1440 - 60,
    },
    {
      model: "fraud-card-tx",
      version: "3.7.0",
      environment: "staging",
      strategy: "shadow",
      trafficPercent: 100,
      status: "completed",
      minutesAgo: 2 * 1440,
    },
    {
      model: "credit-default",
      version: "1.2.0",
      environment: "staging",
      strategy: "full",
      trafficPercent: 100,
      status: "completed",
      minutesAgo: 3 * 1440,
    },
    {
      model: "search-ranking",
      version: "4.0",
      environment: "production",
      strategy: "blue-green",
      trafficPercent: 100,
      status: "completed",
      minutesAgo: REGRESSION.deployedMinutesAgo,
    },
    {
      model: "claims-triage",
      version: "1.0",
      environment: "production",
      strategy: "full",
      trafficPercent: 100,
      status: "completed",
      minutesAgo: 4 * 1440 + 300,
    },
  ];
  const runs: {
    pipeline: string;
    model: string;
    status: string;
    trigger: string;
    startMinutesAgo: number;
    minutes: number | null;
    message?: string;
  }[] = [];
  const daily = (model: string, pipeline: string, failedDays: number[], minutes: number) => {
    for (let d = 6; d >= 0; d--) {
      const failed = failedDays.includes(d);
      runs.push({
        pipeline,
        model,
        status: failed ? "failed" : "succeeded",
        trigger: "schedule",
        startMinutesAgo: d * 1440 + 17 * 60,
        minutes,
        message: failed ? "Feature freshness check failed: clean.card_transactions is 26 h old (limit 24 h)." : undefined,
      });
    }
  };
  daily("fraud-card-tx", "retrain-fraud-card-tx", [3, 0], 42);
  runs.push({
    pipeline: "retrain-credit-default",
    model: "credit-default",
    status: "succeeded",
    trigger: "schedule",
    startMinutesAgo: 6 * 1440 + 120,
    minutes: 95,
  });
  runs.push({
    pipeline: "retrain-credit-default",
    model: "credit-default",
    status: "running",
    trigger: "drift",
    startMinutesAgo: 35,
    minutes: null,
    message: "Retraining with the new applicant segment after debt_ratio drifted.",
  });
  runs.push({
    pipeline: "retrain-claims-triage",
    model: "claims-triage",
    status: "succeeded",
    trigger: "schedule",
    startMinutesAgo: 5 * 1440,
    minutes: 180,
  });
  runs.push({
    pipeline: "retrain-claims-triage",
    model: "claims-triage",
    status: "failed",
    trigger: "drift",
    startMinutesAgo: 20 * 60,
    minutes: 12,
    message: "Out of memory while tokenising (batch 4096); rerun with a smaller batch.",
  });
  runs.push({
    pipeline: "retrain-churn-predictor",
    model: "churn-predictor",
    status: "succeeded",
    trigger: "drift",
    startMinutesAgo: 2 * 1440 + 400,
    minutes: 64,
  });
  await transact(async (tx) => {
    const actor = actorFor(C);
    const ids = await rows<{ model: string; version: string; id: number; model_id: number }>(
      sql`select m.name as model, v.version, v.id, m.id as model_id from model_versions v join models m on m.id = v.model_id`,
      tx,
    );
    const versionId = (m: string, v: string) => ids.find((r) => r.model === m && r.version === v)?.id;
    const modelId = (m: string) => ids.find((r) => r.model === m)?.model_id;
    const dep = deployments.flatMap((d) => {
      const id = versionId(d.model, d.version);
      return id === undefined
        ? []
        : [{ v: id, environment: d.environment, strategy: d.strategy, traffic: d.trafficPercent, status: d.status, ts: at(d.minutesAgo) }];
    });
    await rows(
      sql`insert into deployments (version_id, environment, strategy, traffic_percent, status, ts, created_by)
        select v, environment, strategy, traffic, status, ts, ${actor.email} from jsonb_to_recordset(${JSON.stringify(dep)}::jsonb)
        as x(v int, environment text, strategy text, traffic float8, status text, ts timestamptz)`,
      tx,
    );
    const pr = runs.flatMap((r) => {
      const id = modelId(r.model);
      return id === undefined
        ? []
        : [
            {
              m: id,
              pipeline: r.pipeline,
              status: r.status,
              trigger: r.trigger,
              started: at(r.startMinutesAgo),
              finished: r.minutes === null ? null : at(r.startMinutesAgo - r.minutes),
              message: r.message ?? null,
            },
          ];
    });
    await rows(
      sql`insert into pipeline_runs (model_id, pipeline, status, trigger, started_at, finished_at, message, created_by)
        select m, pipeline, status, trigger, started, finished, message, ${actor.email} from jsonb_to_recordset(${JSON.stringify(pr)}::jsonb)
        as x(m int, pipeline text, status text, trigger text, started timestamptz, finished timestamptz, message text)`,
      tx,
    );
    await appendAudit(tx, actor, "operations.seeded", { type: "operations", id: "demo" }, null, {
      deployments: dep.length,
      pipelineRuns: pr.length,
      reason: "demo data",
    });
  });
}

/**
 * A week of serving telemetry for the demo's production (and some staging) versions, their SLOs and runbooks,
 * deployments and retraining runs, and the alert history the evaluator would have written: run after the portfolio
 * is seeded (lib/demo/seed.ts).
 */
export async function seedDemoTelemetry(actorFor: Who, now = new Date()) {
  const t0 = now.getTime();
  const rand = mulberry32(20261120);
  const made = PROFILES.map((p) => ({ p, ...eventsFor(p, t0, rand) }));
  await step("telemetry history", () =>
    writeHistory(
      actorFor(C),
      made.flatMap((m) => m.history),
    ),
  );
  for (const { p, recent } of made) {
    for (let i = 0; i < recent.length; i += MAX_EVENTS) {
      await step(`telemetry ${p.model} ${p.version}`, () =>
        ingestTelemetry(
          actorFor(p.owner),
          { contentType: "application/json", text: JSON.stringify({ events: recent.slice(i, i + MAX_EVENTS) }) },
          { random: rand },
        ),
      );
    }
  }
  // What a running server's compactor does within a second of each batch.
  await step("telemetry compaction", () => compactTelemetry());
  for (const [model, url] of Object.entries(RUNBOOKS)) {
    const owner = PROFILES.find((p) => p.model === model)?.owner ?? C;
    await step(`runbook ${model}`, () => updateModel(actorFor(owner), model, { runbookUrl: url }));
  }
  await step("operations", () => seedOperations(actorFor, t0));
  const owners = [...new Map(PROFILES.map((p) => [p.model, p.owner])).entries()];
  const availability = (model: string, owner: string) =>
    step(`availability SLO ${model}`, () =>
      createSlo(actorFor(owner), model, { sli: "availability", objective: 0.999, windowDays: 30, name: "Requests answered without error" }),
    );
  // The evaluator's passes through the incident, every 10 minutes, as if it had been running: the page fires, then
  // resolves, and the ticket on claims-triage opens. Only those two SLOs exist yet, so each pass is cheap.
  for (const model of [INCIDENT.model, TICKET.model]) await availability(model, owners.find(([m]) => m === model)?.[1] ?? C);
  await step("alert history", async () => {
    for (let m = INCIDENT.startMinutesAgo + 10; m >= INCIDENT.endMinutesAgo - 50; m -= 10) await evaluateAlerts(new Date(t0 - m * MINUTE));
  });
  for (const [model, owner] of owners) {
    if (model !== INCIDENT.model && model !== TICKET.model) await availability(model, owner);
    const ms = LATENCY_SLOS[model];
    if (ms)
      await step(`latency SLO ${model}`, () =>
        createSlo(actorFor(owner), model, {
          sli: "latency",
          objective: 0.99,
          thresholdMs: ms,
          windowDays: 30,
          name: `Answered within ${ms} ms`,
        }),
      );
  }
  await step("alerts now", () => evaluateAlerts(now));
}
