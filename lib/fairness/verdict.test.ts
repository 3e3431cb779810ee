import { describe, expect, it } from "vitest";
import { CountFolder } from "./counts";
import { DEFAULT_JUDGED, DEFAULT_THRESHOLDS } from "./disparity";
import { COMPAS } from "./fixtures";
import { type AuditConfig, evaluate } from "./verdict";

const config = (o: Partial<AuditConfig> = {}): AuditConfig => ({
  sensitiveAttributes: ["race"],
  referenceGroups: {},
  positiveLabel: 1,
  thresholds: DEFAULT_THRESHOLDS,
  metrics: DEFAULT_JUDGED,
  minGroupSize: 30,
  intersections: true,
  ...o,
});

function fold(c: AuditConfig, rows: { attributes: Record<string, string>; tp: number; fp: number; tn: number; fn: number }[]) {
  const f = new CountFolder(c.sensitiveAttributes, c.positiveLabel, c.intersections);
  for (const [i, r] of rows.entries()) f.addCounts(r, `counts[${i}]`);
  return f.result();
}

describe("the audit's result and verdict", () => {
  it("fails COMPAS with white defendants as reference, naming the failing group and the fpr disparity of 1.912", () => {
    const c = config({ referenceGroups: { race: "Caucasian" } });
    const r = evaluate(
      fold(c, [
        { attributes: { race: "African-American" }, ...COMPAS.black },
        { attributes: { race: "Caucasian" }, ...COMPAS.white },
      ]),
      c,
    );
    expect(r.passed).toBe(false);
    expect(r.recordCount).toBe(3696 + 2454);
    const black = r.groups.find((g) => g.group === "African-American");
    expect(black).toMatchObject({
      attribute: "race",
      n: 3696,
      tp: 1369,
      fp: 805,
      tn: 990,
      fn: 532,
      isReference: false,
      tooSmall: false,
      passed: false,
    });
    expect(black?.fpr).toBeCloseTo(0.4485, 4);
    expect(black?.fnr).toBeCloseTo(0.2799, 4);
    expect(black?.disparities.fpr).toBeCloseTo(1.912, 3);
    expect(black?.flags.map((f) => f.metric)).toEqual(["selectionRate", "tpr", "fpr", "fnr", "tnr"]);
    const white = r.groups.find((g) => g.group === "Caucasian");
    expect(white).toMatchObject({ isReference: true, passed: true, flags: [] });
    expect(white?.disparities.fpr).toBe(1);
    expect(r.summary.race).toMatchObject({ referenceGroup: "Caucasian", groups: 2, failingGroups: ["African-American"], passed: false });
    expect(r.summary.race.fourFifths.passed).toBe(false);
    expect(r.summary.race.disparateImpact).toBeCloseTo(0.591638, 6);
    expect(r.referenceGroups).toEqual({ race: "Caucasian" });
  });

  it("takes the largest group as reference when none is given", () => {
    const c = config();
    const r = evaluate(
      fold(c, [
        { attributes: { race: "Caucasian" }, ...COMPAS.white },
        { attributes: { race: "African-American" }, ...COMPAS.black },
      ]),
      c,
    );
    expect(r.summary.race.referenceGroup).toBe("African-American"); // 3,696 against 2,454
    expect(r.groups.map((g) => g.group)).toEqual(["African-American", "Caucasian"]); // largest first
    expect(r.groups[1].disparities.fpr).toBeCloseTo(0.522987, 6);
  });

  it("passes when every judged group is inside the band and the four-fifths rule holds", () => {
    const c = config({ sensitiveAttributes: ["sex"] });
    const r = evaluate(
      fold(c, [
        { attributes: { sex: "F" }, tp: 40, fp: 10, tn: 40, fn: 10 },
        { attributes: { sex: "M" }, tp: 42, fp: 10, tn: 38, fn: 10 },
      ]),
      c,
    );
    expect(r.passed).toBe(true);
    expect(r.summary.sex).toMatchObject({ passed: true, failingGroups: [], fourFifths: { passed: true, groupsCompared: 2 } });
  });

  it("fails the four-fifths rule even when each group is within the band of the reference", () => {
    // Reference R selects 0.5; A 0.41 (0.82×) and B 0.62 (1.24×) both pass, but 0.41 / 0.62 = 0.661 < 0.8.
    const c = config({ sensitiveAttributes: ["g"], referenceGroups: { g: "R" }, metrics: ["selectionRate"] });
    const r = evaluate(
      fold(c, [
        { attributes: { g: "R" }, tp: 25, fp: 25, tn: 25, fn: 25 },
        { attributes: { g: "A" }, tp: 21, fp: 20, tn: 30, fn: 29 },
        { attributes: { g: "B" }, tp: 31, fp: 31, tn: 19, fn: 19 },
      ]),
      c,
    );
    expect(r.groups.every((g) => g.passed)).toBe(true);
    expect(r.summary.g.fourFifths.ratio).toBeCloseTo(0.41 / 0.62, 12);
    expect(r.summary.g.passed).toBe(false);
    expect(r.passed).toBe(false);
  });

  it("reports empty and small groups without failing them", () => {
    const c = config({ sensitiveAttributes: ["g"], metrics: ["selectionRate", "fpr"] });
    const r = evaluate(
      fold(c, [
        { attributes: { g: "big" }, tp: 50, fp: 10, tn: 80, fn: 10 },
        { attributes: { g: "empty" }, tp: 0, fp: 0, tn: 0, fn: 0 },
        { attributes: { g: "tiny" }, tp: 5, fp: 5, tn: 1, fn: 1 },
      ]),
      c,
    );
    const empty = r.groups.find((g) => g.group === "empty");
    expect(empty).toMatchObject({ n: 0, selectionRate: null, fpr: null, tooSmall: true, passed: true });
    expect(empty?.disparities.selectionRate).toBeNull();
    expect(empty?.intervals.selectionRate).toBeNull();
    const tiny = r.groups.find((g) => g.group === "tiny");
    expect(tiny).toMatchObject({ n: 12, tooSmall: true, passed: true });
    expect(tiny?.flags.some((f) => f.kind === "outside_thresholds" && !f.fails)).toBe(true);
    expect(r.summary.g).toMatchObject({ tooSmallGroups: ["tiny", "empty"], failingGroups: [], passed: true });
    expect(r.summary.g.fourFifths).toEqual({ ratio: null, passed: null, groupsCompared: 1 });
    // Fairlearn's figures still cover every group with data: 10/12 against 60/150.
    expect(r.summary.g.demographicParityDifference).toBeCloseTo(10 / 12 - 60 / 150, 12);
    expect(r.passed).toBe(true);
  });

  it("reports each pair of attributes, with the pair of references as the pair's reference", () => {
    const c = config({ sensitiveAttributes: ["race", "sex"], referenceGroups: { race: "W" }, metrics: ["fpr"] });
    const rows = [
      { attributes: { race: "B", sex: "F" }, tp: 20, fp: 30, tn: 40, fn: 10 },
      { attributes: { race: "B", sex: "M" }, tp: 30, fp: 20, tn: 40, fn: 10 },
      { attributes: { race: "W", sex: "F" }, tp: 20, fp: 10, tn: 60, fn: 10 },
      { attributes: { race: "W", sex: "M" }, tp: 30, fp: 10, tn: 50, fn: 10 },
    ];
    const r = evaluate(fold(c, rows), c);
    expect(r.groups.map((g) => `${g.attribute}:${g.group}:${g.n}`).sort()).toEqual(["race:B:200", "race:W:200", "sex:F:200", "sex:M:200"]);
    // sex has two groups of 200: the tie goes to "F"; so the pair's reference is W × F.
    expect(r.referenceGroups).toEqual({ race: "W", sex: "F", "race × sex": "W × F" });
    const ix = r.intersections.groups;
    expect(ix.map((g) => g.group).sort()).toEqual(["B × F", "B × M", "W × F", "W × M"]);
    const bf = ix.find((g) => g.group === "B × F");
    expect(bf?.values).toEqual({ race: "B", sex: "F" });
    // fpr B×F = 30/70 = 0.428571; W×F = 10/70 = 0.142857 → 3.0
    expect(bf?.disparities.fpr).toBeCloseTo(3, 12);
    expect(r.intersections.summary["race × sex"].failingGroups).toEqual(["B × F", "B × M"]);
    // Per race, B: fpr 50/130 = 0.384615 against W 20/130 = 0.153846 → 2.5
    expect(r.groups.find((g) => g.group === "B")?.disparities.fpr).toBeCloseTo(2.5, 12);
    expect(r.passed).toBe(false);
  });

  it("refuses a reference group that is not in the data, naming it", () => {
    const c = config({ referenceGroups: { race: "Martian", religion: "x" } });
    expect(() => evaluate(fold(c, [{ attributes: { race: "A" }, tp: 1, fp: 1, tn: 1, fn: 1 }]), c)).toThrow(
      expect.objectContaining({
        status: 400,
        details: [
          { path: "referenceGroups.religion", message: "is not one of the sensitive attributes (or a pair of them)" },
          { path: "referenceGroups.race", message: "'Martian' is not a group in the data (found: A)" },
        ],
      }),
    );
  });

  it("leaves pairs out when intersections are off", () => {
    const c = config({ sensitiveAttributes: ["a", "b"], intersections: false });
    const r = evaluate(fold(c, [{ attributes: { a: "1", b: "2" }, tp: 1, fp: 0, tn: 0, fn: 0 }]), c);
    expect(r.intersections).toEqual({ groups: [], summary: {} });
  });
});
