// The one-pass fold the ingest uses (foldBatch) gives exactly what the plain fold gives (foldMinutes and
// sampleCandidates over one object per event), on generated batches: many versions, pools past their quotas, ties,
// losses, zero and negative latencies, and events without trace ids (random priorities, drawn in the same order).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/lib/demo/random";
import { type FoldEvent, foldBatch, foldMinutes, sampleCandidates } from "./fold";

const HOUR = 3_600_000;
const event = fc.record({
  pair: fc.integer({ min: 0, max: 5 }),
  at: fc.integer({ min: 0, max: 3 * HOUR - 1 }),
  latencyMs: fc.oneof(fc.constantFrom(0, -1, 12.5), fc.double({ min: 0.001, max: 5000, noNaN: true })),
  status: fc.constantFrom("ok", "ok", "ok", "error"),
  traceId: fc.option(fc.constantFrom("a", "b", "c", "t-1", "t-2"), { nil: undefined }),
  loss: fc.option(fc.oneof(fc.constant(0.5), fc.double({ min: 0, max: 10, noNaN: true })), { nil: undefined }),
});

describe("foldBatch", () => {
  it("equals foldMinutes and sampleCandidates over the same events", () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 3000, size: "max" }), fc.integer({ min: 1, max: 1000 }), (evs, seed) => {
        const base = Date.UTC(2026, 10, 20);
        const versionOfPair = [41, 7, 1003, 12, 8, 99];
        const at = Float64Array.from(evs, (e) => base + e.at);
        const pair = Int32Array.from(evs, (e) => e.pair);
        const events = evs.map((e) => ({ latencyMs: e.latencyMs, status: e.status as "ok" | "error", traceId: e.traceId, loss: e.loss }));
        const folded = foldBatch(events, at, pair, mulberry32(seed));
        const got = folded.resolve(versionOfPair);
        const plain: FoldEvent[] = evs.map((e, index) => ({
          versionId: versionOfPair[e.pair],
          at: at[index],
          latencyMs: e.latencyMs,
          error: e.status === "error",
          traceId: e.traceId,
          loss: e.loss,
          index,
        }));
        expect(got.minutes).toEqual(foldMinutes(plain));
        expect(got.candidates).toEqual(sampleCandidates(plain, mulberry32(seed)));
        expect(folded.errors).toBe(evs.filter((e) => e.status === "error").length);
        expect(folded.first).toBe(Math.min(...at));
        expect(folded.last).toBe(Math.max(...at));
      }),
      { numRuns: 60, seed: 20261127 },
    );
  });

  it("keeps a pool's lowest scores when far more events arrive than its quota (200 of one version-hour)", () => {
    const n = 2000;
    const at = new Float64Array(n).fill(Date.UTC(2026, 10, 20, 10));
    const pair = new Int32Array(n);
    const events = Array.from({ length: n }, (_, i) => ({
      latencyMs: 10,
      status: "ok" as const,
      traceId: `trace-${i}`,
      loss: i % 3 === 0 ? i / n : undefined,
    }));
    const got = foldBatch(events, at, pair).resolve([5]);
    const plain: FoldEvent[] = events.map((e, index) => ({
      versionId: 5,
      at: at[index],
      latencyMs: 10,
      error: false,
      traceId: e.traceId,
      loss: e.loss,
      index,
    }));
    expect(got.candidates).toEqual(sampleCandidates(plain));
    expect(
      got.candidates
        .filter((c) => c.pool === "loss")
        .map((c) => c.index)
        .slice(0, 3),
    ).toEqual([1998, 1995, 1992]);
    expect(got.candidates.filter((c) => c.pool === "uniform")).toHaveLength(50);
  });
});
