import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CountFolder } from "./counts";
import { disparities } from "./disparity";
import { ingestNdjson } from "./ingest";
import { RATES, rates, total } from "./rates";
import { fairlearnSummary, fourFifths } from "./summary";

const count = fc.integer({ min: 0, max: 500 });
const confusion = fc.record({ tp: count, fp: count, tn: count, fn: count });
const record = fc.record({
  label: fc.integer({ min: 0, max: 1 }),
  prediction: fc.integer({ min: 0, max: 1 }),
  attributes: fc.record({ a: fc.constantFrom("x", "y", "z"), b: fc.constantFrom("p", "q") }),
});

describe("properties of the fairness maths", () => {
  it("folding records one by one gives per-group counts whose totals and pair marginals agree", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 300 }), (records) => {
        const f = new CountFolder(["a", "b"], 1);
        for (const [i, r] of records.entries()) f.addRecord(r, `records[${i}]`);
        const out = f.result();
        for (const attr of ["a", "b"]) {
          const sum = [...(out.singles.get(attr)?.values() ?? [])].reduce((s, g) => s + total(g.counts), 0);
          expect(sum).toBe(records.length);
        }
        // Summing the pair groups over b gives the groups of a.
        for (const g of out.singles.get("a")?.values() ?? []) {
          const fromPairs = [...(out.pairs.get("a × b")?.values() ?? [])].filter((p) => p.values.a === g.group);
          for (const k of ["tp", "fp", "tn", "fn"] as const) expect(fromPairs.reduce((s, p) => s + p.counts[k], 0)).toBe(g.counts[k]);
        }
      }),
    );
  });

  it("every rate is null or in [0, 1]; complementary rates sum to 1", () => {
    fc.assert(
      fc.property(confusion, (c) => {
        const r = rates(c);
        for (const k of RATES) expect(r[k] === null || (r[k] >= 0 && r[k] <= 1)).toBe(true);
        if (r.tpr !== null && r.fnr !== null) expect(r.tpr + r.fnr).toBeCloseTo(1, 12);
        if (r.fpr !== null && r.tnr !== null) expect(r.fpr + r.tnr).toBeCloseTo(1, 12);
        if (r.ppv !== null && r.fdr !== null) expect(r.ppv + r.fdr).toBeCloseTo(1, 12);
      }),
    );
  });

  it("a group against itself has disparity 1 wherever its rate is above 0", () => {
    fc.assert(
      fc.property(confusion, (c) => {
        const d = disparities(c, c);
        const r = rates(c);
        for (const k of RATES) expect(d[k]).toBe(r[k] === null || r[k] === 0 ? null : 1);
      }),
    );
  });

  it("summary ratios lie in [0, 1], differences in [0, 1], and disparate impact is the demographic parity ratio", () => {
    fc.assert(
      fc.property(fc.array(confusion, { minLength: 1, maxLength: 6 }), (cs) => {
        const groups = cs.map((counts) => ({ counts }));
        const s = fairlearnSummary(groups);
        for (const v of [s.demographicParityRatio, s.equalizedOddsRatio, s.demographicParityDifference, s.equalizedOddsDifference])
          expect(v === null || (v >= 0 && v <= 1)).toBe(true);
        expect(s.disparateImpact).toBe(s.demographicParityRatio);
        const ff = fourFifths(groups);
        if (ff.passed !== null && ff.ratio !== null) expect(ff.passed).toBe(ff.ratio >= 0.8);
      }),
    );
  });

  it("an NDJSON stream folds to the same counts however it is cut into chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        async (records, sizes) => {
          const text = [
            JSON.stringify({ name: "n", dataset: "d", sensitiveAttributes: ["a", "b"] }),
            ...records.map((r) => JSON.stringify(r)),
          ].join("\n");
          const bytes = new TextEncoder().encode(text);
          async function* chunks() {
            let at = 0;
            for (let i = 0; at < bytes.length; i++) {
              const n = sizes[i % sizes.length];
              yield bytes.slice(at, at + n);
              at += n;
            }
          }
          const f = new CountFolder(["a", "b"], 1);
          for (const [i, r] of records.entries()) f.addRecord(r, `records[${i}]`);
          const got = await ingestNdjson(chunks());
          expect([...(got.folded.pairs.get("a × b")?.values() ?? [])].sort((x, y) => x.group.localeCompare(y.group))).toEqual(
            [...(f.result().pairs.get("a × b")?.values() ?? [])].sort((x, y) => x.group.localeCompare(y.group)),
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});
