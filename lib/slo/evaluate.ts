import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx, transact } from "@/db/client";
import { LOCKS } from "@/db/locks";
import { driftAlertCandidates } from "../drift/alerts";
import { outlierAlertCandidates } from "../drift/outlier-alerts";
import { lockHeldElsewhere, recordRun, workerStarted } from "../health/workers";
import { log } from "../log";
import { workerRan } from "../metrics/portal";
import { coldStartAlertCandidates } from "../operations/cold-start-alerts";
import { pipelineAlertCandidates } from "../operations/pipeline-alerts";
import { qualityAlertCandidates } from "../quality/alerts";
import { tierRows } from "../telemetry/read";
import { enqueueEvent, nudgeWebhooks } from "../webhooks/outbox";
import { badEventsSql, thresholdKey } from "./bad-events";
import { budgetRemaining, type Counts, evaluateRules, firingSeverity, rulesFor } from "./burn";
import type { AlertCandidate } from "./candidate";

// One evaluator at a time across every web instance: a transaction-scoped advisory lock, tried, never waited on.
const EVALUATOR_LOCK = LOCKS.alertEvaluator;

type SloRow = {
  id: string;
  model_id: number;
  model: string;
  sli: string;
  objective: number;
  threshold_ms: number | null;
  window_days: number;
  name: string | null;
};
type Sums = { version_id: number; version: string; minutes: number; total: string | number; bad: string | number };

/**
 * Events and bad events per version over each window (minutes back from `now`), from the minute rollups and the
 * minutes still pending compaction (so an event counts as soon as its batch is committed). A latency
 * SLO's bad events are those in sketch bins above the threshold's bin (so within 1% of the threshold).
 */
async function windowCounts(
  tx: Tx,
  slo: SloRow,
  windows: number[],
  now: Date,
): Promise<Map<number, { version: string; counts: Map<number, Counts> }>> {
  const bad = badEventsSql(thresholdKey(slo.sli, slo.threshold_ms));
  const longest = Math.max(...windows);
  const list = await rows<Sums>(
    sql`select r.version_id, v.version, w.minutes, sum(r.count) as total, sum(${bad}) as bad
      from ${tierRows(
        "minute",
        sql`version_id in (select id from model_versions where model_id = ${slo.model_id})
          and bucket >= ${now.toISOString()}::timestamptz - make_interval(secs => ${longest * 60}) and bucket < ${now.toISOString()}::timestamptz`,
      )} r
      join model_versions v on v.id = r.version_id
      join (select unnest(${`{${windows.join(",")}}`}::float8[]) as minutes) w
        on r.bucket >= ${now.toISOString()}::timestamptz - make_interval(secs => w.minutes * 60)
      group by r.version_id, v.version, w.minutes`,
    tx,
  );
  const out = new Map<number, { version: string; counts: Map<number, Counts> }>();
  for (const r of list) {
    const entry = out.get(r.version_id) ?? { version: r.version, counts: new Map() };
    entry.counts.set(Number(r.minutes), { total: Number(r.total), bad: Number(r.bad) });
    out.set(r.version_id, entry);
  }
  return out;
}

export type Transition = { alertId: string; event: "alert.fired" | "alert.resolved"; key: string };

async function silenced(tx: Tx, modelId: number, versionId: number | null, now: Date): Promise<boolean> {
  const [s] = await rows<{ n: number }>(
    sql`select count(*)::int as n from silences where model_id = ${modelId} and ends_at > ${now.toISOString()}::timestamptz
      and (version_id is null or version_id = ${versionId})`,
    tx,
  );
  return s.n > 0;
}

