import "server-only";
import { sql } from "drizzle-orm";
import { getHandle, rows } from "@/db/client";
import pkg from "@/package.json";
import { rangeWindow } from "../dashboards/on-call";
import { qualitySummaries } from "../dashboards/on-call-health";
import { windowHistograms } from "../drift/read";
import { specsOf } from "../drift/reference";
import { windowDrift } from "../drift/windows";
import { productionVersionId } from "../inventory/production";
import { budgetRemaining, burnRate, evaluateRules, rulesFor } from "../slo/burn";
import { sloWindowCounts } from "../slo/window-counts";
import { seriesFromRollups } from "../telemetry/read";

export type Labels = Record<string, string>;
export type Sample = { labels: Labels; value: number; suffix?: "_sum" | "_count" };
export type Family = { name: string; help: string; type: "counter" | "gauge" | "summary"; samples: Sample[] };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const n = (x: unknown) => Number(x);

/** 5 → "5m", 60 → "1h", 4320 → "3d": the window of a burn rate as a Prometheus duration. */
export function durationLabel(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  if (Number.isInteger(minutes)) return `${minutes}m`;
  return `${Math.round(minutes * 60)}s`;
}

type VersionRow = { version_id: number; model_id: number; model: string; version: string; stage: string };

/** Every figure the scrape serves from the store, as metric families. Reads rollups only, each in a bounded query. */
export async function collectStoreMetrics(now = new Date()): Promise<Family[]> {
  const t0 = performance.now();
  const nowMs = now.getTime();
  const latencyWindow = { from: Math.floor(nowMs / HOUR) * HOUR - HOUR, to: Math.floor(nowMs / HOUR) * HOUR + HOUR };
  const dayWindow = rangeWindow("24h", nowMs);
  const dayFrom = new Date(dayWindow.from).toISOString();
  const dayTo = new Date(dayWindow.to).toISOString();

  // Cumulative per version: the day tier (every compacted event is in it) plus the minutes pending compaction.
  const totals = await rows<{ version_id: number; count: string | number; errors: string | number; latency_sum: string | number }>(
    sql`select version_id, sum(count) as count, sum(errors) as errors, sum(latency_sum) as latency_sum from (
        select version_id, count, errors, latency_sum from telemetry_rollups where tier = 'day'
        union all
        select x.v, x.n, x.e, x.s from telemetry_pending p cross join lateral jsonb_to_recordset(p.minutes::jsonb) as x(v int, n int8, e int8, s float8)) t
      group by version_id`,
  );
  // The versions named: those with telemetry, and those in production (a quiet production version still has SLOs).
  const versions = await rows<VersionRow>(
    sql`select v.id as version_id, m.id as model_id, m.name as model, v.version, v.stage
      from model_versions v join models m on m.id = v.model_id
      where v.id = ${productionVersionId(sql`v.model_id`)} or v.id in (select (jsonb_array_elements_text(${JSON.stringify(totals.map((t) => n(t.version_id)))}::jsonb))::int)
      order by m.name, v.id`,
  );
  const byId = new Map(versions.map((v) => [n(v.version_id), v]));
  const vl = (id: number): Labels | null => {
    const v = byId.get(id);
    return v ? { model: v.model, version: v.version } : null;
  };
  const families: Family[] = [];
  const family = (name: string, type: Family["type"], help: string, samples: Sample[]) => families.push({ name, type, help, samples });

  family(
    "steward_model_requests_total",
    "counter",
    "Predictions served (telemetry events), per model version, since the version's first event",
    totals.flatMap((t) => {
      const l = vl(n(t.version_id));
      return l ? [{ labels: l, value: n(t.count) }] : [];
    }),
  );
  family(
    "steward_model_errors_total",
    "counter",
    "Predictions with status error, per model version",
    totals.flatMap((t) => {
      const l = vl(n(t.version_id));
      return l ? [{ labels: l, value: n(t.errors) }] : [];
    }),
  );

  // Latency: quantiles over the previous and the current clock hour (60 to 120 minutes), from the merged DDSketches
  // of two hour rollups per version (α = 0.01) by the telemetry read's seriesFromRollups; _sum and _count cumulative.
  // (The on-call dashboard's 1h range merges 60 minute rows instead: at 5,000 busy versions that is 300,000 rows' bins
  // a scrape, against 10,000 here.)
  const servedIds = totals.map((t) => n(t.version_id)).filter((id) => byId.has(id));
  const hour = await seriesFromRollups(servedIds, {
    from: latencyWindow.from,
    to: latencyWindow.to,
    tier: "hour",
    stepSeconds: (latencyWindow.to - latencyWindow.from) / 1000,
  });
  const latency: Sample[] = [];
  for (const p of hour) {
    const l = vl(p.versionId as number);
    if (!l) continue;
    for (const [q, v] of [
      ["0.5", p.p50],
      ["0.95", p.p95],
      ["0.99", p.p99],
    ] as const)
      if (v !== null) latency.push({ labels: { ...l, quantile: q }, value: v / 1000 });
  }
  for (const t of totals) {
    const l = vl(n(t.version_id));
    if (!l) continue;
    latency.push({ labels: l, value: n(t.latency_sum) / 1000, suffix: "_sum" }, { labels: l, value: n(t.count), suffix: "_count" });
  }
  family(
    "steward_model_latency_seconds",
    "summary",
    "Prediction latency per model version: p50/p95/p99 over the previous and the current clock hour (DDSketch, within 1%), sum and count since the first event",
    latency,
  );

  // SLOs: budget left over each SLO's window and the burn rate over each window of its alerting rules.
  const slos = await rows<{
    id: string;
    model_id: number;
    model: string;
    sli: string;
    name: string | null;
    objective: number;
    threshold_ms: number | null;
    window_days: number;
  }>(
    sql`select s.id, s.model_id, m.name as model, s.sli, s.name, s.objective, s.threshold_ms, s.window_days
      from slos s join models m on m.id = s.model_id where s.active and s.sli in ('availability', 'latency') order by m.name, s.created_at, s.id`,
  );
  const windowsOf = (days: number) => [...new Set([...rulesFor(days).flatMap((r) => [r.longMinutes, r.shortMinutes]), days * 1440])];
  const counts = await sloWindowCounts(
    slos.map((s) => ({
      sloId: s.id,
      modelId: n(s.model_id),
      sli: s.sli,
      thresholdMs: s.threshold_ms === null ? null : n(s.threshold_ms),
      minutes: windowsOf(n(s.window_days)),
    })),
    now,
  );
  const objective: Sample[] = [];
  const budget: Sample[] = [];
  const burn: Sample[] = [];
  for (const s of slos) {
    const sl = { model: s.model, slo: s.name ?? s.id, sli: s.sli };
    objective.push({ labels: sl, value: n(s.objective) });
    const perWindow = counts.get(s.id) ?? new Map();
    const days = n(s.window_days);
    // The versions judged: those with events in the SLO's window, and the model's production versions.
    const ids = new Set<number>([...(perWindow.get(days * 1440)?.keys() ?? [])]);
    for (const v of versions) if (n(v.model_id) === n(s.model_id) && v.stage === "production") ids.add(n(v.version_id));
    for (const id of [...ids].sort((a, b) => a - b)) {
      const v = byId.get(id);
      if (!v) continue;
      const at = (m: number) => perWindow.get(m)?.get(id) ?? { total: 0, bad: 0 };
      const labels = { ...sl, version: v.version };
      const whole = at(days * 1440);
      if (whole.total > 0) budget.push({ labels, value: budgetRemaining(whole, n(s.objective)) });
      const seen = new Set<number>([days * 1440]);
      // The whole window's rate (1 − budget left), then each rule's two windows, as the evaluator judges them.
      burn.push({ labels: { ...labels, window: durationLabel(days * 1440) }, value: burnRate(whole, n(s.objective)) });
      for (const r of evaluateRules(n(s.objective), days, at)) {
        for (const [m, rate] of [
          [r.longMinutes, r.longRate],
          [r.shortMinutes, r.shortRate],
        ] as const) {
          if (seen.has(m)) continue;
          seen.add(m);
          burn.push({ labels: { ...labels, window: durationLabel(m) }, value: rate });
        }
      }
    }
  }
  family("steward_slo_objective_ratio", "gauge", "Each active availability or latency SLO's objective (e.g. 0.995)", objective);
  family(
    "steward_slo_error_budget_remaining_ratio",
    "gauge",
    "Share of the error budget left over the SLO's window, per version with events in it (1 − burn rate over the window; below 0 when overspent)",
    budget,
  );
  family(
    "steward_slo_burn_rate",
    "gauge",
    "Burn rate ((bad ÷ events) ÷ (1 − objective)) over each window of the SLO's multi-window alerting rules (SRE Workbook table 5-8, scaled to the SLO's window)",
    burn,
  );

  // Drift over the last 24 hours, each feature judged as one window (as the on-call dashboard's 24h range).
  const inDay = await rows<{ version_id: number }>(
    sql`select distinct version_id from telemetry_rollups where tier = 'hour' and bucket >= ${dayFrom}::timestamptz and bucket < ${dayTo}::timestamptz
      union select x.v from telemetry_pending p cross join lateral jsonb_to_recordset(p.minutes::jsonb) as x(v int, b timestamptz) where x.b >= ${dayFrom}::timestamptz`,
  );
  const recentIds = [
    ...new Set([...inDay.map((r) => n(r.version_id)), ...versions.filter((v) => v.stage === "production").map((v) => n(v.version_id))]),
  ]
    .filter((id) => byId.has(id))
    .sort((a, b) => a - b);
  const specs = await specsOf(recentIds);
  const driftFrom = Math.floor(dayWindow.from / HOUR) * HOUR;
  const driftTo = Math.ceil(dayWindow.to / HOUR) * HOUR;
  const hs = specs.size
    ? await windowHistograms([...specs.keys()], { from: driftFrom, to: driftTo, step: "1d", unit: driftTo - driftFrom }, specs)
    : [];
  const psi: Sample[] = [];
  const drifted: Sample[] = [];
  const driftRatio: Sample[] = [];
  const missing: Sample[] = [];
  for (const [id, spec] of specs) {
    const l = vl(id);
    if (!l) continue;
    let judged = 0;
    let nDrifted = 0;
    for (const feature of Object.keys(spec).sort()) {
      const h = hs.find((x) => x.versionId === id && x.feature === feature);
      const r = h ? windowDrift(spec[feature], h.h) : null;
      if (!r) continue;
      judged++;
      if (r.drifted) nDrifted++;
      psi.push({ labels: { ...l, feature }, value: r.psi });
      drifted.push({ labels: { ...l, feature, method: r.method }, value: r.drifted ? 1 : 0 });
    }
    if (judged) driftRatio.push({ labels: l, value: nDrifted / judged });
    const all = hs.find((x) => x.versionId === id && x.feature === "*");
    if (all && all.h.n > 0) missing.push({ labels: l, value: all.h.missing / all.h.n });
  }
  family(
    "steward_model_feature_psi",
    "gauge",
    "Population stability index of each feature against the version's reference profile, over the last 24 hours",
    psi,
  );
  family(
    "steward_model_feature_drifted",
    "gauge",
    "1 when the feature's default drift test (method label) says drifted over the last 24 hours, else 0",
    drifted,
  );
  family(
    "steward_model_drift_ratio",
    "gauge",
    "Drifted features ÷ features judged over the last 24 hours (the on-call dashboard's data drift rate)",
    driftRatio,
  );
  family("steward_model_feature_missing_ratio", "gauge", "Events lacking a reference feature ÷ events, over the last 24 hours", missing);

  // Quality from labels over the trailing 24 hours (the on-call dashboard's latest figures).
  const quality = await qualitySummaries(recentIds, dayWindow.from, dayWindow.to);
  const q = { accuracy: [] as Sample[], f1: [] as Sample[], mae: [] as Sample[], labelled: [] as Sample[] };
  for (const [id, s] of quality) {
    const l = vl(id);
    if (!l || !s) continue;
    if (s.latest.accuracy !== null) q.accuracy.push({ labels: l, value: s.latest.accuracy });
    if (s.latest.f1 !== null) q.f1.push({ labels: l, value: s.latest.f1 });
    if (s.latest.mae !== null) q.mae.push({ labels: l, value: s.latest.mae });
    q.labelled.push({ labels: l, value: s.latest.labelled });
  }
  family("steward_model_accuracy_ratio", "gauge", "Accuracy of the labelled predictions of the trailing 24 hours", q.accuracy);
  family("steward_model_f1_score", "gauge", "F1 (binary, else macro) of the labelled predictions of the trailing 24 hours", q.f1);
  family(
    "steward_model_mean_absolute_error",
    "gauge",
    "Mean absolute error of the numeric labelled predictions of the trailing 24 hours, in the prediction's unit",
    q.mae,
  );
  family("steward_model_labelled_predictions", "gauge", "Labelled predictions in the trailing 24 hours", q.labelled);

  // Governance: open releases, failing audits, firing alerts, retraining.
  const releases = await rows<{ status: string; target: string; count: number }>(
    sql`select r.status::text as status, r.target_stage::text as target, count(*)::int as count
      from releases r where r.status in ('pending', 'changes_requested') group by 1, 2 order by 1, 2`,
  );
  family(
    "steward_releases_open",
    "gauge",
    "Releases awaiting a decision (pending) or changes (changes_requested), by target stage",
    releases.map((r) => ({ labels: { status: r.status, target: r.target }, value: n(r.count) })),
  );
  const audits = await rows<{ model: string; version: string; passed: boolean }>(
    sql`select m.name as model, v.version, b.passed from model_versions v join models m on m.id = v.model_id
      join lateral (select passed from bias_audits where version_id = v.id order by created_at desc, id desc limit 1) b on true
      where v.id = ${productionVersionId(sql`v.model_id`)} order by m.name, v.version`,
  );
  family(
    "steward_model_bias_audit_passed",
    "gauge",
    "1 when the latest bias audit of the production version passed, else 0",
    audits.map((a) => ({ labels: { model: a.model, version: a.version }, value: a.passed ? 1 : 0 })),
  );
  family(
    "steward_bias_audits_failing",
    "gauge",
    "Production versions whose latest bias audit failed (the executive dashboard's failing audits)",
    [{ labels: {}, value: audits.filter((a) => !a.passed).length }],
  );
  const alerts = await rows<{ model: string; kind: string; severity: string; count: number }>(
    sql`select m.name as model, a.kind, a.severity, count(*)::int as count from alerts a join models m on m.id = a.model_id
      where a.state = 'firing' group by 1, 2, 3 order by 1, 2, 3`,
  );
  family(
    "steward_alerts_firing",
    "gauge",
    "Alerts firing, by model, kind (burn_rate, drift, outlier, quality, pipeline, schema_change, cold_start) and severity",
    alerts.map((a) => ({ labels: { model: a.model, kind: a.kind, severity: a.severity }, value: n(a.count) })),
  );
  const pipelines = await rows<{ model: string; pipeline: string; status: string; count: number; last_success: string | Date | null }>(
    sql`select m.name as model, p.pipeline, p.status, count(*)::int as count, max(coalesce(p.finished_at, p.started_at)) filter (where p.status = 'succeeded') as last_success
      from pipeline_runs p join models m on m.id = p.model_id
      where p.started_at >= ${new Date(nowMs - 30 * DAY).toISOString()}::timestamptz group by 1, 2, 3 order by 1, 2, 3`,
  );
  family(
    "steward_pipeline_runs",
    "gauge",
    "Retraining pipeline runs started in the last 30 days, by status",
    pipelines.map((p) => ({ labels: { model: p.model, pipeline: p.pipeline, status: p.status }, value: n(p.count) })),
  );
  const byPipeline = new Map<string, { model: string; pipeline: string; ok: number; failed: number }>();
  for (const p of pipelines) {
    const k = `${p.model}\n${p.pipeline}`;
    const e = byPipeline.get(k) ?? { model: p.model, pipeline: p.pipeline, ok: 0, failed: 0 };
    if (p.status === "succeeded") e.ok += n(p.count);
    if (p.status === "failed") e.failed += n(p.count);
    byPipeline.set(k, e);
  }
  family(
    "steward_pipeline_success_ratio",
    "gauge",
    "Retraining success rate over the last 30 days: succeeded ÷ (succeeded + failed), runs still running not counted",
    [...byPipeline.values()]
      .filter((p) => p.ok + p.failed > 0)
      .map((p) => ({ labels: { model: p.model, pipeline: p.pipeline }, value: p.ok / (p.ok + p.failed) })),
  );

  // The portal's background work: telemetry waiting for the compactor, webhook deliveries waiting for the worker.
  const [work] = await rows<{ pending: number; deliveries: number; overdue: number | null; pendingAge: number | null }>(
    sql`select (select count(*)::int from telemetry_pending) as pending,
      (select extract(epoch from (now() - min(received_at)))::float8 from telemetry_pending) as "pendingAge",
      (select count(*)::int from webhook_deliveries where status = 'pending') as deliveries,
      (select extract(epoch from (now() - min(next_attempt_at)))::float8 from webhook_deliveries where status = 'pending' and next_attempt_at <= now()) as overdue`,
  );
  family(
    "steward_telemetry_pending_batches",
    "gauge",
    "Telemetry batches committed and not yet compacted into the rollups (the compactor runs every second)",
    [{ labels: {}, value: n(work.pending) }],
  );
  family(
    "steward_telemetry_pending_lag_seconds",
    "gauge",
    "How long the oldest telemetry batch not yet compacted has waited (0 when none waits): the compactor's lag",
    [{ labels: {}, value: Math.max(0, n(work.pendingAge ?? 0)) }],
  );
  family("steward_webhook_deliveries_pending", "gauge", "Webhook deliveries waiting to be sent or retried", [
    { labels: {}, value: n(work.deliveries) },
  ]);
  family(
    "steward_webhook_delivery_lag_seconds",
    "gauge",
    "How long the oldest due webhook delivery has waited past its time (0 when none is due)",
    [{ labels: {}, value: Math.max(0, n(work.overdue ?? 0)) }],
  );

  const handle = await getHandle();
  const client = (
    handle.db as unknown as { $client?: { totalCount?: number; idleCount?: number; waitingCount?: number; options?: { max?: number } } }
  ).$client;
  if (handle.driver === "postgres" && client && typeof client.totalCount === "number") {
    family(
      "steward_db_pool_connections",
      "gauge",
      "Connections of the database pool, by state (total, idle, waiting: clients queued for a connection)",
      [
        { labels: { state: "total" }, value: client.totalCount },
        { labels: { state: "idle" }, value: client.idleCount ?? 0 },
        { labels: { state: "waiting" }, value: client.waitingCount ?? 0 },
      ],
    );
    family("steward_db_pool_max_connections", "gauge", "The pool's size (PG_POOL_MAX)", [{ labels: {}, value: client.options?.max ?? 10 }]);
  } else {
    // PGlite: one connection, in this process; what waits for it is not counted.
    family("steward_db_pool_connections", "gauge", "Connections to the database, by state (PGlite: its one in-process connection)", [
      { labels: { state: "total" }, value: 1 },
    ]);
    family("steward_db_pool_max_connections", "gauge", "The pool's size (PGlite: 1)", [{ labels: {}, value: 1 }]);
  }
  family("steward_build_info", "gauge", "The portal's version and database driver (always 1)", [
    { labels: { version: pkg.version, driver: handle.driver }, value: 1 },
  ]);
  family("steward_metrics_collect_duration_seconds", "gauge", "Time this scrape spent reading the store", [
    { labels: {}, value: (performance.now() - t0) / 1000 },
  ]);
  return families;
}
