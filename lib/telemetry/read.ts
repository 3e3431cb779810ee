import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { badRequest, notFound } from "../errors";
import { parseTime } from "../time";
import { DEFAULT_MAX_POINTS, MAX_POINTS, STEPS, type Step, TIERS, type Tier } from "./limits";
import type { TelemetryQueryInput, TelemetrySeriesView } from "./schemas";
import { quantile } from "./sketch";

const MINUTE = 60_000;
const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit;
const STEP_ORDER = Object.keys(STEPS) as Step[];

export type Window = { from: number; to: number; step: Step; tier: Tier };

/**
 * from/to/step → the window read: given bounds kept (to the minute), missing ones defaulted (the last 24 h) and aligned
 * to the step; the step by default the finest giving at most 1,000 points; the tier the coarsest that divides the
 * step and both bounds (day or hour rows for aligned windows, minute rows otherwise).
 */
export function resolveWindow(q: Pick<TelemetryQueryInput, "from" | "to" | "step">, now = Date.now()): Window {
  let to = q.to !== undefined ? ceilTo(parseTime(q.to).getTime(), MINUTE) : undefined;
  let from = q.from !== undefined ? floorTo(parseTime(q.from).getTime(), MINUTE) : undefined;
  const span = (to ?? ceilTo(now, MINUTE)) - (from ?? (to ?? now) - 24 * 3600_000);
  const step = q.step ?? STEP_ORDER.find((s) => span / (STEPS[s] * 1000) <= DEFAULT_MAX_POINTS) ?? "1d";
  const unit = STEPS[step] * 1000;
  to ??= ceilTo(now, unit);
  from ??= floorTo(to - 24 * 3600_000, unit);
  if (from >= to) throw badRequest("The window is empty: from must be before to.", [{ path: "from", message: "must be before to" }]);
  const points = Math.ceil((to - from) / unit);
  if (points > MAX_POINTS)
    throw badRequest(
      `The window holds ${points.toLocaleString("en")} steps of ${step}; ask for at most ${MAX_POINTS.toLocaleString("en")} (a coarser step or a shorter window).`,
      [{ path: "step", message: `gives ${points} points; at most ${MAX_POINTS}` }],
    );
  const tier = (["day", "hour", "minute"] as Tier[]).find((t) => {
    const s = TIERS[t] * 1000;
    return unit % s === 0 && from % s === 0 && to % s === 0;
  }) as Tier;
  return { from, to, step, tier };
}

export type SeriesRow = {
  versionId: number | null;
  t: number;
  count: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
};

/**
 * The minutes of the batches not compacted yet, as rows (version_id, bucket, count, errors, zero_count, bin_keys,
 * bin_counts); `where` filters the pending batches first (on their first/last minute and versions).
 */
const pendingMinutes = (where = sql``) =>
  sql`(select x.v as version_id, x.b as bucket, x.n as count, x.e as errors, x.z as zero_count, x.k as bin_keys, x.c as bin_counts
    from telemetry_pending p cross join lateral jsonb_to_recordset(p.minutes::jsonb) as x(v int, b timestamptz, n int8, e int8, z int8, k int[], c int8[]) ${where})`;

/**
 * A tier's rows, compacted or still pending, as one relation (version_id, bucket, count, errors, zero_count, bin_keys,
 * bin_counts): pending rows are minutes, so a window aligned to the tier holds whole ones. Read in one statement, it
 * counts each event once whether or not the compactor has moved it yet (the move is one transaction). `where`, on
 * version_id and bucket, is applied inside both halves, so the rollups half keeps its index.
 */
export const tierRows = (tier: Tier, where: SQL) =>
  sql`(select version_id, bucket, count, errors, zero_count, bin_keys, bin_counts from telemetry_rollups where tier = ${tier} and ${where}
    union all select * from ${pendingMinutes()} as pm where ${where})`;

/**
 * Points of the window from one tier's rollups and the pending minutes: per version (or all versions merged), per
 * step, counts summed and sketches merged by summing the counts of equal keys; each quantile is the first key whose
 * cumulative count, after the zero bucket, exceeds q·(n−1), the DDSketch rule (`quantile` in sketch.ts). Never reads
 * raw events.
 *
 * When a point is exactly one stored row (the step is the tier, versions apart) and no pending minute falls in it, its
 * p50/p95/p99 are the ones the compactor stored with the row (the same rule on the same bins), and its bins are not
 * even read: a 30-day read at step 1d selects 3,000 narrow rows. Other points merge bins, here rather than in SQL
 * (unnesting every row's bins to re-group them in SQL cost seconds for 30 days of 100 versions: bench/telemetry.ts).
 */
