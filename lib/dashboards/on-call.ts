import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize, can } from "../auth/policy";
import { listAlerts, listSilences } from "../slo/alerts";
import { budgetRemaining } from "../slo/burn";
import type { AlertView } from "../slo/schemas";
import { seriesFromRollups, tierRows } from "../telemetry/read";
import { keyOf } from "../telemetry/sketch";
import { driftSummaries, qualitySummaries, resourceSummaries } from "./on-call-health";
import { deploymentStartups } from "./on-call-startup";
import {
  type OnCallQueryInput,
  type OnCallVersionView,
  type OnCallViewData,
  type PipelineSummaryView,
  RANGES,
  type Range,
} from "./schemas";

const MINUTE = 60_000;
/** Bucket width per range: 60 to 168 points a chart. */
const STEP: Record<Range, { seconds: number; label: string; tier: "minute" | "hour" }> = {
  "1h": { seconds: 60, label: "1m", tier: "minute" },
  "6h": { seconds: 300, label: "5m", tier: "minute" },
  "24h": { seconds: 900, label: "15m", tier: "minute" },
  "7d": { seconds: 3600, label: "1h", tier: "hour" },
};
const iso = (v: string | Date) => new Date(v).toISOString();

/** The window of a range ending now, aligned to its step (so the buckets are whole rollup rows). */
export function rangeWindow(range: Range, now: number) {
  const unit = STEP[range].seconds * 1000;
  const to = Math.ceil(now / unit) * unit;
  return { from: to - RANGES[range], to, ...STEP[range] };
}

type VersionRow = { model_id: number; model: string; version_id: number; version: string; stage: string; runbook_url: string | null };
type SloRow = {
  id: string;
  model_id: number;
  sli: string;
  name: string | null;
  objective: number;
  threshold_ms: number | null;
  window_days: number;
};

/** Events and bad events per version over each SLO's window, from the minute rollups, as the evaluator counts them. */
async function sloCounts(slo: SloRow, now: Date): Promise<Map<number, { total: number; bad: number }>> {
  const key = slo.sli === "latency" && slo.threshold_ms !== null ? (keyOf(slo.threshold_ms) ?? -2147483648) : null;
  const bad =
    key === null ? sql`r.errors` : sql`coalesce((select sum(c) from unnest(r.bin_keys, r.bin_counts) as u(k, c) where k > ${key}), 0)`;
  const list = await rows<{ version_id: number; total: string | number; bad: string | number }>(
    sql`select r.version_id, sum(r.count) as total, sum(${bad}) as bad
      from ${tierRows(
        "minute",
        sql`version_id in (select id from model_versions where model_id = ${slo.model_id})
          and bucket >= ${now.toISOString()}::timestamptz - make_interval(days => ${slo.window_days}) and bucket < ${now.toISOString()}::timestamptz`,
      )} r
      group by r.version_id`,
  );
  return new Map(list.map((r) => [Number(r.version_id), { total: Number(r.total), bad: Number(r.bad) }]));
}

