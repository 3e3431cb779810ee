import { describe, expect, it } from "vitest";
import { configOf, ingestJson } from "@/lib/fairness/ingest";
import { evaluate } from "@/lib/fairness/verdict";
import { DEMO_AUDITS, recordsFromCells } from "./fairness";

describe("the demo audits the seed posts", () => {
  for (const d of DEMO_AUDITS) {
    it(`${d.model} ${d.version} ${d.expect}s`, () => {
      const input = ingestJson({ ...d.header, records: recordsFromCells(d.cells) });
      const r = evaluate(input.folded, configOf(input.header));
      const failing = Object.entries({ ...r.summary, ...r.intersections.summary })
        .filter(([, s]) => !s.passed)
        .map(([k, s]) => `${k}: ${s.failingGroups.join(", ")} (four-fifths ${s.fourFifths.ratio})`);
      expect(r.passed, failing.join("; ")).toBe(d.expect === "pass");
    });
  }

  it("flags African-American defendants in recidivism-risk 2.0, with Native American too small to judge", () => {
    const d = DEMO_AUDITS.find((x) => x.model === "recidivism-risk" && x.version === "2.0");
    const input = ingestJson({ ...d?.header, records: recordsFromCells(d?.cells ?? []) });
    const r = evaluate(input.folded, configOf(input.header));
    const aa = r.groups.find((g) => g.group === "African-American");
    expect(aa?.disparities.fpr).toBeCloseTo(1.912, 3);
    expect(aa?.passed).toBe(false);
    expect(r.groups.find((g) => g.group === "Native American")).toMatchObject({ n: 15, tooSmall: true, passed: true });
  });
});
