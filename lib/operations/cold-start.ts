import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Conn, rows } from "@/db/client";
import { tierRows } from "../telemetry/read";
import { quantile } from "../telemetry/sketch";
import { iso } from "../time";
import type { StartupView } from "./schemas";

/**
 * Cold starts (failure mode F7): how a version behaves right after a deployment step puts it on traffic, against how it
 * behaves once warm and how the version it replaced behaved before. All windows are whole minutes of the telemetry
 * minute rollups (so the minute holding the step, m0 = the step's time floored to the minute, belongs to the new
 * version's start-up):
 *
 * - cold: the step's version over [m0, m0 + 10 min), the first ten minutes;
 * - steady: the same version over [m0 + 10 min, m0 + 70 min), cut at the minute of the next step reported for the model
 *   in that environment (a later step changes the traffic, so it ends the steady state); none when that step came
 *   within the ten minutes;
 * - replaced: the version last completed in that environment before the step (other than the step's own version) over
 *   the hour before, [m0 − 60 min, m0); none when no earlier completed step names another version.
 *
 * Each window's error rate is errors ÷ requests, its p99 the 0.99 quantile of the window's merged latency sketch (the
 * DDSketch rule of lib/telemetry/sketch.ts, within 1%). Telemetry carries no environment, so a version serving two
 * environments is measured over both.
 *
 * A step is judged once both the cold and the steady window hold at least MIN_REQUESTS requests, and only for rollout
 * steps (started, progressing, completed: a rolled_back or failed step takes the version off traffic). It is a cold start
 * when the cold error rate is over COLD_RATIO × the steady error rate and at least COLD_MIN_ERROR_RATE.
 */
export const COLD_MINUTES = 10;
export const STEADY_MINUTES = 60;
export const REPLACED_MINUTES = 60;
export const MIN_REQUESTS = 100;
export const COLD_RATIO = 3;
export const COLD_MIN_ERROR_RATE = 0.01;
/** Statuses of steps that put the version on (more) traffic; the others are not judged. */
export const JUDGED_STATUSES = ["started", "progressing", "completed"] as const;

const MINUTE = 60_000;

export type Span = { from: number; to: number };

/** The three windows of a step at `ts` (ms), given the next step's time in that model and environment, if any. */
export function startupWindows(
  ts: number,
  nextTs: number | null,
  replaced: boolean,
): { cold: Span; steady: Span | null; replaced: Span | null } {
  const m0 = Math.floor(ts / MINUTE) * MINUTE;
  const steadyFrom = m0 + COLD_MINUTES * MINUTE;
  const steadyTo = Math.min(
    m0 + (COLD_MINUTES + STEADY_MINUTES) * MINUTE,
    nextTs === null ? Number.POSITIVE_INFINITY : Math.floor(nextTs / MINUTE) * MINUTE,
  );
  return {
    cold: { from: m0, to: steadyFrom },
    steady: steadyTo > steadyFrom ? { from: steadyFrom, to: steadyTo } : null,
    replaced: replaced ? { from: m0 - REPLACED_MINUTES * MINUTE, to: m0 } : null,
  };
}

export type Figures = { requests: number; errors: number; errorRate: number | null; p99: number | null };

/** The verdict on a step's figures (see the module comment). */
export function judgeStartup(
  status: string,
  cold: Figures,
  steady: Figures | null,
): { judged: boolean; coldStart: boolean; ratio: number | null } {
  const ratio = cold.errorRate !== null && steady?.errorRate ? cold.errorRate / steady.errorRate : null;
  const judged =
    (JUDGED_STATUSES as readonly string[]).includes(status) && cold.requests >= MIN_REQUESTS && (steady?.requests ?? 0) >= MIN_REQUESTS;
  const coldRate = cold.errorRate ?? 0;
  const steadyRate = steady?.errorRate ?? 0;
  return { judged, coldStart: judged && coldRate >= COLD_MIN_ERROR_RATE && coldRate > COLD_RATIO * steadyRate, ratio };
}

/**
 * Requests, errors, error rate and p99 of each (version, window), in one statement over the minute rollups and the
 * minutes still pending compaction (lib/telemetry/read.ts tierRows: each event counted once); sketches are merged by
 * summing the counts of equal keys. The answer is aligned with `windows`.
 */
export async function windowFigures(c: Conn, windows: { versionId: number; from: number; to: number }[]): Promise<Figures[]> {
  if (!windows.length) return [];
  const list = JSON.stringify(windows.map((w, i) => ({ i, v: Math.trunc(w.versionId), f: iso(w.from), t: iso(w.to) })));
  const [{ j }] = await rows<{ j: string }>(
    sql`with w as (select * from jsonb_to_recordset(${list}::jsonb) as w(i int, v int, f timestamptz, t timestamptz)),
      r as (select w.i, x.count, x.errors, x.zero_count, x.bin_keys, x.bin_counts from w
        cross join lateral ${tierRows("minute", sql`version_id = w.v and bucket >= w.f and bucket < w.t`)} x),
      s as (select i, sum(count)::float8 as n, sum(errors)::float8 as e, sum(zero_count)::float8 as z from r group by i),
      b as (select r.i, u.k, sum(u.c)::float8 as c from r cross join lateral unnest(r.bin_keys, r.bin_counts) as u(k, c) group by r.i, u.k)
      select coalesce(json_agg(json_build_array(s.i, s.n, s.e, s.z,
        (select coalesce(json_agg(json_build_array(b.k, b.c) order by b.k), '[]') from b where b.i = s.i))), '[]')::text as j
      from s`,
    c,
  );
  const out: Figures[] = windows.map(() => ({ requests: 0, errors: 0, errorRate: null, p99: null }));
  for (const [i, n, e, z, bins] of JSON.parse(j) as [number, number, number, number, [number, number][]][]) {
    const p99 = quantile({ zero: z, keys: bins.map((b) => b[0]), counts: bins.map((b) => b[1]) }, 0.99);
    out[i] = { requests: n, errors: e, errorRate: n ? e / n : null, p99: p99 === null ? null : Number(p99.toPrecision(6)) };
  }
  return out;
}

