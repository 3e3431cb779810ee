import { describe, expect, it } from "vitest";
import {
  binCounts,
  chiSquare,
  chiSquareSf,
  compareCategorical,
  compareNumeric,
  decileEdges,
  jensenShannon,
  kolmogorovSf,
  ks2samp,
  ksPValue,
  ksStatistic,
  normalSf,
  psiFromCounts,
  quantile,
  wassersteinNormalized,
  zTwoProportions,
} from "./stats";

// Reference figures: python3 with numpy 2.4.6 and scipy 1.17.1; each line says what produced it.
function close(actual: number, expected: number, rel = 1e-9): void {
  const tol = rel * Math.max(Math.abs(expected), Number.MIN_VALUE);
  if (!(Math.abs(actual - expected) <= tol)) throw new Error(`expected ${expected}, got ${actual} (rel tol ${rel})`);
}

// Deterministic samples built from integer arithmetic, reproduced identically in Python.
const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
const refA = seq(200, (i) => ((i * 37) % 101) / 10); // [((i*37)%101)/10 for i in range(200)]
const curA = seq(150, (i) => ((i * 53) % 97) / 10 + 0.5); // [((i*53)%97)/10+0.5 for i in range(150)]

describe("quantile and decile edges (numpy linear)", () => {
  it("matches np.quantile", () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3];
    // np.quantile(x, [0.1,...,0.9])
    const expected = [2.0, 2.8000000000000007, 3.0, 3.6000000000000014, 4.0, 5.0, 6.0, 7.200000000000003, 8.600000000000001];
    const sorted = [...x].sort((a, b) => a - b);
    for (let i = 0; i < 9; i++) expect(quantile(sorted, (i + 1) / 10)).toBe(expected[i]);
    expect(decileEdges(x)).toEqual(expected);
  });
  it("collapses duplicate deciles into one edge", () => {
    // y = [0.0]*50 + list(range(1, 51)); np.quantile(y, deciles) = [0,0,0,0,0.5,10.399999999999999,20.299999999999997,30.200000000000003,40.10000000000001]
    const y = [...seq(50, () => 0), ...seq(50, (i) => i + 1)];
    const edges = decileEdges(y);
    expect(edges).toEqual([0, 0.5, 10.399999999999999, 20.299999999999997, 30.200000000000003, 40.10000000000001]);
    // bins (−∞,0) [0,0.5) [0.5,10.4) … [40.1,∞): the 50 zeros all land in [0, 0.5)
    expect(binCounts(edges, y)).toEqual([0, 50, 10, 10, 10, 10, 10]);
  });
});

describe("PSI", () => {
  it("is 0 for identical shares", () => {
    expect(psiFromCounts([10, 20, 30], [20, 40, 60])).toBe(0);
  });
  it("floors an empty bin at 0.0001 (category only in the current sample)", () => {
    // ref shares .5 .5 0→.0001, cur .25 .25 .5:
    // 2·(.25−.5)·ln(.25/.5) + (.5−.0001)·ln(.5/.0001) = 0.34657359 + 0.4999·8.51719319 = 4.60431846666895
    close(psiFromCounts([50, 50, 0], [25, 25, 50]), 4.60431846666895, 1e-12);
  });
  it("floors an empty bin on the current side too (category only in the reference)", () => {
    // swapping sides leaves every term (c − r)·ln(c/r) unchanged
    close(psiFromCounts([25, 25, 50], [50, 50, 0]), 4.60431846666895, 1e-12);
  });
});

