// Drift of a window's histogram against the reference's, on the reference's bins (METRICS.md, Drift). Pure.
import { countOf, defaultMethod, type FeatureSpec, type Histogram, type NumericSpec } from "./profile";
import { chiSquare, type DriftResult, jensenShannon, ksPValue, psiFromCounts, zTwoProportions } from "./stats";

/** A window with fewer values than this is not judged (its result is null). */
export const MIN_WINDOW_EVENTS = 30;

/** PSI bins of a numeric layout: the deciles' bins (unions of fine bins), or a bin per value seen in either sample. */
function psiNumeric(spec: NumericSpec, cur: number[]): number {
  if (spec.deciles) {
    const edges = spec.deciles;
    const ref = new Array<number>(edges.length + 1).fill(0);
    const now = new Array<number>(edges.length + 1).fill(0);
    for (let b = 0; b < cur.length; b++) {
      // a fine bin's lowest value: bin 2i+1 is cut i, bin 2i+2 lies above cut i, bin 0 below every cut
      const below = b === 0 ? Number.NEGATIVE_INFINITY : spec.cuts[(b - 1) >> 1];
      let d = 0;
      while (d < edges.length && edges[d] <= below) d++;
      ref[d] += spec.refCounts[b];
      now[d] += cur[b];
    }
    return psiFromCounts(ref, now);
  }
  // a bin per value: the reference's values are the point bins; what the current sample holds between them counts as
  // one value per gap (exact unless a gap holds several distinct new values)
  const ref: number[] = [];
  const now: number[] = [];
  for (let b = 0; b < cur.length; b++) {
    if (spec.refCounts[b] > 0 || cur[b] > 0) {
      ref.push(spec.refCounts[b]);
      now.push(cur[b]);
    }
  }
  return psiFromCounts(ref, now);
}

/** D = sup |F_ref − F_cur| over the fine bins' boundaries (exact when every reference value is a cut). */
function ksOnBins(spec: NumericSpec, cur: number[], nCur: number): number {
  let fr = 0;
  let fc = 0;
  let d = 0;
  for (let b = 0; b < cur.length; b++) {
    fr += spec.refCounts[b];
    fc += cur[b];
    const gap = Math.abs(fr / spec.rows - fc / nCur);
    if (gap > d) d = gap;
  }
  return d;
}

/**
 * Wasserstein-1 between the binned samples: ∫|F_ref − F_cur|. Below the first cut and above the last, the integral is
 * exact from the bin's count and sum (the reference has nothing there when the first and last cuts are its minimum
 * and maximum); between cuts each CDF is taken as linear across the bin, from its counts, and |difference| integrated
 * exactly, sign changes included; the point bins have no width.
 */
function wassersteinOnBins(spec: NumericSpec, cur: number[], curSums: number[], nCur: number): number {
  const k = spec.cuts.length;
  const c = spec.cuts;
  const last = 2 * k;
  // tails: only the current sample (cuts span the reference, from its minimum to its maximum)
  let w = (cur[0] * c[0] - curSums[0]) / nCur + (curSums[last] - cur[last] * c[k - 1]) / nCur;
  let fr = 0;
  let fc = cur[0] / nCur;
  for (let i = 0; i < k; i++) {
    fr += spec.refCounts[2 * i + 1] / spec.rows;
    fc += cur[2 * i + 1] / nCur;
    if (i === k - 1) break;
    const width = c[i + 1] - c[i];
    const a = fr - fc;
    const fr2 = fr + spec.refCounts[2 * i + 2] / spec.rows;
    const fc2 = fc + cur[2 * i + 2] / nCur;
    const b = fr2 - fc2;
    // ∫ over the bin of |a + (b − a)·t| · width dt, t ∈ [0, 1]
    w += a * b >= 0 ? ((Math.abs(a) + Math.abs(b)) / 2) * width : ((a * a + b * b) / (2 * Math.abs(a - b))) * width;
    fr = fr2;
    fc = fc2;
  }
  return w;
}

