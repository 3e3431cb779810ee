// Drift of a window's merged histograms against the reference (lib/drift/windows.ts), pure. Samples are generated here
// from a seeded generator, and every expected figure is computed by brute force on the raw values in this file (ECDF
// differences, decile bins by numpy's linear quantile, ∫|F_ref − F_cur|), never by lib/drift.
import { describe, expect, it } from "vitest";
import { addValue, buildSpec, emptyHistogram, type FeatureSpec, type Histogram, mergeInto, type NumericSpec } from "./profile";
import { ks2samp } from "./stats";
import { MIN_WINDOW_EVENTS, windowDrift } from "./windows";

/** mulberry32: a small seeded generator, so the samples are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const numericSpecOf = (values: number[]) => buildSpec({ features: { f: { type: "numeric", values } } }).f;
const categoricalSpecOf = (counts: Record<string, number>) => buildSpec({ features: { f: { type: "categorical", counts } } }).f;

/** The window's values counted into per-minute histograms (chunks of 7), then merged, as the store's reads do. */
function merged(spec: FeatureSpec, values: (number | string | null)[]): Histogram {
  const total = emptyHistogram(spec);
  for (let i = 0; i < values.length; i += 7) {
    const minute = emptyHistogram(spec);
    for (const v of values.slice(i, i + 7)) addValue(minute, spec, v);
    mergeInto(total, minute);
  }
  return total;
}

/** D = sup_x |F_ref(x) − F_cur(x)| by brute force: both ECDFs evaluated at every value of either sample. */
function bruteKs(ref: number[], cur: number[]): number {
  const ecdf = (s: number[], x: number) => s.filter((v) => v <= x).length / s.length;
  let d = 0;
  for (const x of [...ref, ...cur]) d = Math.max(d, Math.abs(ecdf(ref, x) - ecdf(cur, x)));
  return d;
}

/** numpy.quantile, method "linear". */
function npQuantile(values: number[], q: number): number {
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * q;
  const lo = Math.floor(h);
  if (lo + 1 >= x.length) return x[x.length - 1];
  return x[lo] + (h - lo) * (x[lo + 1] - x[lo]);
}

/** PSI as METRICS.md defines it: Σ (cur% − ref%)·ln(cur% ÷ ref%), an empty share replaced by 0.0001. */
function psi(ref: number[], cur: number[]): number {
  const nr = ref.reduce((a, b) => a + b, 0);
  const nc = cur.reduce((a, b) => a + b, 0);
  let s = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i] > 0 ? ref[i] / nr : 0.0001;
    const c = cur[i] > 0 ? cur[i] / nc : 0.0001;
    s += (c - r) * Math.log(c / r);
  }
  return s;
}

/** Counts per decile bin (−∞, e₀), [e₀, e₁), …, [e₈, ∞) with the reference's deciles (distinct ones). */
function decileCounts(edges: number[], values: number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const x of values) counts[edges.filter((e) => e <= x).length]++;
  return counts;
}

/** Wasserstein-1 = ∫|F_ref − F_cur| dx, exactly, by walking the union of both samples' values. */
function bruteWasserstein(ref: number[], cur: number[]): number {
  const xs = [...new Set([...ref, ...cur])].sort((a, b) => a - b);
  const ecdf = (s: number[], x: number) => s.filter((v) => v <= x).length / s.length;
  let w = 0;
  for (let i = 0; i + 1 < xs.length; i++) w += Math.abs(ecdf(ref, xs[i]) - ecdf(cur, xs[i])) * (xs[i + 1] - xs[i]);
  return w;
}

const populationStd = (v: number[]) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
};

