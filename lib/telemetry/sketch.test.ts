// The stored sketch is DDSketch itself: the same keys and the same quantiles as @datadog/sketches-js, and within 1% of
// the exact quantile of generated latencies.
import { DDSketch } from "@datadog/sketches-js";
import { LogarithmicMapping } from "@datadog/sketches-js/dist/ddsketch/mapping";
import { describe, expect, it } from "vitest";
import { lognormal, mulberry32 } from "@/lib/demo/random";
import { exactQuantile } from "@/tests/exact-quantile";
import { GAMMA, keyOf, quantile, SketchBuilder, valueOfKey } from "./sketch";

describe("the latency sketch", () => {
  it("maps with gamma = (1+α)/(1−α) and key = ceil(log_gamma x), and represents a key by 2·gamma^key/(gamma+1)", () => {
    expect(GAMMA).toBeCloseTo(1.01 / 0.99, 12);
    for (const x of [0.001, 0.5, 1, 3.7, 42, 1234.5, 9e6]) {
      const k = keyOf(x) as number;
      expect(k - Math.ceil(Math.log(x) / Math.log(GAMMA) - 1e-9)).toBe(0);
      expect(valueOfKey(k) / ((2 * GAMMA ** k) / (GAMMA + 1))).toBeCloseTo(1, 12);
      expect(Math.abs(valueOfKey(k) - x) / x).toBeLessThanOrEqual(0.01 + 1e-12);
    }
    expect(keyOf(0)).toBeNull();
    // The library's own mapping gives the same keys and values, over a wide range and at bucket edges.
    const lib = new LogarithmicMapping(0.01);
    expect(GAMMA).toBe(lib.gamma);
    const rand = mulberry32(3);
    for (let i = 0; i < 20_000; i++) {
      const x = i < 10_000 ? 10 ** (rand() * 12 - 4) : lib.value(i - 15_000) * (1 + (rand() - 0.5) * 1e-12);
      const k = keyOf(x) as number;
      expect(k).toBe(lib.key(x));
      expect(valueOfKey(k)).toBe(lib.value(k));
    }
    expect(keyOf(-3)).toBeNull();
  });

  it("gives the library's quantiles, within 1% of the exact ones, merged in any split", () => {
    const rand = mulberry32(7);
    const xs = Array.from({ length: 20_000 }, (_, i) => (i % 500 === 0 ? 0 : lognormal(rand, Math.log(80), 0.9)));
    const lib = new DDSketch({ relativeAccuracy: 0.01 });
    for (const x of xs) lib.accept(x);
    // Three parts built separately and merged, as rollups of different minutes are.
    const parts = [new SketchBuilder(), new SketchBuilder(), new SketchBuilder()];
    for (const [i, x] of xs.entries()) parts[i % 3].add(x);
    const merged = new SketchBuilder();
    for (const p of parts) merged.merge(p.toBins());
    const bins = merged.toBins();
    const sorted = [...xs].sort((a, b) => a - b);
    for (const q of [0, 0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
      const got = quantile(bins, q) as number;
      expect(got).toBe(lib.getValueAtQuantile(q));
      const exact = exactQuantile(sorted, q);
      if (exact === 0) expect(got).toBe(0);
      else expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(0.01);
    }
  });

  it("answers 0 while the zero bucket covers the rank, and null when empty", () => {
    const b = new SketchBuilder();
    expect(quantile(b.toBins(), 0.5)).toBeNull();
    for (let i = 0; i < 6; i++) b.add(0);
    for (let i = 0; i < 4; i++) b.add(100);
    expect(quantile(b.toBins(), 0.5)).toBe(0);
    expect(Math.abs((quantile(b.toBins(), 0.99) as number) - 100) / 100).toBeLessThanOrEqual(0.01);
  });
});