describe("Kolmogorov–Smirnov (scipy.stats.ks_2samp, method auto, two-sided)", () => {
  const a = [0.12, 0.5, 0.33, 0.91, 0.27, 0.5, 0.64, 0.08, 0.77, 0.45, 0.5, 0.19, 0.86, 0.33, 0.58];
  const b = [0.62, 0.71, 0.33, 0.95, 0.88, 0.5, 0.79, 0.41, 0.99, 0.67, 0.84, 0.73, 0.55, 0.9, 0.6];
  const c = [...b, 0.5, 0.33, 1.2, 0.7, 0.81];

  it("identical samples: D 0, p 1", () => {
    expect(ks2samp(a, [...a].reverse())).toEqual({ statistic: 0, pValue: 1 });
  });
  it("exact, n1 == n2, with ties", () => {
    // ks_2samp(a, b) → statistic 0.4666666666666667, pvalue 0.07546400948132746
    const r = ks2samp(a, b);
    expect(r.statistic).toBe(0.4666666666666667);
    close(r.pValue, 0.07546400948132746);
  });
  it("exact, n1 != n2, with ties", () => {
    // ks_2samp(a, c) → statistic 0.43333333333333335, pvalue 0.061088545034759786
    const r = ks2samp(a, c);
    expect(r.statistic).toBe(0.43333333333333335);
    close(r.pValue, 0.061088545034759786);
    // the raw sup |F_ref − F_cur| (either side first) is 13/30 up to an ulp; ks2samp reports it rounded to h/lcm as scipy does
    close(ksStatistic(c, a), 13 / 30, 1e-15);
  });
  it("asymptotic when max(n1, n2) > 10000 (kstwo.sf(d, round(n1·n2/(n1+n2))))", () => {
    // ref=[(i*0.6180339887) % 1.0 for i in range(12000)]; cur=[math.sqrt((i*0.4142135623) % 1.0) for i in range(300)]
    // ks_2samp(ref, cur) → statistic 0.25166666666666665, pvalue 7.686252344682534e-17 (en = 292.68 → n 293)
    const ref = seq(12000, (i) => (i * 0.6180339887) % 1.0);
    const cur = seq(300, (i) => Math.sqrt((i * 0.4142135623) % 1.0));
    const r = ks2samp(ref, cur);
    expect(r.statistic).toBe(0.25166666666666665);
    close(r.pValue, 7.686252344682534e-17, 1e-10); // stated tolerance for the asymptotic path (measured ≤ 1.3e-11)
  });
  it("kstwo.sf across its branches", () => {
    // float(kstwo.sf(x, n)) for each (n, x)
    const cases: [number, number, number][] = [
      [3, 0.4, 0.5946666666666665], // n ≤ 140, n·x² ≤ 0.75: Durbin matrix
      [140, 0.1, 0.11353657290090946], // n ≤ 140, n·x² ≤ 4: Pomeranz in scipy, Durbin here
      [141, 0.2, 2.0276784223976912e-5], // 2·smirnov
      [1000, 0.03, 0.3226902143914636], // 1 − Durbin
      [5000, 0.01, 0.6954557253913853], // 1 − Durbin
      [200000, 0.003, 0.0545369786611305], // 1 − Pelz–Good
    ];
    for (const [n, x, p] of cases) close(kolmogorovSf(n, x), p, 1e-10);
  });
  it("p-value from (d, n1, n2) alone rounds d to h/lcm first", () => {
    // 0.4666666666666667 is 7/15; 7/15 + 1e-12 rounds back to h = 7
    close(ksPValue(7 / 15 + 1e-12, 15, 15), 0.07546400948132746);
  });
});