describe("KS on the fine bins is KS on the raw values", () => {
  it("a reference of 200 values on a 0.01 grid (ties, > 20 distinct) against a shifted window of 60", () => {
    const r = seeded(7);
    const ref = Array.from({ length: 200 }, () => Math.round(r() * 10000) / 100);
    const cur = Array.from({ length: 60 }, () => Math.round((r() * 120 - 5) * 100) / 100);
    const spec = numericSpecOf(ref) as NumericSpec;
    expect(spec.kind).toBe("numeric");
    expect(spec.deciles).not.toBeNull();
    const result = windowDrift(spec, merged(spec, cur));
    expect(result?.method).toBe("ks");
    const d = bruteKs(ref, cur);
    expect(d).toBeGreaterThan(0.05);
    expect(result?.ks?.statistic).toBeCloseTo(d, 12);
    // The p-value is scipy's ks_2samp's for that D and these sizes (lib/drift/stats.ts is checked against scipy).
    expect(result?.ks?.pValue).toBeCloseTo(ks2samp(ref, cur).pValue, 12);
    expect(result?.drifted).toBe((result?.ks?.pValue ?? 1) <= 0.05);
  });

  it("a few distinct values (≤ 20, a bin per value), the window holding values the reference never had", () => {
    // Reference: 0..9 ten times each (100 rows). Window: 40 values, 0..9 and 10.5, 11, −3 among them.
    const ref = Array.from({ length: 100 }, (_, i) => i % 10);
    const r = seeded(11);
    const cur = Array.from({ length: 40 }, (_, i) => (i % 8 === 0 ? [10.5, 11, -3, 4.5, 9.25][i / 8] : Math.floor(r() * 7)));
    const spec = numericSpecOf(ref) as NumericSpec;
    expect(spec.deciles).toBeNull();
    const result = windowDrift(spec, merged(spec, cur));
    expect(result?.ks?.statistic).toBeCloseTo(bruteKs(ref, cur), 12);
  });

  it("the window equal to the reference: D = 0, p = 1, PSI 0, not drifted", () => {
    const ref = Array.from({ length: 120 }, (_, i) => (i * 7) % 40);
    const spec = numericSpecOf(ref);
    expect(windowDrift(spec, merged(spec, ref))).toEqual({ psi: 0, ks: { statistic: 0, pValue: 1 }, method: "ks", drifted: false });
  });

  it("hand-worked: reference 1..40, window 21..60 (40 values): D = 0.5 at x = 20", () => {
    const ref = Array.from({ length: 40 }, (_, i) => i + 1);
    const cur = Array.from({ length: 40 }, (_, i) => i + 21);
    const spec = numericSpecOf(ref);
    const result = windowDrift(spec, merged(spec, cur));
    // F_ref(20) = 20/40 = 0.5, F_cur(20) = 0.
    expect(result?.ks?.statistic).toBe(0.5);
    expect(result?.drifted).toBe(true);
  });
});

