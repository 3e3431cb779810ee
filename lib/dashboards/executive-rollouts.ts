import "server-only";
import { sql } from "drizzle-orm";
import { conn, rows } from "@/db/client";
import { productionVersionId } from "../inventory/production";
import {
  baselineOf,
  canaryDelta,
  type DeploymentReport,
  deltaWindow,
  ERROR_RATE_REGRESSION,
  groupRollouts,
  isImprovement,
  isRegression,
  KPI_REGRESSION,
  P99_REGRESSION,
  type Rollout,
  rolloutInWindow,
} from "../kpis/canary";
import type { KpiDefinitionView } from "../kpis/schemas";
import { deploymentSteps, startupFigures } from "../operations/cold-start";
import { seriesFromRollups } from "../telemetry/read";
import { iso } from "../time";
import type { RolloutViewData } from "./executive-schemas";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const ids = (xs: number[]) => sql`(select (jsonb_array_elements_text(${JSON.stringify(xs)}::jsonb))::int)`;

/** Only production rollouts move the business: staging and shadow traffic earn nothing. */
export const ROLLOUT_ENVIRONMENT = "production";

/**
 * Error rate and p99 of each version over [from, to), as one bucket from the rollups: minute rows for up to three days
 * (bounds to the minute), hour rows beyond (bounds to the hour).
 */
async function serving(
  versionIds: number[],
  from: number,
  to: number,
): Promise<Map<number, { errorRate: number | null; p99: number | null }>> {
  const unit = to - from <= 3 * 24 * HOUR ? MINUTE : HOUR;
  const f = Math.floor(from / unit) * unit;
  const t = Math.max(Math.ceil(to / unit) * unit, f + unit);
  const found = await seriesFromRollups(versionIds, {
    from: f,
    to: t,
    tier: unit === MINUTE ? "minute" : "hour",
    stepSeconds: (t - f) / 1000,
  });
  return new Map(found.map((s) => [s.versionId as number, { errorRate: s.count ? s.errors / s.count : null, p99: s.p99 }]));
}

/** Mean of each KPI's points per version over [from, to). */
async function kpiMeans(versionIds: number[], from: number, to: number): Promise<Map<string, number>> {
  const found = await rows<{ kpi_id: number; version_id: number; mean: number }>(
    sql`select kpi_id, version_id, avg(value) as mean from kpi_points
      where version_id in ${ids(versionIds)} and ts >= ${iso(from)}::timestamptz and ts < ${iso(to)}::timestamptz
      group by 1, 2`,
    await conn(),
  );
  return new Map(found.map((r) => [`${r.kpi_id}:${r.version_id}`, Number(r.mean)]));
}

type Named = { id: number; name: string; version: string };

/**
 * The production rollouts of the models in scope that were in progress or finished in [from, to), newest first, each
 * with its baseline (the version it replaced: see baselineOf) and the canary delta of every KPI with points for either
 * version, of the error rate and of p99, over the rollout's own window. KPIs compare the mean of their points, so a
 * KPI meant for this comparison is reported per version as a rate (per session, per 1,000 requests), not a total.
 */
