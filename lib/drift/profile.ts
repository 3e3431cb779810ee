// A reference profile → the bin layout windows are counted on, and the binning itself. Pure.
import type { ReferenceProfile } from "./schemas";
import { decileEdges, quantile } from "./stats";

/** Reference rows up to which the default numeric test is KS (METRICS.md, Drift); beyond, normalised Wasserstein. */
export const SMALL_REFERENCE = 1000;
/** Numeric features with at most this many distinct reference values are compared as categories. */
export const CATEGORICAL_DISTINCT = 5;
/** Numeric features with at most this many distinct reference values get one PSI bin per value, more get deciles. */
export const PER_VALUE_DISTINCT = 20;
/** Large references: cut points at quantiles 0, 1/N … 1 of the reference (with every decile among them). */
const QUANTILE_CUTS = 200;

/**
 * Numeric layout. With cuts c0 < … < c(k−1), a value falls in one of 2k+1 fine bins: 0 below c0, 2i+1 exactly at ci,
 * 2i+2 strictly between ci and c(i+1), 2k above c(k−1). Small references cut at every distinct value (and at the
 * deciles), so the reference sits only in the point bins and KS on the bins is KS on the values, exactly. Large
 * references cut at 200 quantiles, and the deciles are among the cuts either way, so PSI's decile bins are unions
 * of fine bins.
 */
export type NumericSpec = {
  kind: "numeric";
  rows: number;
  distinct: number;
  cuts: number[];
  /** PSI bin edges at the deciles; null when the reference has ≤ 20 distinct values (a bin per value). */
  deciles: number[] | null;
  refCounts: number[];
  refSums: number[];
  /** Population standard deviation of the reference (Wasserstein's normaliser). */
  std: number;
  /** Every cut is a reference value and every reference value a cut: bins are exact for KS. */
  exact: boolean;
  /** [q(0.5 %), q(99.5 %)]: values outside are outliers (lib/drift/outliers.ts; absent in layouts stored before it). */
  range?: [number, number];
};

/**
 * Counts keyed by category, a string from the caller ("toString", "constructor" and "__proto__" included): a
 * null-prototype object, so a category is never an inherited property. Read one with `countOf`, which asks for own
 * properties only, since such a record may also come from JSON.parse (the store's jsonb) as a plain object.
 */
export type Counts = Record<string, number>;
export const newCounts = (): Counts => Object.create(null) as Counts;
export const countOf = (c: Counts | undefined, key: string): number => (c !== undefined && Object.hasOwn(c, key) ? c[key] : 0);
/** A plain object's own entries as null-prototype counts. */
export const toCounts = (o: Record<string, number>): Counts => {
  const c = newCounts();
  for (const [k, n] of Object.entries(o)) c[k] = n;
  return c;
};

/** Categorical layout: the reference's counts per category (numeric features with ≤ 5 distinct values key by String(value)). */
export type CategoricalSpec = { kind: "categorical"; rows: number; distinct: number; numeric: boolean; refCounts: Record<string, number> };
export type FeatureSpec = NumericSpec | CategoricalSpec;
export type ProfileSpec = Record<string, FeatureSpec>;

/** The fine bin of x for ascending cuts (see NumericSpec). */
export function fineBin(cuts: number[], x: number): number {
  let lo = 0;
  let hi = cuts.length;
  // first index with cuts[i] >= x
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo < cuts.length && cuts[lo] === x) return 2 * lo + 1;
  return 2 * lo;
}

export function numericSpec(values: number[]): NumericSpec {
  const sorted = Float64Array.from(values).sort();
  const asc = Array.from(sorted);
  const distinctValues: number[] = [];
  for (const v of asc) if (distinctValues.length === 0 || distinctValues[distinctValues.length - 1] !== v) distinctValues.push(v);
  const rows = asc.length;
  const deciles = distinctValues.length > PER_VALUE_DISTINCT ? decileEdges(asc) : null;
  let cutSet: number[];
  let exact: boolean;
  if (rows <= SMALL_REFERENCE || distinctValues.length <= 2 * QUANTILE_CUTS) {
    cutSet = distinctValues.concat(deciles ?? []);
    exact = true;
  } else {
    cutSet = Array.from({ length: QUANTILE_CUTS + 1 }, (_, j) => quantile(asc, j / QUANTILE_CUTS)).concat(deciles ?? []);
    exact = false;
  }
  const cuts = [...new Set(cutSet)].sort((a, b) => a - b);
  if (exact) exact = cuts.length === distinctValues.length;
  const refCounts = new Array<number>(2 * cuts.length + 1).fill(0);
  const refSums = new Array<number>(2 * cuts.length + 1).fill(0);
  let sum = 0;
  for (const v of asc) {
    const b = fineBin(cuts, v);
    refCounts[b]++;
    refSums[b] += v;
    sum += v;
  }
  const mean = sum / rows;
  let sq = 0;
  for (const v of asc) sq += (v - mean) ** 2;
  const range: [number, number] = [quantile(asc, 0.005), quantile(asc, 0.995)];
  return {
    kind: "numeric",
    rows,
    distinct: distinctValues.length,
    cuts,
    deciles,
    refCounts,
    refSums,
    std: Math.sqrt(sq / rows),
    exact,
    range,
  };
}