describe("PSI", () => {
  it("over the reference's decile bins, the window's values wherever they fall", () => {
    const r = seeded(3);
    // 500 distinct-ish values (normal-ish: sum of three uniforms), a window of 80 skewed upward with a few far out.
    const ref = Array.from({ length: 500 }, () => Math.round((r() + r() + r()) * 1000) / 1000);
    const cur = Array.from({ length: 80 }, (_, i) => (i % 20 === 0 ? 9 + i : Math.round((r() + r() + r() + 0.4) * 1000) / 1000));
    const spec = numericSpecOf(ref) as NumericSpec;
    const edges: number[] = [];
    for (let k = 1; k <= 9; k++) {
      const e = npQuantile(ref, k / 10);
      if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
    }
    expect(spec.deciles?.length).toBe(edges.length);
    // Each reference decile bin holds about a tenth of the rows (ties on the grid may move one across an edge).
    const refBins = decileCounts(edges, ref);
    expect(refBins.reduce((a, b) => a + b, 0)).toBe(500);
    for (const n of refBins) expect(Math.abs(n - 50)).toBeLessThanOrEqual(2);
    const expected = psi(refBins, decileCounts(edges, cur));
    expect(expected).toBeGreaterThan(0.1);
    const result = windowDrift(spec, merged(spec, cur));
    expect(result?.psi).toBeCloseTo(expected, 12);
  });

  it("hand-worked on 1..100: a window of 40 in the top decile", () => {
    // Deciles of 1..100: h = 99·q, e.g. 10.9, 20.8, …, 90.1; bins (−∞, 10.9) … [90.1, ∞) hold 10 each.
    // The window: 40 values 91..100 → all in the last bin. PSI = 9·(0.0001 − 0.1)·ln(0.0001/0.1) + (1 − 0.1)·ln(1/0.1).
    const ref = Array.from({ length: 100 }, (_, i) => i + 1);
    const cur = Array.from({ length: 40 }, (_, i) => 91 + (i % 10));
    const spec = numericSpecOf(ref);
    const expected = 9 * (0.0001 - 0.1) * Math.log(0.0001 / 0.1) + 0.9 * Math.log(10);
    expect(windowDrift(spec, merged(spec, cur))?.psi).toBeCloseTo(expected, 12);
  });

  it("a bin per value when the reference holds ≤ 20 distinct values; a new value is a bin of its own", () => {
    // Reference 1..10 ten times each; window: 30 values 1..10 three times each, then 10 values of 25.
    const ref = Array.from({ length: 100 }, (_, i) => (i % 10) + 1);
    const cur = [...Array.from({ length: 30 }, (_, i) => (i % 10) + 1), ...new Array(10).fill(25)];
    const spec = numericSpecOf(ref);
    // Ten bins at 0.1 against 0.075, and 25's bin: 0.0001 against 0.25.
    const expected = 10 * (0.075 - 0.1) * Math.log(0.075 / 0.1) + (0.25 - 0.0001) * Math.log(0.25 / 0.0001);
    expect(windowDrift(spec, merged(spec, cur))?.psi).toBeCloseTo(expected, 12);
  });
});

describe("windows with fewer than 30 values are not judged", () => {
  it("29 values → null, 30 → a result; missing values do not count toward the 30", () => {
    expect(MIN_WINDOW_EVENTS).toBe(30);
    const ref = Array.from({ length: 100 }, (_, i) => i);
    const spec = numericSpecOf(ref);
    const values = Array.from({ length: 29 }, (_, i) => i);
    expect(windowDrift(spec, merged(spec, values))).toBeNull();
    const withMissing = merged(spec, [...values, null, "n/a"]);
    expect(withMissing.n).toBe(29);
    expect(withMissing.missing).toBe(2);
    expect(windowDrift(spec, withMissing)).toBeNull();
    expect(windowDrift(spec, merged(spec, [...values, 29]))).not.toBeNull();
    // The same for a categorical feature, and an empty window.
    const cat = categoricalSpecOf({ a: 10, b: 10, c: 10 });
    expect(windowDrift(cat, merged(cat, new Array(29).fill("a")))).toBeNull();
    expect(windowDrift(cat, merged(cat, new Array(30).fill("a")))).not.toBeNull();
    expect(windowDrift(cat, emptyHistogram(cat), 0)).toBeNull();
  });
});

