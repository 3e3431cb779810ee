import "server-only";
import { sql } from "drizzle-orm";
import { rows, transact } from "@/db/client";
import { appendAudit } from "@/lib/audit/append";
import type { Actor } from "@/lib/auth/actor";
import { createKpiDefinition } from "@/lib/kpis/definitions";
import { ingestKpis } from "@/lib/kpis/ingest";
import type { CreateKpiDefinitionInput, KpiPointInput } from "@/lib/kpis/schemas";
import { log } from "@/lib/log";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { lognormal, mulberry32 } from "./random";

type Who = (email: string) => Actor;
const H = 3_600_000;
const D = 24 * H;
const DAYS = 90;

export const DEMO_KPIS: CreateKpiDefinitionInput[] = [
  {
    name: "revenue",
    title: "Revenue attributed",
    unit: "USD",
    higherIsBetter: true,
    aggregation: "sum",
    owner: "priya@example.com",
    description: "Daily revenue from the decisions the model drives (model-level: the finance feed does not know versions).",
  },
  {
    name: "margin_rate",
    title: "Gross margin",
    unit: "%",
    higherIsBetter: true,
    aggregation: "mean",
    owner: "priya@example.com",
    description: "Margin on priced baskets, per version.",
  },
  {
    name: "ctr",
    title: "Click-through rate",
    unit: "%",
    higherIsBetter: true,
    aggregation: "mean",
    owner: "contributor@example.com",
    description: "Clicks ÷ impressions of what the model ranked, per version.",
  },
  {
    name: "fraud_losses",
    title: "Fraud losses",
    unit: "USD",
    higherIsBetter: false,
    aggregation: "sum",
    owner: "contributor@example.com",
    description: "Chargebacks on transactions the model let through, by day.",
  },
  {
    name: "approval_rate",
    title: "Approval rate",
    unit: "%",
    higherIsBetter: true,
    aggregation: "mean",
    owner: "contributor@example.com",
    description: "Share of applications approved, per version.",
  },
];

/**
 * The demo's two rollouts of the quarter, in days before the seed (at 09:00 UTC): dynamic-pricing 2024.11 went out as
 * a canary (10%, then 25%) and completed, lifting revenue by 10%; product-recs 7.3.0 went out at 10% and was rolled
 * back a day and a half later, its click-through 4% under 7.2.0's (the story of lib/demo/releases.ts).
 */
export const RAISED = {
  model: "dynamic-pricing",
  version: "2024.11",
  baseline: "2024.10",
  startDay: 40,
  halfDay: 38,
  completeDay: 36,
  lift: 0.1,
  halfShare: 0.25,
};
export const ROLLED_BACK = {
  model: "product-recs",
  version: "7.3.0",
  baseline: "7.2.0",
  startDay: 5,
  rollbackDay: 4,
  rollbackHour: 15,
  drop: 0.04,
};

/**
 * A quarter of KPIs for the demo portfolio (one point a day per series; the canaries' versions report beside their
 * baselines), the deployment reports of the two rollouts (and of the versions they replaced), and the canary's
 * telemetry: run after the demo telemetry (lib/demo/seed.ts). About 700 points, posted through the API's own ingest.
 */