/** Open or update an alert for `key`, or resolve it; notify the webhooks once per firing and once per resolution. */
export async function settle(tx: Tx, now: Date, a: AlertCandidate): Promise<Transition | null> {
  const [open] = await rows<{ id: string; severity: string }>(
    sql`select id, severity from alerts where key = ${a.key} and state = 'firing' for update`,
    tx,
  );
  const payload = (id: string, state: string, severity: string) => ({
    id,
    kind: a.kind,
    state,
    severity,
    model: a.model,
    version: a.version,
    sloId: a.sloId,
    title: a.title,
    details: a.details,
    at: now.toISOString(),
  });
  if (a.severity === null) {
    if (!open) return null;
    // The title and details stay as last seen while firing, so a resolved alert reads as the episode it was.
    await rows(
      sql`update alerts set state = 'resolved', resolved_at = ${now.toISOString()}::timestamptz, evaluated_at = ${now.toISOString()}::timestamptz where id = ${open.id}`,
      tx,
    );
    if (!(await silenced(tx, a.modelId, a.versionId, now)))
      await enqueueEvent(tx, "alert.resolved", payload(open.id, "resolved", open.severity));
    return { alertId: open.id, event: "alert.resolved", key: a.key };
  }
  if (open) {
    // Still firing: keep it fresh; an escalation (ticket → page) raises the severity, without a second notification.
    const severity = open.severity === "page" || a.severity === "page" ? "page" : "ticket";
    await rows(
      sql`update alerts set severity = ${severity}, title = ${a.title}, details = ${JSON.stringify(a.details)}::jsonb, evaluated_at = ${now.toISOString()}::timestamptz where id = ${open.id}`,
      tx,
    );
    return null;
  }
  const [created] = await rows<{ id: string }>(
    sql`insert into alerts (kind, key, model_id, version_id, slo_id, severity, state, title, details, fired_at, evaluated_at)
      values (${a.kind}, ${a.key}, ${a.modelId}, ${a.versionId}, ${a.sloId}::uuid, ${a.severity}, 'firing', ${a.title}, ${JSON.stringify(a.details)}::jsonb,
        ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
      returning id`,
    tx,
  );
  if (!(await silenced(tx, a.modelId, a.versionId, now))) await enqueueEvent(tx, "alert.fired", payload(created.id, "firing", a.severity));
  return { alertId: created.id, event: "alert.fired", key: a.key };
}

const pct = (x: number) => `${(x * 100).toFixed(x >= 0.999 ? 2 : 1)}%`;

/** Burn-rate alerts of every active availability and latency SLO, per version serving traffic. */
async function evaluateSlos(tx: Tx, now: Date): Promise<Transition[]> {
  const list = await rows<SloRow>(
    sql`select s.id, s.model_id, m.name as model, s.sli, s.objective, s.threshold_ms, s.window_days, s.name
      from slos s join models m on m.id = s.model_id where s.active and s.sli in ('availability', 'latency') order by m.name, s.created_at, s.id`,
    tx,
  );
  const out: Transition[] = [];
  for (const slo of list) {
    const rules = rulesFor(slo.window_days);
    const windows = [...new Set([...rules.flatMap((r) => [r.longMinutes, r.shortMinutes]), slo.window_days * 1440])];
    const perVersion = await windowCounts(tx, slo, windows, now);
    // Versions with an alert open but no traffic left still get judged (and resolve).
    const openKeys = await rows<{ version_id: number; version: string }>(
      sql`select a.version_id, v.version from alerts a join model_versions v on v.id = a.version_id where a.slo_id = ${slo.id}::uuid and a.state = 'firing'`,
      tx,
    );
    for (const o of openKeys) if (!perVersion.has(o.version_id)) perVersion.set(o.version_id, { version: o.version, counts: new Map() });
    for (const [versionId, { version, counts }] of [...perVersion.entries()].sort((a, b) => a[0] - b[0])) {
      const at = (m: number) => counts.get(m) ?? { total: 0, bad: 0 };
      const results = evaluateRules(slo.objective, slo.window_days, at);
      const severity = firingSeverity(results);
      const budget = budgetRemaining(at(slo.window_days * 1440), slo.objective);
      const fired = results.filter((r) => r.firing);
      const top = (fired.length ? fired : results).reduce((a, b) => (b.longRate > a.longRate ? b : a));
      const what = slo.sli === "latency" ? `latency under ${slo.threshold_ms} ms` : "availability";
      const t = await settle(tx, now, {
        key: `slo:${slo.id}:${versionId}`,
        kind: "burn_rate",
        modelId: slo.model_id,
        model: slo.model,
        versionId,
        version,
        sloId: slo.id,
        severity,
        title: `${slo.model} ${version}: ${what} SLO (${pct(slo.objective)}) burning at ${top.longRate.toFixed(1)}× (${top.longMinutes >= 1440 ? `${top.longMinutes / 1440} d` : top.longMinutes >= 60 ? `${top.longMinutes / 60} h` : `${top.longMinutes} min`} window)`,
        details: {
          sli: slo.sli,
          objective: slo.objective,
          thresholdMs: slo.threshold_ms,
          windowDays: slo.window_days,
          burnRate: top.longRate,
          budgetRemaining: budget,
          rules: results.map((r) => ({
            severity: r.severity,
            longMinutes: r.longMinutes,
            shortMinutes: r.shortMinutes,
            rate: r.rate,
            longRate: r.longRate,
            shortRate: r.shortRate,
            firing: r.firing,
          })),
        },
      });
      if (t) out.push(t);
    }
  }
  return out;
}

