import { type SQL, sql } from "drizzle-orm";
import { keyOf } from "../telemetry/sketch";

/** Below every sketch bin key: a latency threshold under the sketch's smallest value makes every event bad. */
const BELOW_ALL_BINS = -2147483648;

/**
 * What makes an event bad for an SLO (METRICS.md "SLOs"): for availability, an error (null here); for latency, being in a
 * sketch bin above the threshold's bin, so within 1% of the threshold (the DDSketch's relative accuracy). The one rule
 * the evaluator, the dashboards and /api/v1/metrics count by.
 */
export function thresholdKey(sli: string, thresholdMs: number | null): number | null {
  return sli === "latency" && thresholdMs !== null ? (keyOf(thresholdMs) ?? BELOW_ALL_BINS) : null;
}

/** The bad events of one rollup row aliased `r` (count, errors, bin_keys, bin_counts), for a threshold key from thresholdKey(). */
export function badEventsSql(key: number | null, r = sql`r`): SQL {
  return key === null
    ? sql`${r}.errors`
    : sql`coalesce((select sum(u.c) from unnest(${r}.bin_keys, ${r}.bin_counts) as u(k, c) where u.k > ${key}), 0)`;
}