export async function seedDemoKpis(actorFor: Who, now = new Date()) {
  const t0 = now.getTime();
  const today = Math.floor(t0 / D) * D;
  const at9 = (daysAgo: number, hour = 9) => today - daysAgo * D + hour * H;
  const rand = mulberry32(20261201);
  const noise = (spread: number) => 1 + (rand() * 2 - 1) * spread;
  const round = (x: number, digits: number) => Number(x.toFixed(digits));

  for (const k of DEMO_KPIS) await createKpiDefinition(actorFor("admin@example.com"), k);

  const points: KpiPointInput[] = [];
  const add = (model: string, version: string | undefined, kpi: string, ts: number, value: number) => {
    if (ts <= t0) points.push({ model, ...(version ? { version } : {}), kpi, ts: new Date(ts).toISOString(), value });
  };
  const canaryShare = (ts: number) =>
    ts < at9(RAISED.startDay) ? 0 : ts < at9(RAISED.halfDay) ? 0.1 : ts < at9(RAISED.completeDay) ? RAISED.halfShare : 1;
  const rbStart = at9(ROLLED_BACK.startDay);
  const rbEnd = at9(ROLLED_BACK.rollbackDay, ROLLED_BACK.rollbackHour);
  for (let d = DAYS - 1; d >= 0; d--) {
    const noon = today - d * D + 12 * H;
    const weekly = 1 + 0.02 * Math.sin((2 * Math.PI * new Date(noon).getUTCDay()) / 7);
    // dynamic-pricing: revenue steps up with the new version's share of traffic; margin per version.
    const share = canaryShare(noon);
    add("dynamic-pricing", undefined, "revenue", noon, Math.round(182_000 * weekly * noise(0.008) * (1 + RAISED.lift * share)));
    if (share < 1) add(RAISED.model, RAISED.baseline, "margin_rate", noon, round(31.2 * noise(0.004), 2));
    if (share > 0) add(RAISED.model, RAISED.version, "margin_rate", noon, round(33.0 * noise(0.004), 2));
    // product-recs: click-through per version, revenue for the model (7.3.0 took 10% for a day and a half).
    const canary = noon >= rbStart && noon < rbEnd;
    add("product-recs", ROLLED_BACK.baseline, "ctr", noon, round(3.2 * noise(0.004), 3));
    if (canary) add(ROLLED_BACK.model, ROLLED_BACK.version, "ctr", noon, round(3.2 * (1 - ROLLED_BACK.drop) * noise(0.004), 3));
    add("product-recs", undefined, "revenue", noon, Math.round(41_000 * weekly * noise(0.01) * (canary ? 1 - 0.1 * ROLLED_BACK.drop : 1)));
    add("search-ranking", "4.0", "ctr", noon, round(5.1 * noise(0.01), 3));
    add("fraud-card-tx", undefined, "fraud_losses", noon, Math.round(12_500 * noise(0.06)));
    add("credit-default", "1.1.0", "approval_rate", noon, round(61.8 * noise(0.005), 2));
  }
  // The canary's first hours: both versions report every hour, so its delta rests on more than one day's point.
  for (let ts = rbStart + H; ts < Math.min(rbEnd, rbStart + 12 * H); ts += H) {
    add(ROLLED_BACK.model, ROLLED_BACK.baseline, "ctr", ts, round(3.2 * noise(0.004), 3));
    add(ROLLED_BACK.model, ROLLED_BACK.version, "ctr", ts, round(3.2 * (1 - ROLLED_BACK.drop) * noise(0.004), 3));
  }
  await ingestKpis(actorFor("contributor@example.com"), { points }, now);

  // The rollouts as the serving platform reported them, with the earlier full rollouts of the baselines.
  const reports = [
    { model: RAISED.model, version: RAISED.baseline, strategy: "full", traffic: 100, status: "completed", ts: at9(150) },
    { model: RAISED.model, version: RAISED.version, strategy: "canary", traffic: 10, status: "started", ts: at9(RAISED.startDay) },
    {
      model: RAISED.model,
      version: RAISED.version,
      strategy: "canary",
      traffic: RAISED.halfShare * 100,
      status: "progressing",
      ts: at9(RAISED.halfDay),
    },
    { model: RAISED.model, version: RAISED.version, strategy: "canary", traffic: 100, status: "completed", ts: at9(RAISED.completeDay) },
    { model: ROLLED_BACK.model, version: ROLLED_BACK.baseline, strategy: "full", traffic: 100, status: "completed", ts: at9(200) },
    { model: ROLLED_BACK.model, version: ROLLED_BACK.version, strategy: "canary", traffic: 10, status: "started", ts: rbStart },
    { model: ROLLED_BACK.model, version: ROLLED_BACK.version, strategy: "canary", traffic: 0, status: "rolled_back", ts: rbEnd },
  ];
  const actor = actorFor("contributor@example.com");
  await transact(async (tx) => {
    await rows(
      sql`insert into deployments (version_id, environment, strategy, traffic_percent, status, ts, created_by)
        select v.id, 'production', x.strategy, x.traffic, x.status, x.ts, ${actor.email}
        from jsonb_to_recordset(${JSON.stringify(reports.map((r) => ({ ...r, ts: new Date(r.ts).toISOString() })))}::jsonb)
          as x(model text, version text, strategy text, traffic float8, status text, ts timestamptz)
        join models m on m.name = x.model join model_versions v on v.model_id = m.id and v.version = x.version
        order by x.ts`,
      tx,
    );
    await appendAudit(tx, actor, "operations.seeded", { type: "operations", id: "demo-kpis" }, null, {
      deployments: reports.length,
      reason: "demo data (rollouts of the quarter)",
    });
  });

  // The rolled-back canary's serving: one request every 5 minutes, slower than 7.2.0 and with 0.5% errors.
  const events = [];
  let i = 0;
  for (let ts = rbStart; ts < rbEnd; ts += 5 * 60_000, i++) {
    events.push({
      model: ROLLED_BACK.model,
      version: ROLLED_BACK.version,
      ts: new Date(ts).toISOString(),
      latencyMs: round(lognormal(rand, Math.log(75), 0.45), 2),
      status: i % 200 === 100 ? "error" : "ok",
      traceId: `demo-canary-${i}`,
    });
  }
  await ingestTelemetry(actor, { contentType: "application/json", text: JSON.stringify({ events }) }, { random: rand });
}

/** seedDemoKpis, logged and skipped on failure like the other demo steps: the portfolio matters more than its KPIs. */
export async function seedDemoKpisSafely(actorFor: Who, now = new Date()) {
  try {
    await seedDemoKpis(actorFor, now);
  } catch (e) {
    log("warn", "demo KPIs skipped", { error: e instanceof Error ? e.message : String(e) });
  }
}
