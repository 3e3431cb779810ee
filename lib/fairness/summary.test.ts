import { describe, expect, it } from "vitest";
import { COMPAS } from "./fixtures";
import { fairlearnSummary, fourFifths } from "./summary";

const g = (tp: number, fp: number, tn: number, fn: number) => ({ counts: { tp, fp, tn, fn } });

describe("Fairlearn between_groups summaries (worst case) and the four-fifths rule", () => {
  it("computes each summary for three hand-made groups", () => {
    // A: sel 50/100 = 0.5, tpr 40/50 = 0.8, fpr 10/50 = 0.2
    // B: sel 30/100 = 0.3, tpr 20/30 = 0.6667, fpr 10/70 = 0.142857
    // C: sel 50/100 = 0.5, tpr 30/50 = 0.6, fpr 20/50 = 0.4
    const s = fairlearnSummary([g(40, 10, 40, 10), g(20, 10, 60, 10), g(30, 20, 30, 20)]);
    expect(s.demographicParityDifference).toBeCloseTo(0.2, 12); // 0.5 − 0.3
    expect(s.demographicParityRatio).toBeCloseTo(0.6, 12); // 0.3 / 0.5
    // tpr spread 0.8 − 0.6 = 0.2; fpr spread 0.4 − 0.142857 = 0.257143 → the larger
    expect(s.equalizedOddsDifference).toBeCloseTo(0.257143, 6);
    // tpr ratio 0.6 / 0.8 = 0.75; fpr ratio 0.142857 / 0.4 = 0.357143 → the smaller
    expect(s.equalizedOddsRatio).toBeCloseTo(0.357143, 6);
    expect(s.disparateImpact).toBeCloseTo(0.6, 12);
  });

  it("computes the summaries for COMPAS (Black and white defendants)", () => {
    const s = fairlearnSummary([{ counts: COMPAS.black }, { counts: COMPAS.white }]);
    expect(s.demographicParityDifference).toBeCloseTo(0.2402, 6); // 2174/3696 − 854/2454 = 0.588203 − 0.348003
    expect(s.demographicParityRatio).toBeCloseTo(0.591638, 6); // 0.348003 / 0.588203
    expect(s.equalizedOddsDifference).toBeCloseTo(0.213925, 6); // fpr 0.448468 − 0.234543 > tpr 0.720147 − 0.522774
    expect(s.equalizedOddsRatio).toBeCloseTo(0.522987, 6); // fpr 0.234543 / 0.448468 < tpr 0.725928
    expect(fourFifths([{ counts: COMPAS.black }, { counts: COMPAS.white }])).toEqual({
      ratio: s.disparateImpact,
      passed: false,
      groupsCompared: 2,
    });
  });

  it("applies the four-fifths rule at exactly 0.8 and just under", () => {
    // 70/100 against 70/80: 0.7 / 0.875 = 0.8 exactly → passes
    expect(fourFifths([g(35, 35, 30, 0), g(35, 35, 10, 0)])).toEqual({ ratio: 0.8, passed: true, groupsCompared: 2 });
    // 39/100 against 50/100: 0.78 → adverse impact
    const f = fourFifths([g(20, 19, 61, 0), g(25, 25, 50, 0)]);
    expect(f.ratio).toBeCloseTo(0.78, 12);
    expect(f.passed).toBe(false);
  });

  it("skips empty groups and undefined rates, and gives null when nothing can be compared", () => {
    // An empty group has no selection rate; a group with no actual positives has no tpr.
    const s = fairlearnSummary([g(0, 0, 0, 0), g(0, 2, 8, 0), g(5, 5, 5, 5)]);
    expect(s.demographicParityDifference).toBeCloseTo(0.3, 12); // 10/20 − 2/10
    expect(s.demographicParityRatio).toBeCloseTo(0.4, 12);
    // tpr only from the third group (0.5): spread 0; fpr 2/10 = 0.2 and 5/10 = 0.5: spread 0.3
    expect(s.equalizedOddsDifference).toBeCloseTo(0.3, 12);
    expect(s.equalizedOddsRatio).toBeCloseTo(0.4, 12); // min(tpr 1, fpr 0.4)
    // Nobody selected anywhere: 0/0, no ratio, and the four-fifths rule does not apply.
    const none = [g(0, 0, 10, 3), g(0, 0, 20, 1)];
    expect(fairlearnSummary(none)).toMatchObject({ demographicParityDifference: 0, demographicParityRatio: null, disparateImpact: null });
    expect(fourFifths(none)).toEqual({ ratio: null, passed: null, groupsCompared: 2 });
    expect(fourFifths([g(1, 1, 1, 1)])).toEqual({ ratio: null, passed: null, groupsCompared: 1 });
    expect(fourFifths([g(0, 0, 0, 0), g(1, 1, 1, 1)])).toEqual({ ratio: null, passed: null, groupsCompared: 1 });
    expect(fairlearnSummary([])).toEqual({
      demographicParityDifference: null,
      demographicParityRatio: null,
      equalizedOddsDifference: null,
      equalizedOddsRatio: null,
      disparateImpact: null,
    });
  });
});