/** Retraining pipelines: a model's pipeline whose latest finished run failed is a ticket; its next success resolves it. */
async function evaluatePipelines(tx: Tx, now: Date): Promise<Transition[]> {
  const out: Transition[] = [];
  for (const c of [...(await pipelineAlertCandidates(tx, now)), ...(await coldStartAlertCandidates(tx, now))]) {
    const t = await settle(tx, now, c);
    if (t) out.push(t);
  }
  return out;
}

/** Drift (a feature drifted for hours) and quality SLOs (a metric over the last day's labels) are tickets. */
async function evaluateDriftAndQuality(tx: Tx, now: Date): Promise<Transition[]> {
  const out: Transition[] = [];
  for (const c of [
    ...(await driftAlertCandidates(tx, now)),
    ...(await outlierAlertCandidates(tx, now)),
    ...(await qualityAlertCandidates(tx, now)),
  ]) {
    const t = await settle(tx, now, c);
    if (t) out.push(t);
  }
  return out;
}

/** Upstream schema changes are tickets for the owners to look at; each closes itself a week after it was raised. */
export const SCHEMA_ALERT_DAYS = 7;

async function expireSchemaAlerts(tx: Tx, now: Date): Promise<Transition[]> {
  const stale = await rows<{
    key: string;
    model_id: number;
    model: string;
    version_id: number | null;
    version: string | null;
    title: string;
    details: Record<string, unknown>;
  }>(
    sql`select a.key, a.model_id, m.name as model, a.version_id, v.version, a.title, a.details
      from alerts a join models m on m.id = a.model_id left join model_versions v on v.id = a.version_id
      where a.kind = 'schema_change' and a.state = 'firing' and a.fired_at <= ${now.toISOString()}::timestamptz - make_interval(days => ${SCHEMA_ALERT_DAYS})
      order by a.key`,
    tx,
  );
  const out: Transition[] = [];
  for (const a of stale) {
    const t = await settle(tx, now, {
      key: a.key,
      kind: "schema_change",
      modelId: a.model_id,
      model: a.model,
      versionId: a.version_id,
      version: a.version,
      sloId: null,
      severity: null,
      title: a.title,
      details: a.details,
    });
    if (t) out.push(t);
  }
  return out;
}

/**
 * One evaluation pass at `now`: every alert that should fire fires, every one that should not resolves. Returns null
 * when another instance holds the evaluator lock (it is doing the same work right now).
 */
export async function evaluateAlerts(now = new Date()): Promise<Transition[] | null> {
  const result = await transact(async (tx) => {
    const [got] = await rows<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${EVALUATOR_LOCK}) as ok`, tx);
    if (!got.ok) {
      lockHeldElsewhere("alert_evaluator");
      return null;
    }
    const out = [
      ...(await evaluateSlos(tx, now)),
      ...(await evaluatePipelines(tx, now)),
      ...(await evaluateDriftAndQuality(tx, now)),
      ...(await expireSchemaAlerts(tx, now)),
    ];
    return out;
  });
  if (result?.length) nudgeWebhooks();
  return result;
}

const G = globalThis as unknown as { __stewardAlerts?: { timer: NodeJS.Timeout | null } };

/** Evaluate every ALERT_EVAL_MS (30 s by default), so an alert fires within a minute of its condition. */
export function startAlertEvaluator(): void {
  if (G.__stewardAlerts) return;
  const s = { timer: null as NodeJS.Timeout | null };
  G.__stewardAlerts = s;
  const every = Number(process.env.ALERT_EVAL_MS) || 30_000;
  workerStarted("alert_evaluator", every);
  const run = async () => {
    try {
      await recordRun("alert_evaluator", () => evaluateAlerts(), { failure: "The last evaluation failed" });
      workerRan("alert_evaluator");
    } catch (e) {
      log("warn", "alert evaluation failed", { error: e instanceof Error ? e.message : String(e) });
    }
    s.timer = setTimeout(run, every);
    s.timer.unref?.();
  };
  s.timer = setTimeout(run, Math.min(every, 5_000));
  s.timer.unref?.();
}