export async function rolloutsInWindow(
  modelIds: number[],
  from: number,
  to: number,
  now: number,
  defs: (KpiDefinitionView & { id: number })[],
): Promise<RolloutViewData[]> {
  if (!modelIds.length) return [];
  const db = await conn();
  const reports = await rows<{
    model_id: number;
    model: string;
    version_id: number;
    version: string;
    environment: string;
    strategy: string;
    traffic_percent: number;
    status: string;
    ts: string | Date;
  }>(
    sql`select v.model_id, m.name as model, d.version_id, v.version, d.environment, d.strategy, d.traffic_percent, d.status, d.ts
      from deployments d join model_versions v on v.id = d.version_id join models m on m.id = v.model_id
      where v.model_id in ${ids(modelIds)} and d.environment = ${ROLLOUT_ENVIRONMENT} and d.ts < ${iso(to)}::timestamptz
      order by d.ts desc limit 5000`,
    db,
  );
  if (!reports.length) return [];
  const byModel = new Map<number, { model: string; reports: DeploymentReport[] }>();
  for (const r of reports) {
    const g = byModel.get(Number(r.model_id)) ?? { model: r.model, reports: [] };
    g.reports.push({
      versionId: Number(r.version_id),
      version: r.version,
      environment: r.environment,
      strategy: r.strategy,
      trafficPercent: Number(r.traffic_percent),
      status: r.status,
      ts: new Date(r.ts).getTime(),
    });
    byModel.set(Number(r.model_id), g);
  }
  // What a release of the version replaced, else the version in production now: the baseline when no earlier
  // rollout was reported.
  const fallbacks = await rows<{
    model_id: number;
    version_id: number | null;
    replaces_id: number | null;
    replaces: string | null;
    production_id: number | null;
    production: string | null;
  }>(
    sql`select m.id as model_id, r.version_id, r.replaces_version_id as replaces_id, rv.version as replaces, p.id as production_id, p.version as production
      from models m
      left join model_versions p on p.id = ${productionVersionId(sql`m.id`)}
      left join lateral (select distinct on (version_id) version_id, replaces_version_id from releases
        where model_id = m.id and target_stage = 'production' and kind = 'release' order by version_id, requested_at desc) r on true
      left join model_versions rv on rv.id = r.replaces_version_id
      where m.id in ${ids(modelIds)}`,
    db,
  );
  const chosen: { model: string; r: Rollout; baseline: Named | null }[] = [];
  for (const [modelId, g] of byModel) {
    const all = groupRollouts(g.reports);
    for (const r of all.filter((x) => rolloutInWindow(x, from, to))) {
      const mine = fallbacks.filter((f) => Number(f.model_id) === modelId);
      const released = mine.find((f) => Number(f.version_id) === r.versionId && f.replaces_id !== null);
      const production = mine.find((f) => f.production_id !== null);
      // The version in production now is what a rollout in progress (or rolled back) competes with; a completed
      // rollout made its own version the production one, so what it replaced is unknown without a release.
      const fallback = released
        ? { versionId: Number(released.replaces_id), version: released.replaces as string }
        : production && r.status !== "completed"
          ? { versionId: Number(production.production_id), version: production.production as string }
          : null;
      const b = baselineOf(r, all, fallback);
      chosen.push({ model: g.model, r, baseline: b ? { id: b.versionId, name: g.model, version: b.version } : null });
    }
  }
  // The start-up figures of each rollout's first step (cold starts, lib/operations/cold-start.ts), in two statements.
  const firsts = JSON.stringify(chosen.map((c) => ({ v: c.r.versionId, e: c.r.environment, t: iso(c.r.startedAt) })));
  const firstSteps = chosen.length
    ? await deploymentSteps(
        db,
        sql`(d.version_id, d.environment, d.ts) in (select v, e, t from jsonb_to_recordset(${firsts}::jsonb) as f(v int, e text, t timestamptz))`,
        5000,
      )
    : [];
  const startups = await startupFigures(db, firstSteps, now);
  const startupOf = new Map(firstSteps.map((s) => [`${s.versionId}|${s.environment}|${s.ts}`, startups.get(s.id)]));
  const out: RolloutViewData[] = [];
  for (const { model, r, baseline } of chosen.sort((a, b) => b.r.startedAt - a.r.startedAt)) {
    const w = deltaWindow(r, now);
    const versionIds = baseline ? [r.versionId, baseline.id] : [r.versionId];
    const [serve, means] = await Promise.all([serving(versionIds, w.from, w.to), kpiMeans(versionIds, w.from, w.to)]);
    const metrics: RolloutViewData["metrics"] = [];
    const push = (
      key: string,
      title: string,
      unit: string,
      higherIsBetter: boolean,
      canary: number | null,
      base: number | null,
      threshold: number,
    ) => {
      const delta = canaryDelta(canary, base);
      metrics.push({
        key,
        title,
        unit,
        higherIsBetter,
        canary,
        baseline: base,
        delta,
        regression: isRegression(delta, higherIsBetter, threshold),
        improvement: isImprovement(delta, higherIsBetter, threshold),
      });
    };
    for (const d of defs) {
      const c = means.get(`${d.id}:${r.versionId}`) ?? null;
      const b = baseline ? (means.get(`${d.id}:${baseline.id}`) ?? null) : null;
      if (c !== null || b !== null) push(d.name, d.title, d.unit, d.higherIsBetter, c, b, KPI_REGRESSION);
    }
    const cs = serve.get(r.versionId);
    const bs = baseline ? serve.get(baseline.id) : undefined;
    push("error_rate", "Error rate", "%", false, cs?.errorRate ?? null, bs?.errorRate ?? null, ERROR_RATE_REGRESSION);
    push("p99", "p99 latency", "ms", false, cs?.p99 ?? null, bs?.p99 ?? null, P99_REGRESSION);
    out.push({
      model,
      version: r.version,
      baseline: baseline?.version ?? null,
      environment: r.environment,
      strategy: r.strategy,
      status: r.status,
      trafficPercent: r.trafficPercent,
      peakTrafficPercent: r.peakTrafficPercent,
      startedAt: iso(r.startedAt),
      endedAt: r.endedAt === null ? null : iso(r.endedAt),
      window: { from: iso(w.from), to: iso(w.to) },
      metrics,
      regression: metrics.some((m) => m.regression),
      ...(startupOf.get(`${r.versionId}|${r.environment}|${r.startedAt}`)
        ? { startup: startupOf.get(`${r.versionId}|${r.environment}|${r.startedAt}`) }
        : {}),
    });
  }
  return out;
}
