// Events → rollup rows (the pending minutes the ingest appends, or the three tiers), and the candidates for the raw-event
// sample. Pure.
import { SAMPLE_QUOTA, TIERS, type Tier } from "./limits";
import { keyOf, quantile } from "./sketch";

export type FoldEvent = { versionId: number; at: number; latencyMs: number; error: boolean; traceId?: string; loss?: number; index: number };

export type RollupRow = {
  v: number;
  tier: Tier;
  b: string;
  n: number;
  e: number;
  s: number;
  mn: number;
  mx: number;
  z: number;
  k: number[];
  c: number[];
};

/** A rollup row with its sketch's quantiles, as the compactor stores it. */
export type TierRow = RollupRow & { p50: number | null; p95: number | null; p99: number | null };

/** One bucket being summed: counts, latency sum/min/max, the zero bucket and the sketch's bins by key. */
export type Acc = { v: number; tier: Tier; b: number; n: number; e: number; s: number; mn: number; mx: number; z: number; bins: Map<number, number> };

const floorTo = (ms: number, seconds: number) => Math.floor(ms / (seconds * 1000)) * seconds * 1000;
const TIER_ORDER: Record<Tier, number> = { minute: 0, hour: 1, day: 2 };

export const newAcc = (v: number, tier: Tier, b: number): Acc => ({ v, tier, b, n: 0, e: 0, s: 0, mn: Number.POSITIVE_INFINITY, mx: Number.NEGATIVE_INFINITY, z: 0, bins: new Map() });

/** Adds a stored row (or another bucket) into `a`: counts and bins sum, min/max widen. */
export function addRow(a: Acc, r: { n: number; e: number; s: number; mn: number; mx: number; z: number; k: ArrayLike<number>; c: ArrayLike<number> }): void {
  a.n += r.n;
  a.e += r.e;
  a.s += r.s;
  if (r.mn < a.mn) a.mn = r.mn;
  if (r.mx > a.mx) a.mx = r.mx;
  a.z += r.z;
  for (let i = 0; i < r.k.length; i++) a.bins.set(r.k[i], (a.bins.get(r.k[i]) ?? 0) + r.c[i]);
}

/** Buckets → rows sorted by (version, tier, bucket), the order every writer takes, bins ascending by key. */
export function toRows(accs: Iterable<Acc>): RollupRow[] {
  return [...accs]
    .sort((x, y) => x.v - y.v || TIER_ORDER[x.tier] - TIER_ORDER[y.tier] || x.b - y.b)
    .map((a) => {
      const k = [...a.bins.keys()].sort((p, q) => p - q);
      return { v: a.v, tier: a.tier, b: new Date(a.b).toISOString(), n: a.n, e: a.e, s: a.s, mn: a.mn, mx: a.mx, z: a.z, k, c: k.map((x) => a.bins.get(x) as number) };
    });
}

/** The row's p50/p95/p99 by the DDSketch rule (sketch.ts `quantile`). */
export function withQuantiles(r: RollupRow): TierRow {
  const bins = { zero: r.z, keys: r.k, counts: r.c };
  return { ...r, p50: quantile(bins, 0.5), p95: quantile(bins, 0.95), p99: quantile(bins, 0.99) };
}

/** Events folded into buckets of the given tiers. */
function fold(events: FoldEvent[], tiers: Tier[]): Acc[] {
  const accs = new Map<number, Map<number, Acc>>();
  const out: Acc[] = [];
  for (const ev of events) {
    const key = keyOf(ev.latencyMs);
    for (const tier of tiers) {
      const b = floorTo(ev.at, TIERS[tier]);
      // One map per (version, tier), keyed by bucket: no string keys in the hot loop.
      const slot = ev.versionId * 4 + TIER_ORDER[tier];
      let byBucket = accs.get(slot);
      if (!byBucket) accs.set(slot, (byBucket = new Map()));
      let a = byBucket.get(b);
      if (!a) {
        byBucket.set(b, (a = newAcc(ev.versionId, tier, b)));
        out.push(a);
      }
      a.n++;
      if (ev.error) a.e++;
      a.s += ev.latencyMs;
      if (ev.latencyMs < a.mn) a.mn = ev.latencyMs;
      if (ev.latencyMs > a.mx) a.mx = ev.latencyMs;
      if (key === null) a.z++;
      else a.bins.set(key, (a.bins.get(key) ?? 0) + 1);
    }
  }
  return out;
}

/** One row per (version, tier, bucket) for the three tiers, with quantiles, sorted so that writers lock rows in the same order. */
export function foldRollups(events: FoldEvent[]): TierRow[] {
  return toRows(fold(events, ["minute", "hour", "day"])).map(withQuantiles);
}

/** One row per (version, minute): what the ingest appends to telemetry_pending. */
export function foldMinutes(events: FoldEvent[]): RollupRow[] {
  return toRows(fold(events, ["minute"]));
}

export type Pool = keyof typeof SAMPLE_QUOTA;
export type SampleCandidate = { index: number; versionId: number; hour: number; pool: Pool; score: number };

/** A priority in [0, 1): from the trace id when there is one (the same trace is sampled alike everywhere), else random. */
export function priority(traceId: string | undefined, random: () => number = Math.random): number {
  if (traceId === undefined) return random();
  // cyrb53: a fast 53-bit string hash.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < traceId.length; i++) {
    const ch = traceId.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)) / 2 ** 53;
}

/**
 * The batch's best candidates for each (version, hour) pool, lowest score first: errors by priority (a uniform sample
 * of errors, all of them while they fit), ok events with a loss by −loss (the highest losses), and the other ok
 * events by priority (bottom-k: a uniform sample that merges across batches).
 */
export function sampleCandidates(events: FoldEvent[], random: () => number = Math.random): SampleCandidate[] {
  const groups = new Map<string, SampleCandidate[]>();
  const push = (c: SampleCandidate) => {
    const id = `${c.versionId}|${c.hour}|${c.pool}`;
    const g = groups.get(id);
    if (g) g.push(c);
    else groups.set(id, [c]);
  };
  for (const ev of events) {
    const hour = floorTo(ev.at, 3600);
    if (ev.error) push({ index: ev.index, versionId: ev.versionId, hour, pool: "error", score: priority(ev.traceId, random) });
    else {
      if (ev.loss !== undefined) push({ index: ev.index, versionId: ev.versionId, hour, pool: "loss", score: -ev.loss });
      push({ index: ev.index, versionId: ev.versionId, hour, pool: "uniform", score: priority(ev.traceId, random) });
    }
  }
  const out: SampleCandidate[] = [];
  const taken = new Set<number>();
  // Loss first, so an event the loss pool keeps is not stored twice by the uniform pool.
  const ordered = [...groups.values()].sort((a, b) => (a[0].pool === "loss" ? 0 : 1) - (b[0].pool === "loss" ? 0 : 1));
  for (const g of ordered) {
    g.sort((a, b) => a.score - b.score);
    let n = 0;
    for (const c of g) {
      if (n >= SAMPLE_QUOTA[c.pool]) break;
      if (c.pool === "uniform" && taken.has(c.index)) continue;
      out.push(c);
      taken.add(c.index);
      n++;
    }
  }
  return out;
}
