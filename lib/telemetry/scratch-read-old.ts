import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { conn, rows } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import { type Actor, authorize } from "../auth/actor";
import { badRequest, notFound } from "../errors";
import { parseTime } from "../time";
import { DEFAULT_MAX_POINTS, MAX_POINTS, type Step, STEPS, TIERS, type Tier } from "./limits";
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
    throw badRequest(`The window holds ${points.toLocaleString("en")} steps of ${step}; ask for at most ${MAX_POINTS.toLocaleString("en")} (a coarser step or a shorter window).`, [
      { path: "step", message: `gives ${points} points; at most ${MAX_POINTS}` },
    ]);
  const tier = (["day", "hour", "minute"] as Tier[]).find((t) => {
    const s = TIERS[t] * 1000;
    return unit % s === 0 && from % s === 0 && to % s === 0;
  }) as Tier;
  return { from, to, step, tier };
}

export type SeriesRow = { versionId: number | null; t: number; count: number; errors: number; p50: number | null; p95: number | null; p99: number | null };

/**
 * Points of the window from one tier's rollups: per version (or all versions merged), per step, counts summed and
 * sketches merged by summing the counts of equal keys; each quantile is the first key whose cumulative count, after the
 * zero bucket, exceeds q·(n−1), the DDSketch rule (`quantile` in sketch.ts). Never reads raw events.
 *
 * The rows are merged here rather than in SQL: the tier is chosen so that a point is usually one row, and unnesting
 * every row's bins to re-group them in SQL cost seconds for 30 days of 100 versions (bench/telemetry.ts).
 */
export async function seriesFromRollups(versionIds: number[], w: Omit<Window, "step"> & { stepSeconds: number }, mergeVersions = false): Promise<SeriesRow[]> {
  if (!versionIds.length) return [];
  const fromS = w.from / 1000;
  const found = await rows<{ v: number; t: string | number; n: string | number; e: string | number; z: string | number; keys: number[]; counts: (number | string)[] }>(
    sql`select version_id as v, (floor((extract(epoch from bucket) - ${fromS}) / ${w.stepSeconds}) * ${w.stepSeconds} + ${fromS})::int8::text as t,
        count::text as n, errors::text as e, zero_count::text as z, bin_keys as keys, bin_counts::float8[] as counts
      from telemetry_rollups
      where version_id in (select (jsonb_array_elements_text(${JSON.stringify(versionIds)}::jsonb))::int)
        and tier = ${w.tier} and bucket >= ${new Date(w.from).toISOString()}::timestamptz and bucket < ${new Date(w.to).toISOString()}::timestamptz
      order by version_id, bucket`,
  );
  type Acc = { v: number; t: number; n: number; e: number; z: number; bins: Map<number, number> };
  const points = new Map<string, Acc>();
  for (const r of found) {
    const v = mergeVersions ? 0 : Number(r.v);
    const t = Number(r.t);
    const id = `${v}:${t}`;
    let acc = points.get(id);
    if (!acc) {
      acc = { v, t, n: 0, e: 0, z: 0, bins: new Map() };
      points.set(id, acc);
    }
    acc.n += Number(r.n);
    acc.e += Number(r.e);
    acc.z += Number(r.z);
    const keys = r.keys ?? [];
    const counts = r.counts ?? [];
    for (let i = 0; i < keys.length; i++) acc.bins.set(Number(keys[i]), (acc.bins.get(Number(keys[i])) ?? 0) + Number(counts[i]));
  }
  return [...points.values()]
    .sort((a, b) => a.v - b.v || a.t - b.t)
    .map((p) => {
      const keys = [...p.bins.keys()].sort((a, b) => a - b);
      const bins = { zero: p.z, keys, counts: keys.map((k) => p.bins.get(k) as number) };
      return { versionId: mergeVersions ? null : p.v, t: p.t * 1000, count: p.n, errors: p.e, p50: quantile(bins, 0.5), p95: quantile(bins, 0.95), p99: quantile(bins, 0.99) };
    });
}

/** Reported percentiles to 6 significant digits: far inside the sketch's 1%. */
const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));

/** API.md `GET /models/{name}/telemetry`. */
export async function readTelemetry(actor: Actor, name: string, q: TelemetryQueryInput, now = Date.now()): Promise<TelemetrySeriesView> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const [m] = await db.select({ id: models.id }).from(models).where(eq(models.name, name));
  if (!m) throw notFound(`The model ${name}`);
  const versions = await db
    .select({ id: modelVersions.id, version: modelVersions.version })
    .from(modelVersions)
    .where(q.version === undefined ? eq(modelVersions.modelId, m.id) : and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, q.version)))
    .orderBy(asc(modelVersions.id));
  if (q.version !== undefined && !versions.length) throw notFound(`Version ${q.version} of the model ${name}`);
  const w = resolveWindow(q, now);
  const names = new Map(versions.map((v) => [v.id, v.version]));
  const points = await seriesFromRollups(
    versions.map((v) => v.id),
    { from: w.from, to: w.to, tier: w.tier, stepSeconds: STEPS[w.step] },
  );
  return {
    from: new Date(w.from).toISOString(),
    to: new Date(w.to).toISOString(),
    step: w.step,
    series: points.map((p) => ({
      t: new Date(p.t).toISOString(),
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