function categoricalResult(refCounts: Record<string, number>, cur: Record<string, number>, rows: number): DriftResult {
  const keys = [...new Set([...Object.keys(refCounts), ...Object.keys(cur)])].sort();
  const ref = keys.map((k) => countOf(refCounts, k));
  const now = keys.map((k) => countOf(cur, k));
  const psi = psiFromCounts(ref, now);
  const method = defaultMethod(
    { kind: "categorical", rows, distinct: Object.keys(refCounts).length, numeric: false, refCounts },
    keys.length,
  );
  if (method === "jensen_shannon") {
    const js = jensenShannon(ref, now);
    return { psi, jensenShannon: js, method, drifted: js >= 0.1 };
  }
  if (method === "z") {
    const z = zTwoProportions(ref, now);
    return { psi, z, method, drifted: z.pValue < 0.05 };
  }
  const chi = chiSquare(ref, now);
  return { psi, chiSquare: chi, method, drifted: chi.pValue < 0.05 };
}

/** The default test and PSI for one window's histogram of a feature; null when the window holds too few values. */
export function windowDrift(spec: FeatureSpec, h: Histogram, minEvents = MIN_WINDOW_EVENTS): DriftResult | null {
  if (h.n < minEvents || h.n === 0) return null;
  if (spec.kind === "categorical") return categoricalResult(spec.refCounts, h.other, spec.rows);
  const cur = h.counts;
  const psi = psiNumeric(spec, cur);
  if (defaultMethod(spec) === "ks") {
    const statistic = ksOnBins(spec, cur, h.n);
    const pValue = ksPValue(statistic, spec.rows, h.n);
    return { psi, ks: { statistic, pValue }, method: "ks", drifted: pValue <= 0.05 };
  }
  const wasserstein = wassersteinOnBins(spec, cur, h.sums, h.n) / Math.max(spec.std, 0.001);
  return { psi, wasserstein, method: "wasserstein", drifted: wasserstein >= 0.1 };
}

/** Shares per PSI-style bin of the reference and a window, for charts: labels, reference share, current share. */
export function distribution(spec: FeatureSpec, h: Histogram | null): { bin: string; reference: number; current: number | null }[] {
  if (spec.kind === "categorical") {
    const keys = [...new Set([...Object.keys(spec.refCounts), ...Object.keys(h?.other ?? {})])];
    keys.sort((a, b) => countOf(spec.refCounts, b) - countOf(spec.refCounts, a) || a.localeCompare(b));
    return keys
      .slice(0, 30)
      .map((k) => ({ bin: k, reference: countOf(spec.refCounts, k) / spec.rows, current: h && h.n ? countOf(h.other, k) / h.n : null }));
  }
  const fmt = (x: number) =>
    Math.abs(x) >= 1000 || Number.isInteger(x) ? x.toLocaleString("en", { maximumFractionDigits: 0 }) : x.toPrecision(3);
  if (spec.deciles) {
    const edges = spec.deciles;
    const ref = new Array<number>(edges.length + 1).fill(0);
    const now = new Array<number>(edges.length + 1).fill(0);
    for (let b = 0; b < spec.refCounts.length; b++) {
      const below = b === 0 ? Number.NEGATIVE_INFINITY : spec.cuts[(b - 1) >> 1];
      let d = 0;
      while (d < edges.length && edges[d] <= below) d++;
      ref[d] += spec.refCounts[b];
      now[d] += h?.counts[b] ?? 0;
    }
    return ref.map((r, i) => ({
      bin: i === 0 ? `< ${fmt(edges[0])}` : i === edges.length ? `≥ ${fmt(edges[i - 1])}` : `${fmt(edges[i - 1])}–${fmt(edges[i])}`,
      reference: r / spec.rows,
      current: h && h.n ? now[i] / h.n : null,
    }));
  }
  const out: { bin: string; reference: number; current: number | null }[] = [];
  for (let b = 0; b < spec.refCounts.length; b++) {
    const c = h?.counts[b] ?? 0;
    if (spec.refCounts[b] === 0 && c === 0) continue;
    const label =
      b % 2 === 1
        ? fmt(spec.cuts[(b - 1) >> 1])
        : b === 0
          ? `< ${fmt(spec.cuts[0])}`
          : b === spec.refCounts.length - 1
            ? `> ${fmt(spec.cuts[spec.cuts.length - 1])}`
            : `${fmt(spec.cuts[(b - 2) >> 1])}…${fmt(spec.cuts[b >> 1])}`;
    out.push({ bin: label, reference: spec.refCounts[b] / spec.rows, current: h && h.n ? c / h.n : null });
  }
  return out;
}
