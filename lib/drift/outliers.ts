// Outliers (F6, model poisoning and adversarial inputs): values outside the reference's 0.5–99.5 % range, and
// categories the reference never saw. Pure.
import { buildSpec, type CategoricalSpec, type Counts, countOf, type FeatureSpec, type NumericSpec } from "./profile";
import type { FeatureProfile } from "./schemas";
import { quantile } from "./stats";

/** The reference's range is [q(0.5 %), q(99.5 %)] (numpy's default, linear quantile): about 1 % of it falls outside. */
export const OUTLIER_LOW = 0.005;
export const OUTLIER_HIGH = 0.995;
/** A model's outlier threshold when none is set: a share above 5 % (five times the reference's 1 %). */
export const DEFAULT_OUTLIER_THRESHOLD = 0.05;

/** [q(0.5 %), q(99.5 %)] of ascending values. */
export const rangeOfSorted = (asc: number[]): [number, number] => [quantile(asc, OUTLIER_LOW), quantile(asc, OUTLIER_HIGH)];

/**
 * The (0-based) k-th smallest reference value as a layout's bins tell it: exact at a cut (a point bin); inside a bin
 * between two cuts, its values are taken as spread evenly across it.
 */
function valueAtRank(spec: NumericSpec, k: number): number {
  const c = spec.cuts;
  let seen = 0;
  for (let b = 0; b < spec.refCounts.length; b++) {
    const n = spec.refCounts[b];
    if (k < seen + n) {
      if (b === 0) return c[0];
      if (b % 2 === 1 || b === spec.refCounts.length - 1) return c[(b - 1) >> 1];
      const lo = c[(b - 2) >> 1];
      const hi = c[b >> 1];
      return lo + ((hi - lo) * (k - seen + 0.5)) / n;
    }
    seen += n;
  }
  return c[c.length - 1];
}

/**
 * A numeric feature's range: kept in the layout since outliers were added; for a reference registered before, worked
 * out from its bins (exact when every reference value is a cut, as for references up to 1,000 rows).
 */
export function numericRange(spec: NumericSpec): [number, number] {
  if (spec.range) return spec.range;
  const at = (q: number) => {
    const virtual = (spec.rows - 1) * q;
    const prev = Math.floor(virtual);
    const gamma = virtual - prev;
    const a = valueAtRank(spec, prev);
    if (gamma === 0 || prev + 1 >= spec.rows) return a;
    const b = valueAtRank(spec, prev + 1);
    return gamma >= 0.5 ? b - (b - a) * (1 - gamma) : a + (b - a) * gamma;
  };
  return [at(OUTLIER_LOW), at(OUTLIER_HIGH)];
}

/** The prediction's layout: its range when numeric (more than five distinct values), else its classes. */
export type PredictionSpec = { kind: "numeric"; rows: number; distinct: number; range: [number, number] } | CategoricalSpec;

export function predictionSpec(profile: FeatureProfile): PredictionSpec {
  const s = buildSpec({ features: { prediction: profile } }).prediction;
  return s.kind === "numeric" ? { kind: "numeric", rows: s.rows, distinct: s.distinct, range: numericRange(s) } : s;
}

/** What a value is checked against: a range, or the categories the reference holds. */
export type OutlierCheck = { kind: "range"; lo: number; hi: number } | { kind: "categories"; known: Counts };

export function outlierCheck(spec: FeatureSpec | PredictionSpec): OutlierCheck {
  if (spec.kind === "categorical") return { kind: "categories", known: spec.refCounts };
  const [lo, hi] = spec.kind === "numeric" && "cuts" in spec ? numericRange(spec) : spec.range;
  return { kind: "range", lo, hi };
}

/**
 * Whether a value that counts (a finite number for a range; a number, string or boolean for categories) is an
 * outlier; null when it does not count (missing, or of the wrong type: as the drift histograms count it).
 */
export function outlierOf(c: OutlierCheck, value: unknown): boolean | null {
  if (c.kind === "range") {
    if (typeof value !== "number" || !Number.isFinite(value)) return null;
    return value < c.lo || value > c.hi;
  }
  if (typeof value !== "number" && typeof value !== "string" && typeof value !== "boolean") return null;
  return countOf(c.known, String(value)) === 0;
}

/** How far outside its range a value is, in widths of the range (0 inside); 1 for an unseen category. */
export function distanceOf(c: OutlierCheck, value: unknown): number {
  if (outlierOf(c, value) !== true) return 0;
  if (c.kind === "categories") return 1;
  const x = value as number;
  const width = c.hi - c.lo > 0 ? c.hi - c.lo : 1;
  return (x < c.lo ? c.lo - x : x - c.hi) / width;
}

export type SampleOutliers = { count: number; distance: number; features: { name: string; value: unknown; distance: number }[] };

/**
 * A sampled input's outlier score: how many of its features fall outside the reference (then how far, summed, in
 * widths of each feature's 0.5–99.5 % range), with those features, farthest first.
 */
export function scoreSample(checks: Map<string, OutlierCheck>, features: Record<string, unknown> | null): SampleOutliers {
  const out: SampleOutliers = { count: 0, distance: 0, features: [] };
  if (!features) return out;
  for (const [name, c] of checks) {
    if (!Object.hasOwn(features, name)) continue;
    const value = features[name];
    if (outlierOf(c, value) !== true) continue;
    const d = distanceOf(c, value);
    out.count++;
    out.distance += d;
    out.features.push({ name, value, distance: d });
  }
  out.features.sort((a, b) => b.distance - a.distance || a.name.localeCompare(b.name));
  return out;
}

/** Orders samples by score: more features outside first, then farther. */
export const byScore = (a: SampleOutliers, b: SampleOutliers) => b.count - a.count || b.distance - a.distance;