const TIER_NAMES: Record<Tier, string> = { minute: "minute", hour: "hour", day: "day" };

export async function seriesFromRollups(
  versionIds: number[],
  w: Omit<Window, "step"> & { stepSeconds: number },
  mergeVersions = false,
): Promise<SeriesRow[]> {
  if (!versionIds.length) return [];
  const ids = `{${versionIds.map((v) => Math.trunc(Number(v))).join(",")}}`;
  const fromIso = new Date(w.from).toISOString();
  const toIso = new Date(w.to).toISOString();
  const tierSeconds = TIERS[w.tier];
  const merge = mergeVersions || w.stepSeconds !== tierSeconds;
  // The rows come back as one JSON text (an array of arrays), parsed once here: a 30-day step-1d read is 3,000 rows of
  // 8 values, and the driver's value-by-value parsing cost more than the query.
  type Row = [
    v: number,
    b: number,
    n: number,
    e: number,
    z: number,
    p50: number | null,
    p95: number | null,
    p99: number | null,
    bins: [keys: number[], counts: number[]] | null,
  ];
  // A tier's rows are found on the covering index of hour and day rows (migration 0014; the tier is written into the
  // statement so the planner can match that index's predicate), without visiting the wide heap rows; only the rows
  // whose stored quantiles cannot answer their point (steps merging rows, quantiles not stored, a pending minute in
  // the step) fetch their bins, one primary-key lookup each.
  const tier = sql.raw(`'${TIER_NAMES[w.tier]}'`);
  const [{ j }] = await rows<{ j: string }>(
    sql`with p as (
        select * from ${pendingMinutes(sql`where p.version_ids && ${ids}::int[] and p.last_minute >= ${fromIso}::timestamptz and p.first_minute < ${toIso}::timestamptz`)} as pm
        where version_id = any(${ids}::int[]) and bucket >= ${fromIso}::timestamptz and bucket < ${toIso}::timestamptz),
      tail as (select coalesce(min(bucket) - make_interval(secs => ${tierSeconds}), 'infinity'::timestamptz) as b from p),
      s as (
        select r.version_id as v, r.bucket, r.count, r.errors, r.zero_count, r.p50, r.p95, r.p99, (${merge} or r.p99 is null or r.bucket > tail.b) as bins
        from telemetry_rollups r cross join tail
        where r.version_id = any(${ids}::int[]) and r.tier = ${tier} and r.bucket >= ${fromIso}::timestamptz and r.bucket < ${toIso}::timestamptz),
      q as (
        select s.v, extract(epoch from s.bucket)::int8 as b, s.count as n, s.errors as e, s.zero_count as z, s.p50, s.p95, s.p99,
          case when s.bins then (select json_build_array(r.bin_keys, r.bin_counts) from telemetry_rollups r where r.version_id = s.v and r.tier = ${tier} and r.bucket = s.bucket) end as kc
        from s
        union all
        select version_id, extract(epoch from bucket)::int8, count, errors, zero_count, null, null, null, json_build_array(bin_keys, bin_counts) from p)
      select coalesce(json_agg(json_build_array(v, b, n, e, z, p50, p95, p99, kc)), '[]')::text as j from q`,
  );
  const found = (JSON.parse(j) as Row[]).map(([v, b, n, e, z, p50, p95, p99, bins]) => ({
    v,
    b,
    n,
    e,
    z,
    p50,
    p95,
    p99,
    keys: bins?.[0] ?? null,
    counts: bins?.[1] ?? null,
  }));
  type Acc = {
    v: number;
    t: number;
    n: number;
    e: number;
    z: number;
    rows: number;
    stored: SeriesRow | null;
    bins: Map<number, number> | null;
  };
  // Points by a numeric key, version × 2^20 + the step's index (a window has at most MAX_POINTS steps).
  const points = new Map<number, Acc>();
  const stepMs = w.stepSeconds * 1000;
  for (const r of found) {
    const v = mergeVersions ? 0 : Number(r.v);
    const i = Math.floor((Number(r.b) * 1000 - w.from) / stepMs);
    const id = v * 1_048_576 + i;
    let acc = points.get(id);
    if (!acc) {
      acc = { v, t: w.from + i * stepMs, n: 0, e: 0, z: 0, rows: 0, stored: null, bins: null };
      points.set(id, acc);
    }
    acc.rows++;
    acc.n += Number(r.n);
    acc.e += Number(r.e);
    acc.z += Number(r.z);
    if (r.keys === null)
      acc.stored = { versionId: mergeVersions ? null : v, t: acc.t, count: acc.n, errors: acc.e, p50: r.p50, p95: r.p95, p99: r.p99 };
    else {
      acc.bins ??= new Map();
      const bins = acc.bins;
      const keys = r.keys;
      const counts = r.counts ?? [];
      for (let k = 0; k < keys.length; k++) bins.set(Number(keys[k]), (bins.get(Number(keys[k])) ?? 0) + Number(counts[k]));
    }
  }
  const out: SeriesRow[] = [];
  for (const p of points.values()) {
    if (p.stored) {
      // A row read without its bins is, by the query's choice, the point's only row.
      if (p.rows !== 1) throw new Error(`telemetry read: a stored point (${p.v}, ${new Date(p.t).toISOString()}) met ${p.rows} rows`);
      out.push(p.stored);
      continue;
    }
    const b = p.bins ?? new Map<number, number>();
    const keys = [...b.keys()].sort((x, y) => x - y);
    const bins = { zero: p.z, keys, counts: keys.map((k) => b.get(k) as number) };
    out.push({
      versionId: mergeVersions ? null : p.v,
      t: p.t,
      count: p.n,
      errors: p.e,
      p50: quantile(bins, 0.5),
      p95: quantile(bins, 0.95),
      p99: quantile(bins, 0.99),
    });
  }
  return out.sort((x, y) => (x.versionId ?? 0) - (y.versionId ?? 0) || x.t - y.t);
}

