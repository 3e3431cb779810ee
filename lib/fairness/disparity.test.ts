import { describe, expect, it } from "vitest";
import { chooseReference, DEFAULT_THRESHOLDS, disparities, judgeGroup } from "./disparity";
import { COMPAS } from "./fixtures";
import { rates } from "./rates";

const judge = (
  group: { tp: number; fp: number; tn: number; fn: number },
  ref: { tp: number; fp: number; tn: number; fn: number },
  minGroupSize = 30,
) =>
  judgeGroup({
    n: group.tp + group.fp + group.tn + group.fn,
    rates: rates(group),
    disparities: disparities(group, ref),
    reference: { group: "ref", rates: rates(ref) },
    isReference: false,
    judged: ["selectionRate", "fpr", "fnr"],
    thresholds: DEFAULT_THRESHOLDS,
    minGroupSize,
  });

describe("disparities (Aequitas bias.py) and their judgement (fairness.py)", () => {
  it("gives COMPAS's fpr disparity of 1.912 for Black defendants with white defendants as reference", () => {
    const d = disparities(COMPAS.black, COMPAS.white);
    expect(d.fpr).toBeCloseTo(1.912, 3); // 0.448468 / 0.234543 = 1.912093
    expect(d.fnr).toBeCloseTo(0.586416, 6); // 0.279853 / 0.477226
    expect(d.selectionRate).toBeCloseTo(1.690224, 6);
    const j = judge(COMPAS.black, COMPAS.white);
    expect(j.passed).toBe(false);
    expect(j.flags.map((f) => [f.metric, f.kind, f.fails])).toEqual([
      ["selectionRate", "outside_thresholds", true],
      ["fpr", "outside_thresholds", true],
      ["fnr", "outside_thresholds", true],
    ]);
    expect(j.flags[1].message).toBe("False positive rate is 1.91× the reference group's (ref), outside 0.8–1.25.");
  });

  it("passes disparities of exactly 0.8 and 1.25 (inclusive), fails just outside", () => {
    const ref = { tp: 35, fp: 35, tn: 10, fn: 0 }; // selection 70/80 = 7/8
    const at08 = { tp: 35, fp: 35, tn: 30, fn: 0 }; // selection 70/100 = 7/10 → 0.8 exactly
    expect(disparities(at08, ref).selectionRate).toBe(0.8);
    const ref2 = { tp: 25, fp: 25, tn: 50, fn: 0 }; // 0.5
    const at125 = { tp: 25, fp: 25, tn: 30, fn: 0 }; // 50/80 = 0.625 → 1.25 exactly
    expect(disparities(at125, ref2).selectionRate).toBe(1.25);
    const ok = (g: typeof ref, r: typeof ref) =>
      judgeGroup({
        n: 100,
        rates: rates(g),
        disparities: disparities(g, r),
        reference: { group: "r", rates: rates(r) },
        isReference: false,
        judged: ["selectionRate"],
        thresholds: DEFAULT_THRESHOLDS,
        minGroupSize: 30,
      }).passed;
    expect(ok(at08, ref)).toBe(true);
    expect(ok(at125, ref2)).toBe(true);
    expect(ok({ tp: 35, fp: 34, tn: 31, fn: 0 }, ref)).toBe(false); // 0.69/0.875 = 0.7886
    expect(ok({ tp: 26, fp: 25, tn: 29, fn: 0 }, ref2)).toBe(false); // 0.6375/0.5 = 1.275
  });

  it("gives null and a flag when the reference's rate is 0, failing only a group whose rate is above 0", () => {
    const ref = { tp: 10, fp: 0, tn: 40, fn: 10 }; // fpr 0
    const worse = { tp: 10, fp: 4, tn: 36, fn: 10 }; // fpr 0.1
    const same = { tp: 10, fp: 0, tn: 40, fn: 10 };
    expect(disparities(worse, ref).fpr).toBeNull();
    const j = judge(worse, ref);
    expect(j.flags).toContainEqual(expect.objectContaining({ kind: "reference_rate_zero", metric: "fpr", disparity: null, fails: true }));
    expect(j.passed).toBe(false);
    const k = judge(same, ref);
    expect(k.flags).toContainEqual(expect.objectContaining({ kind: "reference_rate_zero", metric: "fpr", fails: false }));
    expect(k.passed).toBe(true);
  });

  it("gives null where the group's own denominator is 0, without failing it", () => {
    const noPositives = { tp: 0, fp: 5, tn: 45, fn: 0 };
    const d = disparities(noPositives, COMPAS.white);
    expect(d.fnr).toBeNull();
    expect(d.tpr).toBeNull();
    expect(disparities(COMPAS.white, null).fpr).toBeNull();
  });

  it("flags a group under 30 as too small to judge, and does not fail it", () => {
    const small = { tp: 10, fp: 9, tn: 1, fn: 0 }; // n 20, far outside
    const j = judge(small, COMPAS.white);
    expect(j.tooSmall).toBe(true);
    expect(j.passed).toBe(true);
    expect(j.flags[0]).toMatchObject({ kind: "too_small", fails: false, message: "Only 20 records: too small to judge (under 30)." });
    expect(j.flags.filter((f) => f.kind === "outside_thresholds").every((f) => !f.fails)).toBe(true);
    expect(judge({ ...small, tn: 11 }, COMPAS.white).tooSmall).toBe(false); // n 30 is judged
  });

  it("chooses the given reference, else the largest group (ties by name)", () => {
    const groups = [
      { group: "b", n: 10 },
      { group: "a", n: 10 },
      { group: "c", n: 3 },
    ];
    expect(chooseReference(groups)).toBe("a");
    expect(chooseReference(groups, "c")).toBe("c");
    expect(
      chooseReference([
        { group: "x", n: 1 },
        { group: "y", n: 2 },
      ]),
    ).toBe("y");
    expect(chooseReference([])).toBeNull();
  });
});
