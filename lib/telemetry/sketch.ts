// DDSketch (Masson, Rim and Lee, VLDB 2019) as Steward stores it: the logarithmic index mapping with relative accuracy
// α = 0.01 (gamma = (1+α)/(1−α), key = ceil(log_gamma(x)), a key stands for 2·gamma^key/(gamma+1)), and bins kept as
// sorted parallel arrays so that merging, in SQL or here, is summing the counts of equal keys. Pure: no database.
//
// The mapping is computed exactly as @datadog/sketches-js's LogarithmicMapping computes it (the same floating-point
// operations, so the same keys; sketch.test.ts holds the two equal). The library itself is a test dependency only: its
// mapping module pulls in protobuf code (an undeclared `protobufjs`) that the Next build cannot resolve.

export const RELATIVE_ACCURACY = 0.01;
const gammaMantissa = (2 * RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
export const GAMMA = 1 + gammaMantissa;
const multiplier = (1 / Math.log1p(gammaMantissa)) * Math.log(2);
const minPossible = 2 ** -1023 * GAMMA;
const mapping = {
  minPossible,
  // "+ 0" as the library adds its (zero) offset: never -0.
  key: (x: number) => Math.ceil(Math.log2(x) * multiplier) + 0,
  value: (key: number) => 2 ** (key / multiplier) * (2 / (1 + GAMMA)),
};

/** The bin of a latency, or null for the zero bucket (0, negative, or below what the mapping can represent). */
export function keyOf(x: number): number | null {
  return x > mapping.minPossible ? mapping.key(x) : null;
}

/** The value a bin stands for: within α of every value in it. */
export function valueOfKey(key: number): number {
  return mapping.value(key);
}

/** A sketch as stored: the zero bucket and bins ascending by key. */
export type Bins = { zero: number; keys: number[]; counts: number[] };

/** Accumulates latencies (and other sketches) into bins. */
export class SketchBuilder {
  zero = 0;
  private readonly bins = new Map<number, number>();

  add(x: number, n = 1): void {
    const k = keyOf(x);
    if (k === null) this.zero += n;
    else this.bins.set(k, (this.bins.get(k) ?? 0) + n);
  }

  merge(b: Bins): void {
    this.zero += b.zero;
    for (let i = 0; i < b.keys.length; i++) this.bins.set(b.keys[i], (this.bins.get(b.keys[i]) ?? 0) + b.counts[i]);
  }

  toBins(): Bins {
    const keys = [...this.bins.keys()].sort((a, b) => a - b);
    return { zero: this.zero, keys, counts: keys.map((k) => this.bins.get(k) as number) };
  }
}

export const count = (b: Bins) => b.counts.reduce((s, c) => s + c, b.zero);

/**
 * The DDSketch quantile: the rank is q·(n−1); the answer is 0 while the zero bucket covers it, else the value of the
 * first key (ascending) whose cumulative count exceeds it. null for an empty sketch.
 */
export function quantile(b: Bins, q: number): number | null {
  const n = count(b);
  if (n === 0) return null;
  const rank = q * (n - 1);
  if (b.zero > rank) return 0;
  let cum = b.zero;
  for (let i = 0; i < b.keys.length; i++) {
    cum += b.counts[i];
    if (cum > rank) return valueOfKey(b.keys[i]);
  }
  return valueOfKey(b.keys[b.keys.length - 1]);
}
