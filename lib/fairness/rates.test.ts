import { describe, expect, it } from "vitest";
import { COMPAS } from "./fixtures";
import { intervals, rates, wilson } from "./rates";

describe("rates (METRICS.md, Fairness)", () => {
  it("reproduces ProPublica's COMPAS figures for Black defendants", () => {
    const r = rates(COMPAS.black);
    expect(r.fpr).toBeCloseTo(0.4485, 4); // 805 / 1795
    expect(r.fnr).toBeCloseTo(0.2799, 4); // 532 / 1901
    expect(r.tpr).toBeCloseTo(0.720147, 6); // 1369 / 1901
    expect(r.tnr).toBeCloseTo(0.551532, 6); // 990 / 1795
    expect(r.selectionRate).toBeCloseTo(0.588203, 6); // 2174 / 3696
    expect(r.prevalence).toBeCloseTo(0.51434, 6); // 1901 / 3696
    expect(r.ppv).toBeCloseTo(0.629715, 6); // 1369 / 2174
    expect(r.npv).toBeCloseTo(0.65046, 6); // 990 / 1522
    expect(r.fdr).toBeCloseTo(0.370285, 6); // 805 / 2174
    expect(r.for).toBeCloseTo(0.34954, 6); // 532 / 1522
    expect(r.accuracy).toBeCloseTo(0.638258, 6); // 2359 / 3696
  });

  it("reproduces ProPublica's COMPAS figures for white defendants", () => {
    const r = rates(COMPAS.white);
    expect(r.fpr).toBeCloseTo(0.2345, 4); // 349 / 1488
    expect(r.fnr).toBeCloseTo(0.4772, 4); // 461 / 966
    expect(r.selectionRate).toBeCloseTo(0.348003, 6); // 854 / 2454
  });

  it("gives null, never 0 or NaN, for a rate whose denominator is 0", () => {
    // No actual positives: tpr, fnr undefined; no predicted positives: ppv, fdr undefined.
    const r = rates({ tp: 0, fp: 0, tn: 7, fn: 0 });
    expect(r).toMatchObject({
      tpr: null,
      fnr: null,
      ppv: null,
      fdr: null,
      fpr: 0,
      tnr: 1,
      npv: 1,
      for: 0,
      selectionRate: 0,
      prevalence: 0,
      accuracy: 1,
    });
    const empty = rates({ tp: 0, fp: 0, tn: 0, fn: 0 });
    for (const v of Object.values(empty)) expect(v).toBeNull();
    expect(JSON.stringify(empty)).not.toContain("NaN");
  });

  it("gives 95% Wilson score intervals that match published values", () => {
    // Brown, Cai & DasGupta (2001) table values: 0/10 → [0, 0.2775], 5/10 → [0.2366, 0.7634].
    expect(wilson(0, 10)?.low).toBe(0);
    expect(wilson(0, 10)?.high).toBeCloseTo(0.277533, 6);
    expect(wilson(5, 10)?.low).toBeCloseTo(0.236593, 6);
    expect(wilson(5, 10)?.high).toBeCloseTo(0.763407, 6);
    expect(wilson(10, 10)?.low).toBeCloseTo(0.722467, 6);
    expect(wilson(10, 10)?.high).toBe(1);
    expect(wilson(1, 1)?.low).toBeCloseTo(0.206549, 6);
    expect(wilson(0, 0)).toBeNull();
    // COMPAS, Black defendants' fpr 805/1795.
    const i = intervals(COMPAS.black).fpr;
    expect(i?.low).toBeCloseTo(0.425595, 6);
    expect(i?.high).toBeCloseTo(0.471561, 6);
    expect(intervals({ tp: 0, fp: 0, tn: 3, fn: 0 }).tpr).toBeNull();
  });
});