async function pipelineSummaries(model: string | undefined, now: Date): Promise<PipelineSummaryView[]> {
  const list = await rows<{
    model: string;
    pipeline: string;
    status: string;
    trigger: string;
    started_at: string | Date;
    finished_at: string | Date | null;
    message: string | null;
  }>(
    sql`select m.name as model, p.pipeline, p.status, p.trigger, p.started_at, p.finished_at, p.message
      from pipeline_runs p join models m on m.id = p.model_id
      where p.started_at >= ${now.toISOString()}::timestamptz - make_interval(days => 30) ${model ? sql`and m.name = ${model}` : sql``}
      order by p.started_at desc limit 1000`,
  );
  const groups = new Map<string, typeof list>();
  for (const r of list) {
    const k = `${r.model}\n${r.pipeline}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const run = (r: (typeof list)[number]) => ({
    status: r.status,
    trigger: r.trigger,
    startedAt: iso(r.started_at),
    finishedAt: r.finished_at ? iso(r.finished_at) : null,
    message: r.message,
  });
  return [...groups.values()]
    .map((g) => {
      const finished = g.filter((r) => r.status !== "running");
      const failures = finished.filter((r) => r.status === "failed").length;
      const success = g.find((r) => r.status === "succeeded");
      return {
        model: g[0].model,
        pipeline: g[0].pipeline,
        lastRun: run(g[0]),
        lastSuccessAt: success ? iso(success.finished_at ?? success.started_at) : null,
        runs: finished.length,
        failures,
        successRate: finished.length ? (finished.length - failures) / finished.length : null,
        recent: g.slice(0, 5).map(run),
      };
    })
    .sort(
      (a, b) =>
        Number(b.lastRun.status === "failed") - Number(a.lastRun.status === "failed") ||
        a.model.localeCompare(b.model) ||
        a.pipeline.localeCompare(b.pipeline),
    );
}

async function allAlerts(
  actor: Actor,
  q: { state: "firing" | "resolved"; model?: string; limit: number },
  now: Date,
): Promise<AlertView[]> {
  const out: AlertView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAlerts(actor, { ...q, limit: Math.min(q.limit - out.length, 200), cursor }, now);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < q.limit);
  return out;
}

/**
 * Everything the on-call dashboard shows, in one read: alerts (firing, then resolved in the last 7 days), active
 * silences, per version in production or serving traffic its latency percentiles, error rate and traffic over the
 * range with the deployments in it and its SLOs' budgets, and the retraining pipelines.
 */
export async function onCallView(actor: Actor, q: OnCallQueryInput, now = new Date()): Promise<OnCallViewData> {
  authorize(actor, "inventory.read");
  const w = rangeWindow(q.range, now.getTime());
  const fromIso = new Date(w.from).toISOString();
  const toIso = new Date(w.to).toISOString();
  const byModel = q.model ? sql`and m.name = ${q.model}` : sql``;

  const [firing, resolvedAll, silences, models, versions] = await Promise.all([
    allAlerts(actor, { state: "firing", model: q.model, limit: 500 }, now),
    allAlerts(actor, { state: "resolved", model: q.model, limit: 20 }, now),
    listSilences(actor, { model: q.model, active: true }, now),
    rows<{ name: string; versions: string[] }>(
      sql`select m.name, coalesce(array_agg(v.version order by v.id desc) filter (where v.stage in ('production', 'staging')), '{}') as versions
        from models m left join model_versions v on v.model_id = m.id group by m.name order by m.name`,
    ),
    rows<VersionRow>(
      sql`select m.id as model_id, m.name as model, v.id as version_id, v.version, v.stage, m.runbook_url
        from model_versions v join models m on m.id = v.model_id
        where (v.stage = 'production' or v.id in (select r.version_id from ${tierRows(w.tier, sql`bucket >= ${fromIso}::timestamptz and bucket < ${toIso}::timestamptz`)} r)) ${byModel}
        order by m.name, v.id`,
    ),
  ]);
  const weekAgo = now.getTime() - 7 * 1440 * MINUTE;
  const resolved = resolvedAll.filter((a) => a.resolvedAt && Date.parse(a.resolvedAt) >= weekAgo);

  const ids = versions.map((v) => Number(v.version_id));
  const [points, totals, deployments, slos, pipelines] = await Promise.all([
    seriesFromRollups(ids, { from: w.from, to: w.to, tier: w.tier, stepSeconds: w.seconds }),
    seriesFromRollups(ids, { from: w.from, to: w.to, tier: w.tier, stepSeconds: (w.to - w.from) / 1000 }),
    rows<{
      id: string;
      version_id: number;
      ts: string | Date;
      environment: string;
      strategy: string;
      traffic_percent: number;
      status: string;
    }>(
      sql`select d.id, d.version_id, d.ts, d.environment, d.strategy, d.traffic_percent, d.status from deployments d
        where d.version_id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::int)
          and d.ts >= ${fromIso}::timestamptz and d.ts < ${toIso}::timestamptz order by d.ts`,
    ),
    rows<SloRow>(
      sql`select s.id, s.model_id, s.sli, s.name, s.objective, s.threshold_ms, s.window_days from slos s join models m on m.id = s.model_id
        where s.active and s.sli in ('availability', 'latency') ${byModel} order by s.created_at, s.id`,
    ),
    pipelineSummaries(q.model, now),
  ]);
  const [drift, quality, resources, startup] = await Promise.all([
    driftSummaries(
      versions.map((v) => ({ id: Number(v.version_id), modelId: v.model_id })),
      Math.floor(w.from / 3_600_000) * 3_600_000,
      Math.ceil(w.to / 3_600_000) * 3_600_000,
      now,
    ),
    qualitySummaries(ids, w.from, w.to),
    resourceSummaries(ids, w.from, w.to),
    deploymentStartups(
      deployments.map((d) => d.id),
      now,
    ),
  ]);
  const counts = new Map<string, Map<number, { total: number; bad: number }>>();
  for (const s of slos) counts.set(s.id, await sloCounts(s, now));

  const firingBySlo = new Map(firing.filter((a) => a.sloId).map((a) => [`${a.sloId}|${a.model}|${a.version}`, a.severity]));
  const views: OnCallVersionView[] = versions.map((v) => {
    const vid = Number(v.version_id);
    const total = totals.find((t) => t.versionId === vid);
    return {
      model: v.model,
      version: v.version,
      stage: v.stage,
      runbookUrl: v.runbook_url,
      totals: {
        count: total?.count ?? 0,
        errors: total?.errors ?? 0,
        errorRate: total?.count ? total.errors / total.count : 0,
        p50: total?.p50 ?? null,
        p95: total?.p95 ?? null,
        p99: total?.p99 ?? null,
      },
      points: points
        .filter((p) => p.versionId === vid)
        .map((p) => ({
          t: p.t,
          count: p.count,
          errors: p.errors,
          errorRate: p.count ? p.errors / p.count : 0,
          p50: p.p50,
          p95: p.p95,
          p99: p.p99,
        })),
      deployments: deployments
        .filter((d) => Number(d.version_id) === vid)
        .map((d) => ({
          t: new Date(d.ts).getTime(),
          environment: d.environment,
          strategy: d.strategy,
          trafficPercent: Number(d.traffic_percent),
          status: d.status,
          ...(startup.has(d.id) ? { startup: startup.get(d.id) } : {}),
        })),
      slos: slos
        .filter((s) => s.model_id === v.model_id)
        .map((s) => {
          const c = counts.get(s.id)?.get(vid);
          return {
            id: s.id,
            sli: s.sli,
            name: s.name,
            objective: s.objective,
            thresholdMs: s.threshold_ms,
            windowDays: s.window_days,
            budgetRemaining: c && c.total > 0 ? budgetRemaining(c, s.objective) : null,
            events: c?.total ?? 0,
            firing: firingBySlo.get(`${s.id}|${v.model}|${v.version}`) ?? null,
          };
        }),
      drift: drift.get(vid) ?? null,
      quality: quality.get(vid) ?? null,
      resources: resources.get(vid) ?? null,
    };
  });
  const rank = (v: OnCallVersionView) => {
    // Burning SLOs first (pages, then tickets), then other alerts on the version, then production before the rest.
    const f = firing.filter((a) => a.model === v.model && a.version === v.version);
    const slo = f.filter((a) => a.kind === "burn_rate");
    return slo.some((a) => a.severity === "page") ? 0 : slo.length ? 1 : f.length ? 2 : v.stage === "production" ? 3 : 4;
  };
  const served = views.filter((v) => v.totals.count > 0).sort((a, b) => rank(a) - rank(b) || a.model.localeCompare(b.model));
  return {
    range: q.range,
    model: q.model ?? null,
    from: fromIso,
    to: toIso,
    step: w.label,
    generatedAt: now.toISOString(),
    canSilence: can(actor, "silences.manage"),
    models: models.map((m) => ({ name: m.name, versions: m.versions ?? [] })),
    sloCount: slos.length,
    firing,
    resolved,
    silences: silences.items,
    versions: served,
    quiet: views.filter((v) => v.totals.count === 0 && v.stage === "production").map((v) => ({ model: v.model, version: v.version })),
    pipelines,
  };
}
