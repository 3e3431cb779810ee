// The reference profile builder (lib/drift/profile.ts), pure: the bin layouts, the numeric features compared as
// categories, the 0.5 %–99.5 % outlier range, and the bad-input errors naming their path. Expected figures are worked
// by hand in the comments, or computed here by a quantile written in this file (numpy's default, "linear"), never by
// lib/drift.
import { describe, expect, it } from "vitest";
import { zodDetails } from "@/lib/api/validate";
import { buildSpec, type CategoricalSpec, fineBin, type NumericSpec, numericSpec } from "./profile";
import { reservedKeys } from "./reference";
import { ReferenceProfile } from "./schemas";

/** numpy.quantile(x, q) with method="linear": h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). */
function npQuantile(values: number[], q: number): number {
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * q;
  const lo = Math.floor(h);
  if (lo + 1 >= x.length) return x[x.length - 1];
  return x[lo] + (h - lo) * (x[lo + 1] - x[lo]);
}

/** The fine bin of x by brute force: 2i+1 when x is cut i, otherwise twice the number of cuts below x. */
function bruteBin(cuts: number[], x: number): number {
  const at = cuts.indexOf(x);
  if (at >= 0) return 2 * at + 1;
  return 2 * cuts.filter((c) => c < x).length;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The spec of one numeric feature through the public builder. */
const specOf = (values: number[]) => buildSpec({ features: { f: { type: "numeric", values } } }).f;

describe("fine bins", () => {
  it("numbers 2k+1 bins: below the first cut, at each cut, between cuts, above the last", () => {
    const cuts = [1, 2, 3];
    // 0 < 1 → bin 0; 1 is cut 0 → 1; 1.5 between cuts 0 and 1 → 2; 2 → 3; 2.5 → 4; 3 → 5; 4 above → 6.
    expect([0, 1, 1.5, 2, 2.5, 3, 4].map((x) => fineBin(cuts, x))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(fineBin([7], 7)).toBe(1);
    expect(fineBin([7], -1e308)).toBe(0);
    expect(fineBin([7], 1e308)).toBe(2);
  });
});

describe("small references (≤ 1,000 rows): a cut at every distinct value, and the deciles", () => {
  it("with ≤ 20 distinct values: cuts are the values, no deciles, every row in its value's point bin", () => {
    // 6..11 and 6 twice more: 8 rows, 6 distinct (more than 5, so numeric), 20 or fewer, so no deciles.
    const values = [11, 6, 7, 8, 9, 10, 6, 6];
    const s = specOf(values) as NumericSpec;
    expect(s.kind).toBe("numeric");
    expect(s.rows).toBe(8);
    expect(s.distinct).toBe(6);
    expect(s.cuts).toEqual([6, 7, 8, 9, 10, 11]);
    expect(s.deciles).toBeNull();
    expect(s.exact).toBe(true);
    // 13 fine bins; point bins 1, 3, …, 11 hold 3, 1, 1, 1, 1, 1; the gaps hold nothing.
    expect(s.refCounts).toEqual([0, 3, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(s.refSums).toEqual([0, 18, 0, 7, 0, 8, 0, 9, 0, 10, 0, 11, 0]);
    // mean 63 / 8 = 7.875; Σ(x − mean)² = 3·1.875² + 0.875² + 0.125² + 1.125² + 2.125² + 3.125² = 26.875
    expect(s.std).toBeCloseTo(Math.sqrt(26.875 / 8), 12);
  });

  it("with more than 20 distinct values: deciles at numpy's linear quantiles, among the cuts with every value", () => {
    // 1..30: h = 29·q; q = 0.1 → 2.9 → 3 + 0.9 = 3.9; q = 0.5 → 14.5 → 15.5; q = 0.9 → 26.1 → 27.1.
    const values = range(1, 30);
    const s = specOf(values) as NumericSpec;
    const deciles = [3.9, 6.8, 9.7, 12.6, 15.5, 18.4, 21.3, 24.2, 27.1];
    expect(s.deciles?.length).toBe(9);
    s.deciles?.forEach((d, i) => {
      expect(d).toBeCloseTo(deciles[i], 12);
      expect(d).toBe(npQuantile(values, (i + 1) / 10));
    });
    // 30 values + 9 deciles, none of which is a value: 39 cuts, ascending.
    expect(s.cuts.length).toBe(39);
    expect(s.cuts).toEqual([...values, ...(s.deciles ?? [])].sort((a, b) => a - b));
    // Every reference row sits in a point bin, so KS on these bins is KS on the values.
    for (const v of values) expect(s.refCounts[bruteBin(s.cuts, v)]).toBe(1);
    expect(s.refCounts.reduce((a, b) => a + b, 0)).toBe(30);
    expect(s.refCounts.filter((_, b) => b % 2 === 0).every((n) => n === 0)).toBe(true);
  });

  it("a 1,000-row reference is still small: 1,000 distinct values make 1,000 + 9 cuts", () => {
    // 0.5, 1.5, …, 999.5: deciles at h = 999·q, e.g. q = 0.1 → 99.9 → 99.5 + 0.9 = 100.4, never a value.
    const values = range(0, 999).map((i) => i + 0.5);
    const s = specOf(values) as NumericSpec;
    expect(s.rows).toBe(1000);
    expect(s.cuts.length).toBe(1009);
    expect(s.deciles?.[0]).toBeCloseTo(100.4, 9);
    expect(s.cuts[0]).toBe(0.5);
    expect(s.cuts[s.cuts.length - 1]).toBe(999.5);
  });
});

describe("large references (> 1,000 rows)", () => {
  it("cut at the 201 quantiles 0, 1/200, …, 1 of the reference, the deciles among them", () => {
    // 2,000 distinct values (i² / 1000, uneven spacing): quantile j/200 at h = 1999·j/200.
    const values = range(0, 1999).map((i) => (i * i) / 1000);
    const s = specOf(values) as NumericSpec;
    expect(s.rows).toBe(2000);
    expect(s.distinct).toBe(2000);
    expect(s.exact).toBe(false);
    const expected = range(0, 200).map((j) => npQuantile(values, j / 200));
    expect(s.cuts.length).toBe(201);
    for (const [j, c] of s.cuts.entries()) expect(c).toBeCloseTo(expected[j], 9);
    expect(s.cuts[0]).toBe(0);
    expect(s.cuts[200]).toBe(3996.001); // 1999² / 1000
    // The deciles are quantiles 20/200, 40/200, …: among the cuts, so PSI's bins are unions of fine bins.
    expect(s.deciles?.length).toBe(9);
    for (const d of s.deciles ?? []) expect(s.cuts).toContain(d);
    // Each fine bin holds exactly the reference rows a brute-force binning puts there.
    const brute = new Array<number>(2 * 201 + 1).fill(0);
    for (const v of values) brute[bruteBin(s.cuts, v)]++;
    expect(s.refCounts).toEqual(brute);
    expect(s.refCounts.reduce((a, b) => a + b, 0)).toBe(2000);
  });

  it("a large reference with at most 400 distinct values still cuts at every value", () => {
    // 0..299 twenty times each: 6,000 rows, 300 distinct. Each value's 20 rows share its point bin.
    const values = range(0, 5999).map((i) => i % 300);
    const s = specOf(values) as NumericSpec;
    expect(s.rows).toBe(6000);
    for (const v of range(0, 299)) {
      expect(s.cuts).toContain(v);
      expect(s.refCounts[bruteBin(s.cuts, v)]).toBe(20);
    }
    // Deciles: h = 5999·0.1 = 599.9 between rows 599 (value 29) and 600 (value 30): 29.9, a cut that holds no row.
    expect(s.deciles?.[0]).toBeCloseTo(29.9, 9);
    expect(s.cuts.length).toBe(300 + 9);
  });
});

describe("numeric features with few distinct values are compared as categories", () => {
  it("≤ 5 distinct values: a categorical layout keyed by String(value), marked numeric", () => {
    // 1..5 twenty times each: five distinct values.
    const five = range(0, 99).map((i) => (i % 5) + 1);
    const s = specOf(five) as CategoricalSpec;
    expect(s).toEqual({ kind: "categorical", rows: 100, distinct: 5, numeric: true, refCounts: { 1: 20, 2: 20, 3: 20, 4: 20, 5: 20 } });
    // The counts are a null-prototype record: a category is never an inherited property.
    expect(Object.getPrototypeOf(s.refCounts)).toBeNull();
    // 2.5 and -0 key as "2.5" and "0".
    const odd = specOf([2.5, 2.5, -0, 7]) as CategoricalSpec;
    expect({ ...odd.refCounts }).toEqual({ "2.5": 2, "0": 1, "7": 1 });
  });

  it("6 distinct values: numeric", () => {
    expect(specOf([1, 2, 3, 4, 5, 6]).kind).toBe("numeric");
  });

  it("categorical profiles: zero counts dropped, rows summed", () => {
    const s = buildSpec({ features: { channel: { type: "categorical", counts: { web: 70, app: 30, fax: 0 } } } }).channel;
    expect(s).toMatchObject({ kind: "categorical", rows: 100, distinct: 2, numeric: false });
    expect({ ...(s as CategoricalSpec).refCounts }).toEqual({ web: 70, app: 30 });
  });

  it("feature names such as toString and constructor are own keys of the spec", () => {
    // Parsed from JSON, as a body arrives: the keys are own properties of the parsed object.
    const profile = ReferenceProfile.parse(
      JSON.parse(
        '{"features": {"toString": {"type": "numeric", "values": [1, 2]}, "constructor": {"type": "categorical", "counts": {"__defineGetter__": 3}}}}',
      ),
    );
    const spec = buildSpec(profile);
    const [named, built] = ["toString", "constructor"];
    expect(Object.keys(spec).sort()).toEqual(["constructor", "toString"]);
    expect(Object.hasOwn(spec, named) && spec[named].kind).toBe("categorical");
    expect((spec[built] as CategoricalSpec).rows).toBe(3);
  });
});

describe("the outlier range: numpy's linear 0.5 % and 99.5 % quantiles", () => {
  it("1..1000 → [5.995, 995.005]", () => {
    // h = 999·0.005 = 4.995 → x[4] + 0.995 = 5.995; h = 999·0.995 = 994.005 → x[994] + 0.005 = 995.005.
    const r = (specOf(range(1, 1000)) as NumericSpec).range as [number, number];
    expect(r[0]).toBeCloseTo(5.995, 9);
    expect(r[1]).toBeCloseTo(995.005, 9);
  });

  it("0..99 → [0.495, 98.505]; a shuffled input gives the same range", () => {
    // h = 99·0.005 = 0.495 → 0.495; h = 99·0.995 = 98.505 → 98.505.
    const values = range(0, 99).map((i) => (i * 37) % 100);
    const r = (specOf(values) as NumericSpec).range as [number, number];
    expect(r[0]).toBeCloseTo(0.495, 9);
    expect(r[1]).toBeCloseTo(98.505, 9);
  });

  it("matches the independent quantile on uneven data; one value gives [v, v]", () => {
    const values = [3, -7.5, 12, 0.25, 99, 4, 4, 18, -2, 7, 1e3];
    const r = numericSpec(values).range as [number, number];
    expect(r[0]).toBeCloseTo(npQuantile(values, 0.005), 9);
    expect(r[1]).toBeCloseTo(npQuantile(values, 0.995), 9);
    // n = 11: h = 0.05 → −7.5 + 0.05·(−2 − (−7.5)) = −7.225; h = 9.95 → 99 + 0.95·901 = 954.95.
    expect(r[0]).toBeCloseTo(-7.225, 9);
    expect(r[1]).toBeCloseTo(954.95, 9);
    expect(numericSpec([42]).range).toEqual([42, 42]);
  });
});

describe("bad profiles are refused naming the field", () => {
  const paths = (body: unknown) => {
    const r = ReferenceProfile.safeParse(body);
    return [...reservedKeys(body), ...(r.success ? [] : zodDetails(r.error))];
  };

  it("a value that is not a number: features.amount.values[1]", () => {
    expect(paths({ features: { amount: { type: "numeric", values: [1, "x"] } } })[0].path).toBe("features.amount.values[1]");
  });

  it("an infinite value: features.amount.values[2]", () => {
    const details = paths({ features: { amount: { type: "numeric", values: [1, 2, Number.POSITIVE_INFINITY] } } });
    expect(details.map((d) => d.path)).toEqual(["features.amount.values[2]"]);
  });

  it("no values, a negative or fractional count, no counted row, an unknown field, an unknown type", () => {
    expect(paths({ features: { amount: { type: "numeric", values: [] } } })).toEqual([
      { path: "features.amount.values", message: "must hold at least one value" },
    ]);
    expect(paths({ features: { channel: { type: "categorical", counts: { web: -1 } } } })[0]).toEqual({
      path: "features.channel.counts.web",
      message: "must not be negative",
    });
    expect(paths({ features: { channel: { type: "categorical", counts: { web: 1.5 } } } })[0]).toEqual({
      path: "features.channel.counts.web",
      message: "must be a whole number",
    });
    expect(paths({ features: { channel: { type: "categorical", counts: { web: 0 } } } })[0]).toEqual({
      path: "features.channel.counts",
      message: "must count at least one row",
    });
    expect(paths({ features: { amount: { type: "numeric", values: [1], bins: 10 } } })).toEqual([
      { path: "features.amount.bins", message: "is not a known field" },
    ]);
    expect(paths({ features: { amount: { type: "histogram" } } })[0].path).toMatch(/^features\.amount/);
  });

  it("no features; the reserved names * and __proto__", () => {
    expect(paths({ features: {} })).toEqual([{ path: "features", message: "must hold at least one feature" }]);
    expect(paths({ features: { "*": { type: "numeric", values: [1] } } })[0].path).toBe("features.*");
    const proto = JSON.parse('{"features": {"__proto__": {"type": "numeric", "values": [1]}, "a": {"type": "numeric", "values": [1]}}}');
    expect(paths(proto)[0]).toEqual({ path: "features.__proto__", message: "is a reserved name" });
    const category = JSON.parse('{"features": {"c": {"type": "categorical", "counts": {"__proto__": 3, "web": 1}}}}');
    expect(paths(category)[0]).toEqual({ path: "features.c.counts.__proto__", message: "is a reserved category name" });
  });

  it("a good profile parses, and builds a spec per feature", () => {
    const ok = ReferenceProfile.parse({
      features: { amount: { type: "numeric", values: range(1, 10) }, channel: { type: "categorical", counts: { web: 1 } } },
    });
    expect(Object.keys(buildSpec(ok)).sort()).toEqual(["amount", "channel"]);
  });
});

// The schema's own messages reach the caller (found by these tests as faults, then fixed): zod 4's z.number() refuses
// ±Infinity before a refinement runs, so the number carries the message itself; a bad feature name is a record-key
// issue whose inner message zodDetails (lib/api/validate.ts) unwraps.
describe("the schema's messages for bad values and names", () => {
  const details = (text: string) => {
    const r = ReferenceProfile.safeParse(JSON.parse(text));
    return r.success ? [] : zodDetails(r.error);
  };

  // JSON.parse reads 1e999 as Infinity: a real body can send it. It was: "Invalid input: expected number, received Infinity".
  it("1e999 is refused as 'must be a finite number'", () => {
    expect(details('{"features": {"amount": {"type": "numeric", "values": [1, 1e999]}}}')).toEqual([
      { path: "features.amount.values[1]", message: "must be a finite number" },
    ]);
  });

  // It was: { path: "features.*", message: "Invalid key in record" }.
  it('the feature name "*" is refused as reserved', () => {
    expect(details('{"features": {"*": {"type": "numeric", "values": [1]}}}')).toEqual([
      { path: "features.*", message: '"*" is reserved' },
    ]);
  });

  // It was: { path: "features.", message: "Invalid key in record" }.
  it("an empty feature name is refused as 'must not be empty'", () => {
    expect(details('{"features": {"": {"type": "numeric", "values": [1]}}}')[0].message).toBe("must not be empty");
  });
});
