import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import { thresholdKey } from "./bad-events";
import type { Counts } from "./burn";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type SloWindowQuery = { sloId: string; modelId: number; sli: string; thresholdMs: number | null; minutes: number[] };

/**
 * The ranges that cover [now − minutes, now) exactly once, coarsest rows in the middle: minute rows at the window's
 * ragged ends, hour rows for the whole hours next to them, day rows for the whole days between. Each coarser row is
 * the sum of its minutes (the compactor writes every tier from the same minutes, sketch bins included), so the counts
 * equal those of the minute rows the SLO evaluator and the on-call dashboard read, from about 1/200 of the rows for a
 * 30-day window.
 */
export function coveringRanges(now: number, minutes: number): { tier: "minute" | "hour" | "day"; from: number; to: number }[] {
  const start = now - minutes * 60_000;
  const a = Math.ceil(start / HOUR) * HOUR;
  const b = Math.floor(now / HOUR) * HOUR;
  if (a >= b) return [{ tier: "minute", from: start, to: now }];
  const c = Math.ceil(a / DAY) * DAY;
  const d = Math.floor(b / DAY) * DAY;
  const middle: { tier: "hour" | "day"; from: number; to: number }[] =
    c < d
      ? [
          { tier: "hour", from: a, to: c },
          { tier: "day", from: c, to: d },
          { tier: "hour", from: d, to: b },
        ]
      : [{ tier: "hour", from: a, to: b }];
  return [{ tier: "minute" as const, from: start, to: a }, ...middle, { tier: "minute" as const, from: b, to: now }].filter(
    (r) => r.from < r.to,
  );
}

/**
 * Events and bad events per SLO, window and version of the SLO's model, in one statement, for every SLO at once: an
 * availability SLO's bad events are errors; a latency SLO's are the events in sketch bins above the threshold's bin
 * (the evaluator's rule, lib/slo/evaluate.ts). Minutes still pending compaction count too, each exactly once.
 * Result: sloId → minutes → versionId → counts.
 */
export async function sloWindowCounts(list: SloWindowQuery[], now: Date): Promise<Map<string, Map<number, Map<number, Counts>>>> {
  const out = new Map<string, Map<number, Map<number, Counts>>>();
  const ranges: { i: number; m: number; k: number | null; tier: string; f: string; t: string }[] = [];
  const keys: { sloId: string; minutes: number }[] = [];
  for (const s of list) {
    const k = thresholdKey(s.sli, s.thresholdMs);
    for (const minutes of s.minutes) {
      const i = keys.length;
      keys.push({ sloId: s.sloId, minutes });
      for (const r of coveringRanges(now.getTime(), minutes))
        ranges.push({ i, m: s.modelId, k, tier: r.tier, f: new Date(r.from).toISOString(), t: new Date(r.to).toISOString() });
    }
  }
  if (!ranges.length) return out;
  const found = await rows<{ i: number; version_id: number; total: string | number; bad: string | number }>(
    sql`with q as (select * from jsonb_to_recordset(${JSON.stringify(ranges)}::jsonb) as q(i int, m int, k int, tier text, f timestamptz, t timestamptz)),
      pm as materialized (
        select x.v as version_id, x.b as bucket, x.n as count, x.e as errors, x.k as bin_keys, x.c as bin_counts
        from telemetry_pending p cross join lateral jsonb_to_recordset(p.minutes::jsonb) as x(v int, b timestamptz, n int8, e int8, k int[], c int8[]))
      select q.i, r.version_id, sum(r.total) as total, sum(r.bad) as bad
      from q cross join lateral (
        -- summed per range inside the lateral, so the outer aggregate sees a row per range and version
        select x.version_id, sum(x.count) as total,
          sum(case when q.k is null then x.errors
            else coalesce((select sum(u.c) from unnest(x.bin_keys, x.bin_counts) as u(k, c) where u.k > q.k), 0) end) as bad
        from (
          select tr.version_id, tr.count, tr.errors, tr.bin_keys, tr.bin_counts from telemetry_rollups tr
          where tr.tier = q.tier and tr.version_id in (select id from model_versions where model_id = q.m) and tr.bucket >= q.f and tr.bucket < q.t
          union all
          select pm.version_id, pm.count, pm.errors, pm.bin_keys, pm.bin_counts from pm
          where pm.version_id in (select id from model_versions where model_id = q.m) and pm.bucket >= q.f and pm.bucket < q.t) x
        group by x.version_id) r
      group by q.i, r.version_id`,
  );
  for (const f of found) {
    const { sloId, minutes } = keys[Number(f.i)];
    const bySlo = out.get(sloId) ?? new Map<number, Map<number, Counts>>();
    out.set(sloId, bySlo);
    const byWindow = bySlo.get(minutes) ?? new Map<number, Counts>();
    bySlo.set(minutes, byWindow);
    byWindow.set(Number(f.version_id), { total: Number(f.total), bad: Number(f.bad) });
  }
  return out;
}

/**
 * Each SLO's counts over its own window (window_days), per version of its model: the budget figures the dashboards
 * show, in one statement for every SLO. Result: sloId → versionId → counts.
 */
export async function sloBudgetCounts(
  slos: { id: string; model_id: number; sli: string; threshold_ms: number | null; window_days: number }[],
  now: Date,
): Promise<Map<string, Map<number, Counts>>> {
  const counts = await sloWindowCounts(
    slos.map((s) => ({
      sloId: s.id,
      modelId: Number(s.model_id),
      sli: s.sli,
      thresholdMs: s.threshold_ms,
      minutes: [s.window_days * 1440],
    })),
    now,
  );
  return new Map(slos.map((s) => [s.id, counts.get(s.id)?.get(s.window_days * 1440) ?? new Map<number, Counts>()]));
}