describe("chi-square (Evidently: f_exp = ref·n_cur/n_ref; scipy.stats.chisquare)", () => {
  it("by hand and against scipy", () => {
    // f_exp = [30, 50, 20] (n equal): (25−30)²/30 + (40−50)²/50 + (35−20)²/20 = 0.8333 + 2 + 11.25 = 14.083333333333334
    // chisquare([25,40,35], [30,50,20]) → pvalue 0.0008746675674878502
    const r = chiSquare([30, 50, 20], [25, 40, 35]);
    close(r.statistic as number, 14.083333333333334, 1e-14);
    close(r.pValue, 0.0008746675674878502);
  });
  it("rescales the reference to the current size", () => {
    // f_exp = [30,50,20]·60/100 = [18,30,12]: (12−18)²/18 + 0 + (18−12)²/12 = 2 + 3 = 5; chisquare(...) → p 0.0820849986238988
    const r = chiSquare([30, 50, 20], [12, 30, 18]);
    close(r.statistic as number, 5, 1e-14);
    close(r.pValue, 0.0820849986238988);
  });
  it("a category only in the reference: observed 0", () => {
    // f_exp = [10,50,40]: 10²/10 + 10²/50 + 0 = 12; chisquare([0,60,40],[10,50,40]) → p 0.002478752176666357 (= e^−6)
    const r = chiSquare([10, 50, 40], [0, 60, 40]);
    close(r.statistic as number, 12, 1e-14);
    close(r.pValue, 0.002478752176666357);
  });
  it("a category only in the current sample: unbounded statistic, p 0", () => {
    expect(chiSquare([50, 50, 0], [40, 40, 20])).toEqual({ statistic: null, pValue: 0 });
  });
  it("chiSquareSf and normalSf match scipy", () => {
    // float(chi2.sf(x, df))
    close(chiSquareSf(3.841458820694124, 1), 0.04999999999999989, 1e-12);
    close(chiSquareSf(100, 50), 3.454931382984871e-5, 1e-12);
    close(chiSquareSf(1000, 10), 1.870290720915977e-208, 1e-12);
    close(chiSquareSf(0.5, 3), 0.9188914116546758, 1e-12);
    close(chiSquareSf(20, 7.5), 0.007657674067298914, 1e-12);
    // float(norm.sf(z))
    expect(normalSf(0)).toBe(0.5);
    close(normalSf(-1), 0.8413447460685429, 1e-12);
    close(normalSf(1.959963984540054), 0.025, 1e-12);
    close(normalSf(5), 2.866515718791933e-7, 1e-12);
    close(normalSf(-3), 0.9986501019683699, 1e-12);
    close(normalSf(12), 1.776482112077653e-33, 1e-12);
    close(normalSf(37), 5.7255712225239266e-300, 1e-12);
  });
});

describe("two-proportion z-test (Evidently _z_stat_test)", () => {
  it("by hand", () => {
    // key = first category; p1 = 40/100 = 0.4, p2 = 55/100 = 0.55, P = 95/200 = 0.475
    // z = −0.15/√(0.475·0.525·(1/100+1/100)) = −2.1239769762143665; 2*(1-norm.cdf(abs(z))) = 0.03367206885634566
    const r = zTwoProportions([60, 40], [45, 55]);
    close(r.statistic, -2.1239769762143665, 1e-14);
    close(r.pValue, 0.03367206885634566, 1e-12);
  });
  it("both samples on the same single value: p 1", () => {
    expect(zTwoProportions([10], [7])).toEqual({ statistic: 0, pValue: 1 });
    expect(zTwoProportions([0, 10], [0, 7])).toEqual({ statistic: 0, pValue: 1 });
  });
});

describe("distances", () => {
  it("normalised Wasserstein", () => {
    // wasserstein_distance(w1, w2) = 1.375; np.std(w1) = 2.29128784747792; ratio 0.600099198148979
    close(wassersteinNormalized([1, 2, 3, 4, 5, 6, 7, 8], [2.5, 3.5, 3.5, 6, 9, 10]), 0.600099198148979, 1e-12);
    // constant reference: std 0 → divide by 0.001; wasserstein_distance([2]*5, [2,3]) = 0.5 → 500
    close(wassersteinNormalized([2, 2, 2, 2, 2], [2, 3]), 500, 1e-12);
  });
  it("Jensen–Shannon distance, natural log, zeros kept", () => {
    // jensenshannon([30,50,20,0], [25,40,0,35]) = 0.44106340871814415
    close(jensenShannon([30, 50, 20, 0], [25, 40, 0, 35]), 0.44106340871814415, 1e-12);
    expect(jensenShannon([1, 1], [3, 3])).toBe(0);
    // disjoint supports: m = (½, ½), divergence = ½(ln 2 + ln 2) → √ln 2 = 0.8325546111576977
    close(jensenShannon([10, 0], [0, 10]), Math.sqrt(Math.LN2), 1e-15);
  });
});

