// Summary figures across the groups of one attribute: Fairlearn's `between_groups` differences and ratios
// (_fairness_metrics.py, agg="worst_case") and the four-fifths rule (29 CFR 1607.4(D)). Pure.
// Rates are kept as fractions (numerator, denominator) until the last division, so a ratio that is exactly 0.8 is
// exactly 0.8 and the four-fifths rule is not decided by rounding.
import { type Confusion, rateParts } from "./rates";

export type Fraction = [num: number, den: number];
export type Spread = { min: Fraction; max: Fraction };

/** Lowest and highest of the defined fractions; groups whose denominator is 0 are left out (pandas skips NaN). */
export function spread(values: Fraction[]): Spread | null {
  let min: Fraction | null = null;
  let max: Fraction | null = null;
  for (const f of values) {
    if (f[1] === 0) continue;
    // a/b < c/d ⇔ a·d < c·b (denominators are positive)
    if (!min || f[0] * min[1] < min[0] * f[1]) min = f;
    if (!max || f[0] * max[1] > max[0] * f[1]) max = f;
  }
  return min && max ? { min, max } : null;
}

export const difference = (s: Spread | null) => (s ? (s.max[0] * s.min[1] - s.min[0] * s.max[1]) / (s.max[1] * s.min[1]) : null);
/** min / max; null when every group is at 0 (0/0, NaN in Fairlearn). */
export const ratio = (s: Spread | null) => (s && s.max[0] !== 0 ? (s.min[0] * s.max[1]) / (s.min[1] * s.max[0]) : null);

const worst = (xs: (number | null)[], pick: (a: number, b: number) => number) => {
  const defined = xs.filter((x): x is number => x !== null);
  return defined.length ? defined.reduce((a, b) => pick(a, b)) : null;
};

export type FairlearnSummary = {
  demographicParityDifference: number | null;
  demographicParityRatio: number | null;
  equalizedOddsDifference: number | null;
  equalizedOddsRatio: number | null;
  /** Lowest selection rate ÷ highest: the ratio the four-fifths rule reads. */
  disparateImpact: number | null;
};

export function fairlearnSummary(groups: { counts: Confusion }[]): FairlearnSummary {
  const parts = groups.map((g) => rateParts(g.counts));
  const sel = spread(parts.map((p) => p.selectionRate));
  const tpr = spread(parts.map((p) => p.tpr));
  const fpr = spread(parts.map((p) => p.fpr));
  return {
    demographicParityDifference: difference(sel),
    demographicParityRatio: ratio(sel),
    // Fairlearn: max(tpr difference, fpr difference); min(tpr ratio, fpr ratio). A side with no data is skipped.
    equalizedOddsDifference: worst([difference(tpr), difference(fpr)], Math.max),
    equalizedOddsRatio: worst([ratio(tpr), ratio(fpr)], Math.min),
    disparateImpact: ratio(sel),
  };
}

export const FOUR_FIFTHS = 0.8;

/**
 * The four-fifths rule: adverse impact when a group's selection rate is under 4/5 of the highest group's.
 * `passed` is null when it cannot be applied (fewer than two groups with data, or nobody selected in any group).
 */
export function fourFifths(groups: { counts: Confusion }[]): { ratio: number | null; passed: boolean | null; groupsCompared: number } {
  const sel = groups.map((g) => rateParts(g.counts).selectionRate).filter((f) => f[1] > 0);
  const r = sel.length >= 2 ? ratio(spread(sel)) : null;
  return { ratio: r, passed: r === null ? null : r >= FOUR_FIFTHS, groupsCompared: sel.length };
}
