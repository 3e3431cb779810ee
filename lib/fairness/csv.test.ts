import { describe, expect, it } from "vitest";
import { csvCell } from "../csv";
import { CountFolder } from "./counts";
import { groupsCsv } from "./csv";
import { DEFAULT_JUDGED, DEFAULT_THRESHOLDS } from "./disparity";
import { evaluate } from "./verdict";

describe("the group table as CSV", () => {
  it("quotes per RFC 4180 and neutralises formula injection", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(0.25)).toBe("0.25");
    expect(csvCell(true)).toBe("true");
  });

  it("writes a row per group with counts, rates and disparities", () => {
    const c = {
      sensitiveAttributes: ["g"],
      referenceGroups: {},
      positiveLabel: 1,
      thresholds: DEFAULT_THRESHOLDS,
      metrics: DEFAULT_JUDGED,
      minGroupSize: 30,
      intersections: true,
    };
    const f = new CountFolder(["g"], 1);
    f.addCounts({ attributes: { g: "=cmd|' /C calc'!A0" }, tp: 10, fp: 10, tn: 10, fn: 10 }, "counts[0]");
    f.addCounts({ attributes: { g: "B" }, tp: 20, fp: 20, tn: 20, fn: 20 }, "counts[1]");
    const csv = groupsCsv(evaluate(f.result(), c).groups);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0].startsWith("attribute,group,reference,n,tp,fp,tn,fn,selectionRate,prevalence,tpr,fpr,")).toBe(true);
    expect(lines[1].startsWith("g,B,true,80,20,20,20,20,0.5,0.5,0.5,0.5,")).toBe(true);
    expect(lines[2].startsWith(`g,'=cmd|' /C calc'!A0,false,40,10,10,10,10,0.5,`)).toBe(true);
  });
});
