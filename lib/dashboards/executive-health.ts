import "server-only";
import { sql } from "drizzle-orm";
import { type conn, rows } from "@/db/client";
import { productionVersionId } from "../inventory/production";
import { kpiSteps } from "../kpis/read";
import { budgetRemaining } from "../slo/burn";
import { sloBudgetCounts } from "../slo/window-counts";
import { seriesFromRollups } from "../telemetry/read";
import { ROLLOUT_ENVIRONMENT } from "./executive-rollouts";
import type { ExecutiveViewData } from "./executive-schemas";
import { ids, iso, type KpiDef, type ProdRow } from "./executive-shared";

// The executive dashboard's health panels (SLOs, KPI trends, deployment markers, serving health): one function and
// one query each (lib/dashboards/executive.ts composes them).

type Window = { from: number; to: number };
type Db = Awaited<ReturnType<typeof conn>>;
type View = ExecutiveViewData;

/**
 * SLOs of the production versions: how many there are, how many saw traffic in their window, and how many have error
 * budget left. Counted for every SLO in one statement (lib/slo/window-counts.ts), as the evaluator counts them.
 */
export async function sloAttainment(db: Db, prod: ProdRow[], now: Date): Promise<View["headline"]["slos"]> {
  const prodVersionIds = prod.map((p) => Number(p.version_id));
  if (!prodVersionIds.length) return { total: 0, withData: 0, met: 0 };
  const slos = await rows<{
    id: string;
    model_id: number;
    sli: string;
    objective: number;
    threshold_ms: number | null;
    window_days: number;
    version_id: number;
  }>(
    sql`select s.id::text as id, s.model_id, s.sli, s.objective, s.threshold_ms, s.window_days, v.id as version_id
      from slos s join model_versions v on v.id = ${productionVersionId(sql`s.model_id`)}
      where s.active and s.sli in ('availability', 'latency') and v.id in ${ids(prodVersionIds)}
      order by s.created_at, s.id`,
    db,
  );
  const counts = await sloBudgetCounts(slos, now);
  let withData = 0;
  let met = 0;
  for (const s of slos) {
    const c = counts.get(s.id)?.get(Number(s.version_id));
    if (!c?.total) continue;
    withData++;
    if (budgetRemaining(c, s.objective) > 0) met++;
  }
  return { total: slos.length, withData, met };
}

/** Every KPI's daily series per model over the period, in one statement; KPIs without points are left out. */
export async function kpiTrends(defs: KpiDef[], modelIds: number[], w: Window): Promise<View["kpis"]> {
  if (!modelIds.length || !defs.length) return [];
  const steps = await kpiSteps(
    defs.map((d) => d.id),
    { from: w.from, to: w.to, stepSeconds: 86_400 },
    { modelIds, byVersion: false },
  );
  const out: View["kpis"] = [];
  for (const d of defs) {
    const series = new Map<string, { t: number; value: number }[]>();
    for (const s of steps)
      if (s.kpiId === d.id)
        series.set(s.model, [...(series.get(s.model) ?? []), { t: s.t, value: d.aggregation === "sum" ? s.sum : s.mean }]);
    if (!series.size) continue;
    const { id: _id, ...def } = d;
    out.push({ ...def, step: "1d", series: [...series.entries()].map(([model, points]) => ({ model, points })) });
  }
  return out;
}

/** Deployments to the rollout environment in the period: the markers on the KPI charts. */
export async function deploymentMarkers(db: Db, modelIds: number[], w: Window): Promise<View["markers"]> {
  if (!modelIds.length) return [];
  const list = await rows<{
    model: string;
    version: string;
    environment: string;
    strategy: string;
    status: string;
    traffic_percent: number;
    ts: string | Date;
  }>(
    sql`select m.name as model, v.version, d.environment, d.strategy, d.status, d.traffic_percent, d.ts
      from deployments d join model_versions v on v.id = d.version_id join models m on m.id = v.model_id
      where m.id in ${ids(modelIds)} and d.environment = ${ROLLOUT_ENVIRONMENT}
        and d.ts >= ${iso(w.from)}::timestamptz and d.ts < ${iso(w.to)}::timestamptz
      order by d.ts, m.name`,
    db,
  );
  return list.map((r) => ({
    t: new Date(r.ts).getTime(),
    model: r.model,
    version: r.version,
    environment: r.environment,
    strategy: r.strategy,
    status: r.status,
    trafficPercent: Number(r.traffic_percent),
  }));
}

/** Serving health of each production version: per day and over the period (requests, availability, p99). */
export async function portfolioHealth(prod: ProdRow[], w: Window): Promise<View["portfolio"]> {
  const prodVersionIds = prod.map((p) => Number(p.version_id));
  const [daily, totals] = await Promise.all([
    seriesFromRollups(prodVersionIds, { from: w.from, to: w.to, tier: "day", stepSeconds: 86_400 }),
    seriesFromRollups(prodVersionIds, { from: w.from, to: w.to, tier: "day", stepSeconds: (w.to - w.from) / 1000 }),
  ]);
  const availability = (n: number, e: number) => (n ? 1 - e / n : null);
  return prod.map((p) => {
    const vid = Number(p.version_id);
    const tot = totals.find((t) => t.versionId === vid);
    return {
      model: p.model,
      title: p.title,
      team: p.team,
      riskTier: p.risk_tier,
      version: p.version,
      requests: tot?.count ?? 0,
      availability: tot ? availability(tot.count, tot.errors) : null,
      p99: tot?.p99 ?? null,
      points: daily.filter((s) => s.versionId === vid).map((s) => ({ t: s.t, availability: availability(s.count, s.errors), p99: s.p99 })),
    };
  });
}
