// Rollup tiers built in SQL, as the compactor (lib/telemetry/compact.ts) would have left them: hour rows merged from
// minute rows and day rows from hour rows (counts summed per sketch key). Shared by bench/telemetry.ts (its read part)
// and bench/scale/seed.ts (the scale dataset).

// lib/telemetry/sketch.ts's mapping constant: key = ceil(log2(x) · MULTIPLIER).
export const MULTIPLIER = (1 / Math.log1p((2 * 0.01) / (1 - 0.01))) * Math.log(2);

/**
 * INSERT … SELECT of the `tier` rows merged from the `from` rows; `range` (SQL timestamptz literals or parameters,
 * e.g. "$1::timestamptz") limits the source rows to [start, end), so a large store can be folded a day at a time.
 */
export function mergeTierSql(tier: "hour" | "day", from: "minute" | "hour", range?: { start: string; end: string }): string {
  const where = range ? ` and bucket >= ${range.start} and bucket < ${range.end}` : "";
  return `with src as (select * from telemetry_rollups where tier = '${from}'${where}),
        b as (select s.version_id as v, date_trunc('${tier}', s.bucket) as h, u.k, sum(u.c)::int8 as c from src s, unnest(s.bin_keys, s.bin_counts) as u(k, c) group by 1, 2, 3),
        bb as (select v, h, array_agg(k order by k) as ks, array_agg(c order by k) as cs from b group by 1, 2),
        t as (select version_id as v, date_trunc('${tier}', bucket) as h, sum(count) as n, sum(errors) as e, sum(latency_sum) as s, min(latency_min) as mn,
                max(latency_max) as mx, sum(zero_count) as z from src group by 1, 2)
       insert into telemetry_rollups (version_id, tier, bucket, count, errors, latency_sum, latency_min, latency_max, zero_count, bin_keys, bin_counts)
       select t.v, '${tier}', t.h, t.n, t.e, t.s, t.mn, t.mx, t.z, coalesce(bb.ks, '{}'), coalesce(bb.cs, '{}') from t left join bb on bb.v = t.v and bb.h = t.h`;
}
