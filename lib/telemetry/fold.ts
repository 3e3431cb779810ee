// Events → rollup rows (the pending minutes the ingest appends, or the three tiers), and the candidates for the raw-event
// sample. Pure.
import { SAMPLE_QUOTA, TIERS, type Tier } from "./limits";
import { keyOf, quantile } from "./sketch";

export type FoldEvent = {
  versionId: number;
  at: number;
  latencyMs: number;
  error: boolean;
  traceId?: string;
  loss?: number;
  index: number;
};

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
export type Acc = {
  v: number;
  tier: Tier;
  b: number;
  n: number;
  e: number;
  s: number;
  mn: number;
  mx: number;
  z: number;
  bins: Map<number, number>;
};

const floorTo = (ms: number, seconds: number) => Math.floor(ms / (seconds * 1000)) * seconds * 1000;
const TIER_ORDER: Record<Tier, number> = { minute: 0, hour: 1, day: 2 };

export const newAcc = (v: number, tier: Tier, b: number): Acc => ({
  v,
  tier,
  b,
  n: 0,
  e: 0,
  s: 0,
  mn: Number.POSITIVE_INFINITY,
  mx: Number.NEGATIVE_INFINITY,
  z: 0,
  bins: new Map(),
});

/** Adds a stored row (or another bucket) into `a`: counts and bins sum, min/max widen. */
export function addRow(
  a: Acc,
  r: { n: number; e: number; s: number; mn: number; mx: number; z: number; k: ArrayLike<number>; c: ArrayLike<number> },
): void {
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
      // Keys are integers: a typed array sorts them numerically without a comparator.
      const sorted = Float64Array.from(a.bins.keys()).sort();
      const k: number[] = new Array(sorted.length);
      const c: number[] = new Array(sorted.length);
      for (let i = 0; i < sorted.length; i++) {
        k[i] = sorted[i];
        c[i] = a.bins.get(sorted[i]) as number;
      }
      return { v: a.v, tier: a.tier, b: new Date(a.b).toISOString(), n: a.n, e: a.e, s: a.s, mn: a.mn, mx: a.mx, z: a.z, k, c };
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
      if (!byBucket) {
        byBucket = new Map();
        accs.set(slot, byBucket);
      }
      let a = byBucket.get(b);
      if (!a) {
        a = newAcc(ev.versionId, tier, b);
        byBucket.set(b, a);
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

/** What foldBatch reads of an event. */
export type BatchEvent = { latencyMs: number; status: "ok" | "error"; traceId?: string; loss?: number };

const POOLS: Pool[] = ["error", "loss", "uniform"];
/** A uniform pool keeps a few more than its quota while folding: the loss pool may take up to its quota of them. */
const KEEP: Record<Pool, number> = {
  error: SAMPLE_QUOTA.error,
  loss: SAMPLE_QUOTA.loss,
  uniform: SAMPLE_QUOTA.uniform + SAMPLE_QUOTA.loss,
};

/** The k lowest (score, index) of a pool seen so far: a max-heap, so a candidate that cannot make it costs one comparison. */
class Lowest {
  size = 0;
  readonly score: Float64Array;
  readonly index: Int32Array;
  constructor(
    readonly k: number,
    readonly slot: number,
    readonly hour: number,
    readonly pool: Pool,
    readonly order: number,
  ) {
    this.score = new Float64Array(k);
    this.index = new Int32Array(k);
  }
  private above(i: number, j: number) {
    return this.score[i] > this.score[j] || (this.score[i] === this.score[j] && this.index[i] > this.index[j]);
  }
  private swap(i: number, j: number) {
    const s = this.score[i];
    this.score[i] = this.score[j];
    this.score[j] = s;
    const x = this.index[i];
    this.index[i] = this.index[j];
    this.index[j] = x;
  }
  offer(score: number, index: number) {
    if (this.size < this.k) {
      let i = this.size++;
      this.score[i] = score;
      this.index[i] = index;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.above(i, p)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    // Later events have higher indices: on a tie the one already kept wins, as a stable sort would keep it.
    if (score >= this.score[0]) return;
    this.score[0] = score;
    this.index[0] = index;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.above(l, m)) m = l;
      if (r < this.size && this.above(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
  /** Those scoring under `bound`, ascending by score, then index. */
  sorted(bound: number): { score: number; index: number }[] {
    const out: { score: number; index: number }[] = [];
    for (let i = 0; i < this.size; i++) if (this.score[i] < bound) out.push({ score: this.score[i], index: this.index[i] });
    return out.sort((a, b) => a.score - b.score || a.index - b.index);
  }
}

/** A batch folded by (model, version) pair, before the pairs have version ids: see foldBatch and Folded.resolve. */
export type Folded = {
  errors: number;
  first: number;
  last: number;
  /** The sample pools the batch has candidates for, with each pair's version id. */
  pools(versionOfPair: ArrayLike<number>): { v: number; h: number; pool: Pool }[];
  /**
   * The minutes and sample candidates, with each pair's version id; with `below`, only the candidates scoring under
   * their pool's bound (what the store's pool would still take).
   */
  resolve(
    versionOfPair: ArrayLike<number>,
    below?: (v: number, hour: number, pool: Pool) => number,
  ): { minutes: RollupRow[]; candidates: SampleCandidate[] };
};

/**
 * One pass over a batch: what foldMinutes and sampleCandidates give for the same events, keyed by each event's pair
 * index (`pair[i]`, below 16,384) until the pairs are resolved to version ids, so that the work is done before the
 * transaction opens. No object per event: buckets and pools are keyed by numbers, and each pool keeps only its lowest
 * candidates as it goes.
 */
export function foldBatch(events: BatchEvent[], at: Float64Array, pair: Int32Array, random: () => number = Math.random): Folded {
  const minutes = new Map<number, Acc>();
  const pools = new Map<number, Lowest>();
  let errors = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const offer = (slot: number, hour: number, poolIndex: number, score: number, index: number) => {
    const id = ((hour / 3_600_000) * 16_384 + slot) * 4 + poolIndex;
    let p = pools.get(id);
    if (!p) {
      p = new Lowest(KEEP[POOLS[poolIndex]], slot, hour, POOLS[poolIndex], pools.size);
      pools.set(id, p);
    }
    p.offer(score, index);
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const t = at[i];
    const slot = pair[i];
    if (t < first) first = t;
    if (t > last) last = t;
    const minute = Math.floor(t / 60_000);
    const id = minute * 16_384 + slot;
    let a = minutes.get(id);
    if (!a) {
      a = newAcc(slot, "minute", minute * 60_000);
      minutes.set(id, a);
    }
    const latency = e.latencyMs;
    const error = e.status === "error";
    a.n++;
    a.s += latency;
    if (latency < a.mn) a.mn = latency;
    if (latency > a.mx) a.mx = latency;
    const key = keyOf(latency);
    if (key === null) a.z++;
    else a.bins.set(key, (a.bins.get(key) ?? 0) + 1);
    const hour = Math.floor(t / 3_600_000) * 3_600_000;
    if (error) {
      a.e++;
      errors++;
      offer(slot, hour, 0, priority(e.traceId, random), i);
    } else {
      if (e.loss !== undefined) offer(slot, hour, 1, -e.loss, i);
      offer(slot, hour, 2, priority(e.traceId, random), i);
    }
  }
  return {
    errors,
    first,
    last,
    pools(versionOfPair) {
      return [...pools.values()].map((p) => ({ v: versionOfPair[p.slot], h: p.hour, pool: p.pool }));
    },
    resolve(versionOfPair, below) {
      const rows = toRows(
        [...minutes.values()].map((a) => {
          a.v = versionOfPair[a.v];
          return a;
        }),
      );
      // As sampleCandidates: loss pools first (so an event a loss pool keeps is not stored twice by the uniform pool),
      // then the others in order of first appearance; within a pool by score, up to its quota.
      const ordered = [...pools.values()].sort((x, y) => (x.pool === "loss" ? 0 : 1) - (y.pool === "loss" ? 0 : 1) || x.order - y.order);
      const taken = new Set<number>();
      const candidates: SampleCandidate[] = [];
      for (const p of ordered) {
        let n = 0;
        const bound = below ? below(versionOfPair[p.slot], p.hour, p.pool) : Number.POSITIVE_INFINITY;
        for (const c of p.sorted(bound)) {
          if (n >= SAMPLE_QUOTA[p.pool] || c.score >= bound) break;
          if (p.pool === "uniform" && taken.has(c.index)) continue;
          candidates.push({ index: c.index, versionId: versionOfPair[p.slot], hour: p.hour, pool: p.pool, score: c.score });
          taken.add(c.index);
          n++;
        }
      }
      return { minutes: rows, candidates };
    },
  };
}
