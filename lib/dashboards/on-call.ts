import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { lagTolerant, rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize, can } from "../auth/policy";
import { listAlerts, listSilences } from "../slo/alerts";
import { budgetRemaining } from "../slo/burn";
import type { AlertView } from "../slo/schemas";
import { sloBudgetCounts } from "../slo/window-counts";
import type { Tier } from "../telemetry/limits";
import { seriesFromRollups, tierRows } from "../telemetry/read";
import { iso } from "../time";
import { driftSummaries, qualitySummaries, resourceSummaries } from "./on-call-health";
import { pipelineSummaries } from "./on-call-pipelines";
import { deploymentStartups } from "./on-call-startup";
import { type OnCallQueryInput, type OnCallVersionView, type OnCallViewData, RANGES, type Range } from "./schemas";

const MINUTE = 60_000;
/** Bucket width per range: 60 to 168 points a chart. */
const STEP: Record<Range, { seconds: number; label: string; tier: "minute" | "hour" }> = {
  "1h": { seconds: 60, label: "1m", tier: "minute" },
  "6h": { seconds: 300, label: "5m", tier: "minute" },
  "24h": { seconds: 900, label: "15m", tier: "minute" },
  "7d": { seconds: 3600, label: "1h", tier: "hour" },
};

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

/** The models to choose from, with their production and staging versions (newest first). */
async function modelChoices(): Promise<{ name: string; versions: string[] }[]> {
  return rows<{ name: string; versions: string[] }>(
    sql`select m.name, coalesce(array_agg(v.version order by v.id desc) filter (where v.stage in ('production', 'staging')), '{}') as versions
      from models m left join model_versions v on v.model_id = m.id group by m.name order by m.name`,
  );
}

/** The versions shown: every production version, and any version that served traffic in the window. */
async function versionsShown(byModel: SQL, w: { tier: Tier; from: number; to: number }): Promise<VersionRow[]> {
  return rows<VersionRow>(
    sql`select m.id as model_id, m.name as model, v.id as version_id, v.version, v.stage, m.runbook_url
      from model_versions v join models m on m.id = v.model_id
      where (v.stage = 'production' or v.id in (select r.version_id from ${tierRows(w.tier, sql`bucket >= ${iso(w.from)}::timestamptz and bucket < ${iso(w.to)}::timestamptz`)} r)) ${byModel}
      order by m.name, v.id`,
  );
}

type DeploymentRow = {
  id: string;
  version_id: number;
  ts: string | Date;
  environment: string;
  strategy: string;
  traffic_percent: number;
  status: string;
};

/** Deployment steps of the versions shown in the window: the markers on the charts. */
async function deploymentsIn(ids: number[], w: { from: number; to: number }): Promise<DeploymentRow[]> {
  return rows<DeploymentRow>(
    sql`select d.id, d.version_id, d.ts, d.environment, d.strategy, d.traffic_percent, d.status from deployments d
      where d.version_id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::int)
        and d.ts >= ${iso(w.from)}::timestamptz and d.ts < ${iso(w.to)}::timestamptz order by d.ts`,
  );
}

/** The active SLOs (availability and latency) of the models in scope. */
async function activeSlos(byModel: SQL): Promise<SloRow[]> {
  return rows<SloRow>(
    sql`select s.id, s.model_id, s.sli, s.name, s.objective, s.threshold_ms, s.window_days from slos s join models m on m.id = s.model_id
      where s.active and s.sli in ('availability', 'latency') ${byModel} order by s.created_at, s.id`,
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

/** onCallView, read where lag is tolerated (the replica of DATABASE_READ_URL, when one is set). */
export function onCallView(actor: Actor, q: OnCallQueryInput, now = new Date()): Promise<OnCallViewData> {
  return lagTolerant(() => onCallViewHere(actor, q, now));
}

/**
 * Everything the on-call dashboard shows, in one read: alerts (firing, then resolved in the last 7 days), active
 * silences, per version in production or serving traffic its latency percentiles, error rate and traffic over the
 * range with the deployments in it and its SLOs' budgets, and the retraining pipelines.
 */
async function onCallViewHere(actor: Actor, q: OnCallQueryInput, now = new Date()): Promise<OnCallViewData> {
  authorize(actor, "inventory.read");
  const w = rangeWindow(q.range, now.getTime());

  const byModel = q.model ? sql`and m.name = ${q.model}` : sql``;

  const [firing, resolvedAll, silences, models, versions] = await Promise.all([
    allAlerts(actor, { state: "firing", model: q.model, limit: 500 }, now),
    allAlerts(actor, { state: "resolved", model: q.model, limit: 20 }, now),
    listSilences(actor, { model: q.model, active: true }, now),
    modelChoices(),
    versionsShown(byModel, w),
  ]);
  const weekAgo = now.getTime() - 7 * 1440 * MINUTE;
  const resolved = resolvedAll.filter((a) => a.resolvedAt && Date.parse(a.resolvedAt) >= weekAgo);

  const ids = versions.map((v) => Number(v.version_id));
  const [points, totals, deployments, slos, pipelines] = await Promise.all([
    seriesFromRollups(ids, { from: w.from, to: w.to, tier: w.tier, stepSeconds: w.seconds }),
    seriesFromRollups(ids, { from: w.from, to: w.to, tier: w.tier, stepSeconds: (w.to - w.from) / 1000 }),
    deploymentsIn(ids, w),
    activeSlos(byModel),
    pipelineSummaries(q.model, now),
  ]);
  const [drift, quality, resources, startup, counts] = await Promise.all([
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
    sloBudgetCounts(slos, now),
  ]);

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
    from: iso(w.from),
    to: iso(w.to),
    step: w.label,
    generatedAt: now.toISOString(),
    canSilence: can(actor, "silences.manage"),
    canRecordIncident: can(actor, "incident.create"),
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