describe("compareNumeric: Evidently's default test", () => {
  it("≤ 1,000 reference rows, > 20 distinct: KS, PSI over deciles", () => {
    // ks_2samp(refA, curA) → (0.05, 0.9766144311167493); PSI with np.quantile deciles, np.searchsorted(side='right'):
    // ref bins [20,20,19,20,20,20,21,20,20,20], cur bins [10,15,15,15,15,16,18,16,15,15] → 0.01663545458007869
    const r = compareNumeric(refA, curA);
    expect(r.method).toBe("ks");
    expect(r.drifted).toBe(false);
    close(r.ks?.pValue as number, 0.9766144311167493);
    close(r.psi, 0.01663545458007869, 1e-12);
  });
  it("a KS drift", () => {
    // curA shifted by 3: ks_2samp → (0.295, 4.6456431911211854e-07)
    const r = compareNumeric(
      refA,
      seq(150, (i) => ((i * 53) % 97) / 10 + 3),
    );
    expect(r.method).toBe("ks");
    expect(r.ks?.statistic).toBe(0.295);
    close(r.ks?.pValue as number, 4.6456431911211854e-7);
    expect(r.drifted).toBe(true);
  });
  it("6–20 distinct reference values: one PSI bin per value", () => {
    // ref=[i%12 for i in range(240)], cur=[(i*7)%13 for i in range(130)]; ks_2samp → (0.07692307692307693, 0.6657718473249443)
    // PSI over the 13 values seen (value 12 only in current → floor) = 0.5166765164514857
    const r = compareNumeric(
      seq(240, (i) => i % 12),
      seq(130, (i) => (i * 7) % 13),
    );
    expect(r.method).toBe("ks");
    close(r.ks?.pValue as number, 0.6657718473249443);
    close(r.psi, 0.5166765164514857, 1e-12);
  });
  it("> 1,000 reference rows: normalised Wasserstein, drift at ≥ 0.1", () => {
    const ref = seq(1500, (i) => ((i * 37) % 101) / 10);
    // wasserstein_distance(ref, cur)/max(np.std(ref), 0.001) = 0.09981300620952346 (cur = …+0.5), PSI 0.03099113625980415
    const near = compareNumeric(
      ref,
      seq(800, (i) => ((i * 53) % 97) / 10 + 0.5),
    );
    expect(near.method).toBe("wasserstein");
    close(near.wasserstein as number, 0.09981300620952346);
    close(near.psi, 0.03099113625980415, 1e-12);
    expect(near.drifted).toBe(false);
    // cur = …+2 → 0.6140774073348446
    const far = compareNumeric(
      ref,
      seq(800, (i) => ((i * 53) % 97) / 10 + 2),
    );
    close(far.wasserstein as number, 0.6140774073348446);
    expect(far.drifted).toBe(true);
  });
  it("≤ 5 distinct reference values → categorical: chi-square, with a value only in the current sample", () => {
    // ref = 1,2,3 ×100; cur = 1,2,3,4 ×50: value 4 has expected 0 → statistic null, p 0
    // PSI: 3·(.25−1/3)·ln(.25/(1/3)) + (.25−.0001)·ln(.25/.0001) = 0.0719205181 + 1.9552290981 = 2.0271496162259326
    const r = compareNumeric(
      seq(300, (i) => 1 + (i % 3)),
      seq(200, (i) => 1 + (i % 4)),
    );
    expect(r.method).toBe("chi_square");
    expect(r.chiSquare).toEqual({ statistic: null, pValue: 0 });
    expect(r.drifted).toBe(true);
    close(r.psi, 2.0271496162259326, 1e-12);
  });
  it("two values over both samples → z-test", () => {
    // ref 0:400 1:100, cur 0:200 1:100; key 0 → p1 = .2, p2 = 1/3, P = 200/800 = .25
    // z = (.2 − 1/3)/√(.25·.75·(1/500+1/300)) = −4.2163702135578385; p = 2.482660633873479e-05; PSI 0.09241962407465937
    const r = compareNumeric(
      seq(500, (i) => (i % 5 === 0 ? 1 : 0)),
      seq(300, (i) => (i % 3 === 0 ? 1 : 0)),
    );
    expect(r.method).toBe("z");
    close(r.z?.statistic as number, -4.2163702135578385, 1e-12);
    close(r.z?.pValue as number, 2.482660633873479e-5, 1e-9);
    close(r.psi, 0.09241962407465937, 1e-12);
    expect(r.drifted).toBe(true);
  });
  it("identical single-value samples: z-test p 1, PSI 0", () => {
    const r = compareNumeric([7, 7, 7], [7, 7]);
    expect(r).toEqual({ psi: 0, z: { statistic: 0, pValue: 1 }, method: "z", drifted: false });
  });
  it("identical samples: PSI 0, KS D 0 and p 1", () => {
    const r = compareNumeric(refA, [...refA].reverse());
    expect(r).toEqual({ psi: 0, ks: { statistic: 0, pValue: 1 }, method: "ks", drifted: false });
  });
  it("> 1,000 reference rows with ≤ 5 distinct values → Jensen–Shannon", () => {
    // ref = [i%3 for i in range(1200)], cur = [min(i%5,2) for i in range(400)] → counts [80,80,240]
    // jensenshannon([400,400,400],[80,80,240]) = 0.19015885901472843; PSI 0.2929632769781625
    const r = compareNumeric(
      seq(1200, (i) => i % 3),
      seq(400, (i) => Math.min(i % 5, 2)),
    );
    expect(r.method).toBe("jensen_shannon");
    close(r.jensenShannon as number, 0.19015885901472843, 1e-12);
    close(r.psi, 0.2929632769781625, 1e-12);
    expect(r.drifted).toBe(true);
  });
});

