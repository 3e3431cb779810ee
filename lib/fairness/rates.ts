// Per-group rates of a confusion matrix (METRICS.md, Fairness). Pure.

export type Confusion = { tp: number; fp: number; tn: number; fn: number };

/** Every rate an audit reports, in the order the API and the page show them. */
export const RATES = ["selectionRate", "prevalence", "tpr", "fpr", "fnr", "tnr", "ppv", "npv", "fdr", "for", "accuracy"] as const;
export type RateName = (typeof RATES)[number];
export type Rates = Record<RateName, number | null>;
export type Interval = { low: number; high: number };

/** What a person reads for each rate. */
export const RATE_LABELS: Record<RateName, string> = {
  selectionRate: "Selection rate",
  prevalence: "Prevalence",
  tpr: "True positive rate",
  fpr: "False positive rate",
  fnr: "False negative rate",
  tnr: "True negative rate",
  ppv: "Precision (PPV)",
  npv: "Negative predictive value",
  fdr: "False discovery rate",
  for: "False omission rate",
  accuracy: "Accuracy",
};

/** Column headings for narrow tables; the full label goes in the <abbr> title. */
export const RATE_SHORT: Record<RateName, string> = {
  selectionRate: "Sel.",
  prevalence: "Prev.",
  tpr: "TPR",
  fpr: "FPR",
  fnr: "FNR",
  tnr: "TNR",
  ppv: "PPV",
  npv: "NPV",
  fdr: "FDR",
  for: "FOR",
  accuracy: "Acc.",
};

export const emptyConfusion = (): Confusion => ({ tp: 0, fp: 0, tn: 0, fn: 0 });
export const total = (c: Confusion) => c.tp + c.fp + c.tn + c.fn;

/** Numerator and denominator of each rate, so the rate and its Wilson interval come from the same counts. */
export function rateParts(c: Confusion): Record<RateName, [number, number]> {
  const n = total(c);
  return {
    selectionRate: [c.tp + c.fp, n],
    prevalence: [c.tp + c.fn, n],
    tpr: [c.tp, c.tp + c.fn],
    fpr: [c.fp, c.fp + c.tn],
    fnr: [c.fn, c.tp + c.fn],
    tnr: [c.tn, c.fp + c.tn],
    ppv: [c.tp, c.tp + c.fp],
    npv: [c.tn, c.tn + c.fn],
    fdr: [c.fp, c.tp + c.fp],
    for: [c.fn, c.tn + c.fn],
    accuracy: [c.tp + c.tn, n],
  };
}

/** A rate whose denominator is 0 is null: never 0, never NaN. */
export function rates(c: Confusion): Rates {
  const parts = rateParts(c);
  const out = {} as Rates;
  for (const r of RATES) {
    const [num, den] = parts[r];
    out[r] = den === 0 ? null : num / den;
  }
  return out;
}

/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval (Wilson 1927) for `successes` out of `n`; null when n is 0.
 * Unlike the normal approximation it stays inside [0, 1] and is honest for small groups.
 */
export function wilson(successes: number, n: number, z = Z95): Interval | null {
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n successes the bound is exactly 0 or 1; computed, it comes out a hair inside.
  return { low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === n ? 1 : Math.min(1, centre + half) };
}

export function intervals(c: Confusion): Record<RateName, Interval | null> {
  const parts = rateParts(c);
  const out = {} as Record<RateName, Interval | null>;
  for (const r of RATES) out[r] = wilson(parts[r][0], parts[r][1]);
  return out;
}