export type Step = {
  id: string;
  modelId: number;
  model: string;
  versionId: number;
  version: string;
  environment: string;
  strategy: string;
  trafficPercent: number;
  status: string;
  ts: number;
  /** the next step reported for the model in that environment (any version), if any */
  nextTs: number | null;
  replacedVersionId: number | null;
  replacedVersion: string | null;
};

/** Deployment steps matching `where` (on `d` deployments, `v` model_versions, `m` models), each with its next step and the version it replaced. */
export async function deploymentSteps(c: Conn, where: SQL, limit = 500): Promise<Step[]> {
  const list = await rows<{
    id: string;
    model_id: number;
    model: string;
    version_id: number;
    version: string;
    environment: string;
    strategy: string;
    traffic_percent: number;
    status: string;
    ts: string | Date;
    next_ts: string | Date | null;
    replaced_id: number | null;
    replaced: string | null;
  }>(
    sql`select d.id, v.model_id, m.name as model, d.version_id, v.version, d.environment, d.strategy, d.traffic_percent, d.status, d.ts,
        (select min(n.ts) from deployments n join model_versions nv on nv.id = n.version_id
          where nv.model_id = v.model_id and n.environment = d.environment and n.ts > d.ts) as next_ts,
        rp.version_id as replaced_id, rp.version as replaced
      from deployments d join model_versions v on v.id = d.version_id join models m on m.id = v.model_id
      left join lateral (select p.version_id, pv.version from deployments p join model_versions pv on pv.id = p.version_id
        where pv.model_id = v.model_id and p.environment = d.environment and p.status = 'completed' and p.ts < d.ts and p.version_id <> d.version_id
        order by p.ts desc, p.id desc limit 1) rp on true
      where ${where}
      order by d.ts desc, d.id desc
      limit ${limit}`,
    c,
  );
  return list.map((r) => ({
    id: r.id,
    modelId: Number(r.model_id),
    model: r.model,
    versionId: Number(r.version_id),
    version: r.version,
    environment: r.environment,
    strategy: r.strategy,
    trafficPercent: Number(r.traffic_percent),
    status: r.status,
    ts: new Date(r.ts).getTime(),
    nextTs: r.next_ts === null ? null : new Date(r.next_ts).getTime(),
    replacedVersionId: r.replaced_id === null ? null : Number(r.replaced_id),
    replacedVersion: r.replaced,
  }));
}

/** A window as far as `now` has reached it (an empty one, to = from, when it has not begun). */
const soFar = (w: Span | null, now: number): Span | null =>
  w === null ? null : { from: w.from, to: Math.max(w.from, Math.min(w.to, now)) };

/**
 * The start-up figures of each step, by step id, with the windows as far as `now` has reached them (so the steady state
 * of a step ten minutes old is "so far"): one telemetry statement for all of them.
 */
export async function startupFigures(c: Conn, steps: Step[], now = Date.now()): Promise<Map<string, StartupView>> {
  const spans = steps.map((s) => {
    const w = startupWindows(s.ts, s.nextTs, s.replacedVersionId !== null);
    return { cold: soFar(w.cold, now) as Span, steady: soFar(w.steady, now), replaced: soFar(w.replaced, now) };
  });
  const asked: { versionId: number; from: number; to: number }[] = [];
  const at: { cold: number; steady: number | null; replaced: number | null }[] = [];
  const ask = (versionId: number, w: Span | null) => (w === null ? null : asked.push({ versionId, ...w }) - 1);
  steps.forEach((s, i) => {
    at.push({
      cold: ask(s.versionId, spans[i].cold) as number,
      steady: ask(s.versionId, spans[i].steady),
      replaced: s.replacedVersionId === null ? null : ask(s.replacedVersionId, spans[i].replaced),
    });
  });
  const figures = await windowFigures(c, asked);
  const shown = (k: number | null, w: Span | null) =>
    k === null || w === null ? null : { from: iso(w.from), to: iso(w.to), ...figures[k] };
  const out = new Map<string, StartupView>();
  steps.forEach((s, i) => {
    const cold = figures[at[i].cold];
    const steady = at[i].steady === null ? null : figures[at[i].steady as number];
    const verdict = judgeStartup(s.status, cold, steady);
    out.set(s.id, {
      cold: shown(at[i].cold, spans[i].cold) as StartupView["cold"],
      steady: shown(at[i].steady, spans[i].steady),
      replacedVersion: s.replacedVersion,
      replaced: shown(at[i].replaced, spans[i].replaced),
      ...verdict,
    });
  });
  return out;
}