describe("compareCategorical", () => {
  it("≤ 1,000 rows, > 2 categories: chi-square", () => {
    const r = compareCategorical({ a: 30, b: 50, c: 20 }, { a: 25, b: 40, c: 35 });
    expect(r.method).toBe("chi_square");
    close(r.chiSquare?.statistic as number, 14.083333333333334, 1e-14);
    expect(r.drifted).toBe(true);
  });
  it("a category only in the current sample; zero-count keys ignored", () => {
    const r = compareCategorical({ a: 50, b: 50, z: 0 }, { a: 40, b: 40, c: 20 });
    expect(r.chiSquare).toEqual({ statistic: null, pValue: 0 });
    expect(r.drifted).toBe(true);
  });
  it("a category only in the reference", () => {
    // same as chiSquare([10,50,40],[0,60,40]) above
    const r = compareCategorical({ a: 10, b: 50, c: 40 }, { b: 60, c: 40 });
    close(r.chiSquare?.pValue as number, 0.002478752176666357);
  });
  it("two categories: z-test", () => {
    const r = compareCategorical({ no: 60, yes: 40 }, { no: 45, yes: 55 });
    expect(r.method).toBe("z");
    close(r.z?.pValue as number, 0.03367206885634566, 1e-12);
    expect(r.drifted).toBe(true);
  });
  it("> 1,000 rows: Jensen–Shannon at ≥ 0.1", () => {
    const r = compareCategorical({ a: 400, b: 400, c: 400 }, { a: 80, b: 80, c: 240 });
    expect(r.method).toBe("jensen_shannon");
    close(r.jensenShannon as number, 0.19015885901472843, 1e-12);
    expect(r.drifted).toBe(true);
  });
});
