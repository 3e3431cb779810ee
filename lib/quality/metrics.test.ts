// Quality metrics against figures worked by hand as scikit-learn defines them (METRICS.md, "Model quality from late
// labels"): accuracy_score; precision/recall/f1 with average="binary" for recognisably binary classes, else
// average="macro" over the union of predicted and true classes with zero_division=0; MAE and RMSE.
import { describe, expect, it } from "vitest";
import { addPair, emptyStats, mergeStats, metricsOf } from "./metrics";

const stats = (pairs: [unknown, unknown][], predictions = pairs.length) => {
  const s = emptyStats();
  s.predictions = predictions;
  for (const [p, l] of pairs) addPair(s, p, l);
  return s;
};
const zip = (pred: unknown[], truth: unknown[]) => pred.map((p, i) => [p, truth[i]] as [unknown, unknown]);

describe("quality metrics as scikit-learn computes them", () => {
  it("binary: precision 3/5, recall 3/4, F1 2/3, accuracy 5/8", () => {
    // y_true = [1,1,1,0,0,0,0,1], y_pred = [1,0,1,0,1,1,0,1]: tp 3, fp 2, fn 1, tn 2.
    const m = metricsOf(stats(zip([1, 0, 1, 0, 1, 1, 0, 1], [1, 1, 1, 0, 0, 0, 0, 1])));
    expect(m.accuracy).toBeCloseTo(0.625, 12);
    expect(m.precision).toBeCloseTo(0.6, 12);
    expect(m.recall).toBeCloseTo(0.75, 12);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
  });

  it("binary with yes/no strings and booleans reads the positive class", () => {
    const m = metricsOf(stats(zip(["yes", "no", "yes", "yes"], ["yes", "yes", "no", "yes"])));
    // tp 2, fp 1, fn 1: precision 2/3, recall 2/3.
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(metricsOf(stats(zip([true, false], [true, true]))).recall).toBeCloseTo(0.5, 12);
  });

  it("multi-class: macro over the union of predicted and true classes, a class only predicted included", () => {
    // y_true = [a,a,b,b,c], y_pred = [a,b,b,d,c]. Per class (precision, recall, F1):
    //   a (1, 1/2, 2/3), b (1/2, 1/2, 1/2), c (1, 1, 1), d (0, 0, 0): d is predicted once and never true.
    // Macro: precision 2.5/4 = 0.625, recall 2/4 = 0.5, F1 (2/3 + 1/2 + 1)/4 = 0.541666…; accuracy 3/5.
    const m = metricsOf(stats(zip(["a", "b", "b", "d", "c"], ["a", "a", "b", "b", "c"])));
    expect(m.accuracy).toBeCloseTo(0.6, 12);
    expect(m.precision).toBeCloseTo(0.625, 12);
    expect(m.recall).toBeCloseTo(0.5, 12);
    expect(m.f1).toBeCloseTo((2 / 3 + 1 / 2 + 1) / 4, 12);
  });

  it("regression: scikit-learn's own example, MAE 0.5 and RMSE √0.375", () => {
    // mean_absolute_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.5; mean_squared_error = 0.375.
    const m = metricsOf(stats(zip([2.5, 0.0, 2, 8], [3, -0.5, 2, 7])));
    expect(m.mae).toBeCloseTo(0.5, 12);
    expect(m.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
  });

  it("a replaced label is taken back exactly, and merged windows equal one window of all the pairs", () => {
    const s = stats(zip(["a", "b"], ["a", "a"]));
    addPair(s, "b", "a", -1);
    addPair(s, "b", "b");
    expect(metricsOf(s)).toEqual(metricsOf(stats(zip(["a", "b"], ["a", "b"]))));
    const pairs = zip(["a", "b", "b", "d", "c"], ["a", "a", "b", "b", "c"]);
    const merged = mergeStats(stats(pairs.slice(0, 2), 2), stats(pairs.slice(2), 3));
    expect(metricsOf(merged)).toEqual(metricsOf(stats(pairs)));
    expect(metricsOf(stats(pairs, 10)).labelledShare).toBe(0.5);
  });
});