describe("the default test per column (METRICS.md, Drift)", () => {
  const window = (spec: FeatureSpec, values: (number | string)[]) => windowDrift(spec, merged(spec, values));
  const numbers = (n: number) => Array.from({ length: n }, (_, i) => i);

  it("reference ≤ 1,000 rows, numeric with more than 5 distinct values: KS", () => {
    expect(window(numericSpecOf(numbers(1000)), numbers(40))?.method).toBe("ks");
    expect(window(numericSpecOf([1, 2, 3, 4, 5, 6]), [1, 2, 3, 4, 5, 6, ...numbers(30)])?.method).toBe("ks");
  });

  it("reference > 1,000 rows: numeric → normalised Wasserstein, drift at ≥ 0.1; categorical → Jensen–Shannon", () => {
    const w = window(numericSpecOf(numbers(1001)), numbers(40));
    expect(w?.method).toBe("wasserstein");
    expect(w?.drifted).toBe((w?.wasserstein ?? 0) >= 0.1);
    const js = window(categoricalSpecOf({ a: 600, b: 401 }), new Array(40).fill("a"));
    expect(js?.method).toBe("jensen_shannon");
    expect(js?.drifted).toBe((js?.jensenShannon ?? 0) >= 0.1);
  });

  it("reference ≤ 1,000 rows, categorical: z-test with two categories in both samples together, chi-square with more", () => {
    const two = categoricalSpecOf({ web: 50, app: 50 });
    expect(window(two, new Array(40).fill("web"))?.method).toBe("z");
    // A third category in the window makes three together: chi-square.
    expect(window(two, [...new Array(39).fill("web"), "fax"])?.method).toBe("chi_square");
    expect(window(categoricalSpecOf({ a: 1, b: 1, c: 1 }), new Array(40).fill("a"))?.method).toBe("chi_square");
  });

  it("numeric with ≤ 5 distinct values is compared as categories: z for two, chi-square for three to five", () => {
    const binary = numericSpecOf(Array.from({ length: 100 }, (_, i) => i % 2));
    expect(
      window(
        binary,
        Array.from({ length: 40 }, (_, i) => i % 2),
      )?.method,
    ).toBe("z");
    const five = numericSpecOf(Array.from({ length: 100 }, (_, i) => i % 5));
    const r = window(
      five,
      Array.from({ length: 40 }, (_, i) => i % 5),
    );
    expect(r?.method).toBe("chi_square");
    // Same proportions (8 of each of 0..4 against 20 each): chi-square statistic 0, PSI 0, not drifted.
    expect(r?.psi).toBe(0);
    expect(r?.chiSquare?.statistic).toBeCloseTo(0, 12);
    expect(r?.drifted).toBe(false);
  });
});

describe("Wasserstein on the bins is exact in the open tails", () => {
  // Reference: 0..299 twenty times each (6,000 rows: Wasserstein; 300 distinct values, each a cut).
  const ref = Array.from({ length: 6000 }, (_, i) => i % 300);
  const spec = numericSpecOf(ref) as NumericSpec;
  // Population std of 0..299 uniform: √((300² − 1)/12).
  const std = Math.sqrt((300 * 300 - 1) / 12);

  it("the reference's std is the normaliser", () => {
    expect(spec.std).toBeCloseTo(std, 9);
    expect(populationStd(ref)).toBeCloseTo(std, 9);
  });

  it("a window wholly above the reference: W = mean(cur) − mean(ref), ÷ std", () => {
    // 40 values 300.5, 301.75, … (step 1.25): mean 300.5 + 19.5·1.25 = 324.875; mean(ref) = 149.5 → W = 175.375.
    const cur = Array.from({ length: 40 }, (_, i) => 300.5 + 1.25 * i);
    const r = windowDrift(spec, merged(spec, cur));
    expect(r?.method).toBe("wasserstein");
    expect(bruteWasserstein(ref, cur)).toBeCloseTo(175.375, 9);
    expect(r?.wasserstein).toBeCloseTo(175.375 / std, 9);
    expect(r?.drifted).toBe(true);
  });

  it("values in both tails and at reference values: the binned integral equals the brute-force one", () => {
    const g = seeded(5);
    const cur = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? -40 + g() * 39 : i % 5 === 1 ? 300 + g() * 80 : Math.floor(g() * 300)));
    const r = windowDrift(spec, merged(spec, cur));
    expect(r?.wasserstein).toBeCloseTo(bruteWasserstein(ref, cur) / std, 9);
  });

  it("the window equal to the reference: W = 0", () => {
    const cur = Array.from({ length: 300 }, (_, i) => i);
    expect(windowDrift(spec, merged(spec, cur))?.wasserstein).toBeCloseTo(0, 12);
  });
});
