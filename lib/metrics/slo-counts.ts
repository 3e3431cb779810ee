import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import type { Counts } from "../slo/burn";
import { keyOf } from "../telemetry/sketch";

const HOUR = 3_600_000;

export type SloWindowQuery = { sloId: string; modelId: number; sli: string; thresholdMs: number | null; minutes: number[] };

/**
 * The ranges that cover [now − minutes, now) exactly once: minute rows at the window's ragged start and in the current
 * hour, hour rows for the whole hours between. Each hour row is the sum of its minutes (the compactor writes every
 * tier from the same minutes, sketch bins included), so the counts equal those of the minute rows the SLO evaluator
 * and the on-call dashboard read, at 1/60 of the rows.
 */
export function coveringRanges(now: number, minutes: number): { tier: "minute" | "hour"; from: number; to: number }[] {
  const start = now - minutes * 60_000;
  const firstWhole = Math.ceil(start / HOUR) * HOUR;
  const thisHour = Math.floor(now / HOUR) * HOUR;
  if (firstWhole >= thisHour) return [{ tier: "minute", from: start, to: now }];
  return [
    ...(start < firstWhole ? [{ tier: "minute" as const, from: start, to: firstWhole }] : []),
    { tier: "hour", from: firstWhole, to: thisHour },
    { tier: "minute", from: thisHour, to: now },
  ];
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
    const k = s.sli === "latency" && s.thresholdMs !== null ? (keyOf(s.thresholdMs) ?? -2147483648) : null;
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
      select q.i, r.version_id, sum(r.count) as total,
        sum(case when q.k is null then r.errors
          else coalesce((select sum(u.c) from unnest(r.bin_keys, r.bin_counts) as u(k, c) where u.k > q.k), 0) end) as bad
      from q cross join lateral (
        select tr.version_id, tr.count, tr.errors, tr.bin_keys, tr.bin_counts from telemetry_rollups tr
        where tr.tier = q.tier and tr.version_id in (select id from model_versions where model_id = q.m) and tr.bucket >= q.f and tr.bucket < q.t
        union all
        select pm.version_id, pm.count, pm.errors, pm.bin_keys, pm.bin_counts from pm
        where pm.version_id in (select id from model_versions where model_id = q.m) and pm.bucket >= q.f and pm.bucket < q.t) r
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