/**
 * Reported percentiles to 6 significant digits: far inside the sketch's 1%. A percentile is always one of the sketch's
 * bin values (or 0), a few hundred distinct numbers in a read of thousands of points, so each is rounded once.
 */
const rounded = new Map<number, number>();
const round = (x: number | null) => {
  if (x === null) return null;
  let r = rounded.get(x);
  if (r === undefined) {
    if (rounded.size > 100_000) rounded.clear();
    r = Number(x.toPrecision(6));
    rounded.set(x, r);
  }
  return r;
};

/** API.md `GET /models/{name}/telemetry`. */
export async function readTelemetry(actor: Actor, name: string, q: TelemetryQueryInput, now = Date.now()): Promise<TelemetrySeriesView> {
  authorize(actor, "inventory.read");
  // The model and its versions (or the one asked for) in one query: no row is an unknown model.
  const found = await rows<{ id: number | null; version: string | null }>(
    sql`select v.id, v.version from models m
      left join model_versions v on v.model_id = m.id ${q.version === undefined ? sql`` : sql`and v.version = ${q.version}`}
      where m.name = ${name} order by v.id`,
  );
  if (!found.length) throw notFound(`The model ${name}`);
  const versions = found.filter((v) => v.id !== null).map((v) => ({ id: Number(v.id), version: v.version as string }));
  if (q.version !== undefined && !versions.length) throw notFound(`Version ${q.version} of the model ${name}`);
  const w = resolveWindow(q, now);
  const names = new Map(versions.map((v) => [v.id, v.version]));
  // Every version's points share the window's few step starts: each is written out once.
  const isoOf = new Map<number, string>();
  const iso = (t: number) => {
    let s = isoOf.get(t);
    if (s === undefined) {
      s = new Date(t).toISOString();
      isoOf.set(t, s);
    }
    return s;
  };
  const points = await seriesFromRollups(
    versions.map((v) => v.id),
    { from: w.from, to: w.to, tier: w.tier, stepSeconds: STEPS[w.step] },
  );
  return {
    from: new Date(w.from).toISOString(),
    to: new Date(w.to).toISOString(),
    step: w.step,
    series: points.map((p) => ({
      t: iso(p.t),
      version: names.get(p.versionId as number) as string,
      count: p.count,
      errors: p.errors,
      errorRate: p.count ? p.errors / p.count : 0,
      p50: round(p.p50),
      p95: round(p.p95),
      p99: round(p.p99),
    })),
  };
}
