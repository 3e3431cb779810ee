// Model quality from (prediction, label) pairs: what each pair adds to a rollup, and the metrics of a merged rollup. Pure.

/** The sufficient statistics of a window: see db/schema/quality.ts `quality_rollups`. */
export type QualityStats = {
  predictions: number;
  labelled: number;
  confusion: Record<string, number>;
  regN: number;
  absErr: number;
  sqErr: number;
};

/** confusion keys are JSON-quoted classes (never a bare "toString"), and null-prototype all the same. */
export const emptyStats = (): QualityStats => ({
  predictions: 0,
  labelled: 0,
  confusion: Object.create(null),
  regN: 0,
  absErr: 0,
  sqErr: 0,
});

/** Joins a confusion key: the predicted class and the true class, each JSON, split by U+001F. */
export const SEP = "\u001f";
/** Classes a window's confusion map keeps apart at most; pairs beyond count as labelled but not in the map. */
export const MAX_CONFUSION_KEYS = 400;

type Value = unknown;

/** A class: strings, booleans and whole numbers; a {class: score} map predicts its highest-scoring class. */
function classOf(v: Value): string | null {
  if (typeof v === "string" || typeof v === "boolean") return JSON.stringify(v);
  if (typeof v === "number" && Number.isInteger(v)) return JSON.stringify(v);
  if (v && typeof v === "object" && !Array.isArray(v)) {
    let best: string | null = null;
    let score = Number.NEGATIVE_INFINITY;
    for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
      if (typeof s === "number" && s > score) {
        score = s;
        best = k;
      }
    }
    return best === null ? null : JSON.stringify(best);
  }
  return null;
}

/**
 * What one labelled prediction adds (sign = 1) or takes back (sign = −1, a label replaced): one labelled; a confusion
 * count when both sides are classes (strings, booleans, whole numbers, or a score map for the prediction); and the
 * absolute and squared error when both are numbers (a 0/1 classifier's MAE is then its error rate).
 */
export function addPair(s: QualityStats, prediction: Value, label: Value, sign: 1 | -1 = 1) {
  s.labelled += sign;
  const p = classOf(prediction);
  const l = classOf(label);
  if (p !== null && l !== null) {
    const key = `${p}${SEP}${l}`;
    if (key in s.confusion || Object.keys(s.confusion).length < MAX_CONFUSION_KEYS) s.confusion[key] = (s.confusion[key] ?? 0) + sign;
  }
  if (typeof prediction === "number" && typeof label === "number") {
    const err = prediction - label;
    s.regN += sign;
    s.absErr += sign * Math.abs(err);
    s.sqErr += sign * err * err;
  }
}

export function mergeStats(a: QualityStats, b: QualityStats): QualityStats {
  a.predictions += b.predictions;
  a.labelled += b.labelled;
  for (const [k, n] of Object.entries(b.confusion)) a.confusion[k] = (a.confusion[k] ?? 0) + n;
  a.regN += b.regN;
  a.absErr += b.absErr;
  a.sqErr += b.sqErr;
  return a;
}

export type QualityMetrics = {
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  mae: number | null;
  rmse: number | null;
  /** Labelled so far ÷ predictions made. */
  labelledShare: number | null;
};

export const QUALITY_METRICS = ["accuracy", "precision", "recall", "f1", "mae", "rmse"] as const;
export type QualityMetric = (typeof QUALITY_METRICS)[number];
/** Metrics where lower is better. */
export const LOWER_IS_BETTER = new Set<QualityMetric>(["mae", "rmse"]);

const POSITIVE = new Set(["1", "true", '"1"', '"true"', '"yes"', '"positive"']);
const NEGATIVE = new Set(["0", "false", '"0"', '"false"', '"no"', '"negative"']);

/**
 * Accuracy over the confusion counts; precision, recall and F1 of the positive class when the classes are binary and
 * recognisably so (1/0, true/false, yes/no, positive/negative), else macro-averaged over the union of predicted and
 * true classes with zero_division=0, as scikit-learn does (METRICS.md);
 * MAE and RMSE over the numeric pairs.
 */
export function metricsOf(s: QualityStats): QualityMetrics {
  const labelledShare = s.predictions > 0 ? Math.min(1, s.labelled / s.predictions) : null;
  const pairs = Object.entries(s.confusion)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => {
      const [p, l] = k.split(SEP);
      return { p, l, n };
    });
  const total = pairs.reduce((a, x) => a + x.n, 0);
  let accuracy: number | null = null;
  let precision: number | null = null;
  let recall: number | null = null;
  let f1: number | null = null;
  if (total > 0) {
    accuracy = pairs.filter((x) => x.p === x.l).reduce((a, x) => a + x.n, 0) / total;
    const classes = [...new Set(pairs.flatMap((x) => [x.p, x.l]))];
    const binary = classes.every((c) => POSITIVE.has(c) || NEGATIVE.has(c));
    const prf = (c: string) => {
      const tp = pairs.filter((x) => x.p === c && x.l === c).reduce((a, x) => a + x.n, 0);
      const predicted = pairs.filter((x) => x.p === c).reduce((a, x) => a + x.n, 0);
      const actual = pairs.filter((x) => x.l === c).reduce((a, x) => a + x.n, 0);
      const pr = predicted > 0 ? tp / predicted : 0;
      const re = actual > 0 ? tp / actual : 0;
      return { pr, re, f: pr + re > 0 ? (2 * pr * re) / (pr + re) : 0 };
    };
    if (binary) {
      const positive = classes.find((c) => POSITIVE.has(c));
      const m = positive ? prf(positive) : { pr: 0, re: 0, f: 0 };
      precision = m.pr;
      recall = m.re;
      f1 = m.f;
    } else {
      // scikit-learn's average="macro": over the union of predicted and true classes (a class only ever predicted
      // counts, with recall 0 by zero_division=0), each class's F1 averaged.
      const ms = classes.map(prf);
      precision = ms.reduce((a, m) => a + m.pr, 0) / ms.length;
      recall = ms.reduce((a, m) => a + m.re, 0) / ms.length;
      f1 = ms.reduce((a, m) => a + m.f, 0) / ms.length;
    }
  }
  return {
    accuracy,
    precision,
    recall,
    f1,
    mae: s.regN > 0 ? s.absErr / s.regN : null,
    rmse: s.regN > 0 ? Math.sqrt(Math.max(0, s.sqErr) / s.regN) : null,
    labelledShare,
  };
}