export function buildSpec(profile: ReferenceProfile): ProfileSpec {
  const spec = Object.create(null) as ProfileSpec;
  for (const [name, f] of Object.entries(profile.features)) {
    if (f.type === "categorical") {
      const refCounts = newCounts();
      for (const [k, n] of Object.entries(f.counts)) if (n > 0) refCounts[k] = n;
      spec[name] = {
        kind: "categorical",
        rows: Object.values(refCounts).reduce((a, b) => a + b, 0),
        distinct: Object.keys(refCounts).length,
        numeric: false,
        refCounts,
      };
      continue;
    }
    const distinct = new Set(f.values).size;
    if (distinct <= CATEGORICAL_DISTINCT) {
      const refCounts = newCounts();
      for (const v of f.values) refCounts[String(v)] = countOf(refCounts, String(v)) + 1;
      spec[name] = { kind: "categorical", rows: f.values.length, distinct, numeric: true, refCounts };
    } else spec[name] = numericSpec(f.values);
  }
  return spec;
}

/** The default test a feature gets (METRICS.md); for categories, z when the two samples hold ≤ 2 categories together. */
export function defaultMethod(spec: FeatureSpec, unionCategories?: number): "ks" | "wasserstein" | "chi_square" | "z" | "jensen_shannon" {
  if (spec.kind === "numeric") return spec.rows <= SMALL_REFERENCE ? "ks" : "wasserstein";
  if (spec.rows > SMALL_REFERENCE) return "jensen_shannon";
  return (unionCategories ?? spec.distinct) <= 2 ? "z" : "chi_square";
}

/**
 * A window's histogram of one feature (and the row "*" of events and events missing any feature). `outliers` of the n
 * values fell outside the reference (lib/drift/outliers.ts); on the "*" row, `predN` predictions were checked and
 * `predOutliers` of them fell outside.
 */
export type Histogram = {
  n: number;
  missing: number;
  counts: number[];
  sums: number[];
  other: Record<string, number>;
  outliers: number;
  predN: number;
  predOutliers: number;
};

export const emptyHistogram = (spec: FeatureSpec | null): Histogram => {
  const len = spec?.kind === "numeric" ? spec.cuts.length * 2 + 1 : 0;
  return {
    n: 0,
    missing: 0,
    counts: new Array(len).fill(0),
    sums: new Array(len).fill(0),
    other: newCounts(),
    outliers: 0,
    predN: 0,
    predOutliers: 0,
  };
};

/** Adds b into a (same layout). */
export function mergeInto(a: Histogram, b: Histogram): Histogram {
  a.n += b.n;
  a.missing += b.missing;
  a.outliers += b.outliers;
  a.predN += b.predN;
  a.predOutliers += b.predOutliers;
  for (let i = 0; i < b.counts.length; i++) {
    a.counts[i] = (a.counts[i] ?? 0) + b.counts[i];
    a.sums[i] = (a.sums[i] ?? 0) + (b.sums[i] ?? 0);
  }
  for (const [k, n] of Object.entries(b.other)) a.other[k] = countOf(a.other, k) + Number(n);
  return a;
}

/**
 * Counts one value into h. A numeric feature's value that is not a finite number (a string) counts as missing, as
 * does null; a categorical feature's value keys by String(value).
 */
export function addValue(h: Histogram, spec: FeatureSpec, value: number | string | null | undefined) {
  if (value === null || value === undefined) {
    h.missing++;
    return;
  }
  if (spec.kind === "numeric") {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      h.missing++;
      return;
    }
    const b = fineBin(spec.cuts, value);
    h.counts[b]++;
    h.sums[b] += value;
  } else {
    const key = String(value);
    h.other[key] = countOf(h.other, key) + 1;
  }
  h.n++;
}
