// The hand-written check of a batch never accepts what the zod schema refuses (so the 400s stay zod's), and does take
// the well-formed batches it exists for, with the times parseTime gives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTime } from "../time";
import { pairsOf, readFastPath, timeOf } from "./fast-path";
import { TelemetryBatch } from "./schemas";

const base = { model: "fraud-v2", version: "1.2.0+b3", ts: "2026-11-20T10:00:00.123Z", latencyMs: 12.5, status: "ok" };
const latest = Date.parse("2026-11-22T00:00:00Z");
const long = (n: number) => "x".repeat(n);

const good: Record<string, unknown>[] = [
  base,
  { ...base, status: "error", traceId: "t-1", loss: 0.3 },
  { ...base, latencyMs: 0 },
  { ...base, latencyMs: -1 },
  { ...base, ts: "2026-11-20" },
  { ...base, ts: "2026-11-20T10:00" },
  { ...base, ts: "2026-11-20T10:00:00+02:00" },
  { ...base, ts: "2026-11-20T10:00:00.123456789-0530" },
  { ...base, features: { age: 31, city: "Lyon", missing: null } },
  { ...base, prediction: 0.9, label: true },
  { ...base, prediction: "fraud", label: null },
  { ...base, prediction: [0.1, "a", 3], label: { a: 1, b: 2.5 } },
  { ...base, traceId: long(200), features: { [long(200)]: long(1000) } },
  { ...base, features: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, i])) },
];

const bad: unknown[] = [
  { ...base, model: "Fraud" },
  { ...base, model: long(129) },
  { ...base, version: "-1" },
  { ...base, version: long(65) },
  { ...base, ts: "yesterday" },
  { ...base, ts: "2026-11-20t10:00:00" },
  { ...base, ts: "2026-13-45T00:00:00Z" },
  { ...base, ts: "2026-11-20T10:00:00Z " },
  { ...base, ts: "2026-11-30T00:00:00Z" }, // after `latest`: zod takes it, the future check refuses it
  { ...base, ts: 1_763_632_800_000 },
  { ...base, latencyMs: "12" },
  { ...base, latencyMs: null },
  { ...base, status: "timeout" },
  { ...base, traceId: "" },
  { ...base, traceId: long(201) },
  { ...base, traceId: null },
  { ...base, loss: "0.3" },
  { ...base, extra: 1 },
  { ...base, features: { "": 1 } },
  { ...base, features: { a: true } },
  { ...base, features: { a: { b: 1 } } },
  { ...base, features: [1, 2] },
  { ...base, features: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`f${i}`, i])) },
  { ...base, features: { a: long(1001) } },
  { ...base, prediction: [true] },
  { ...base, prediction: Array.from({ length: 1001 }, () => 1) },
  { ...base, prediction: { a: "x" } },
  { ...base, label: long(1001) },
  { ...base, model: undefined },
  null,
  [base],
  "event",
];

describe("the fast batch check", () => {
  it("takes well-formed batches, with each event's time as parseTime reads it", () => {
    const scanned = readFastPath({ events: good }, latest);
    expect(scanned).not.toBeNull();
    expect(TelemetryBatch.safeParse({ events: good }).success).toBe(true);
    expect([...(scanned?.at ?? [])]).toEqual(good.map((e) => parseTime(e.ts as string).getTime()));
  });

  it("leaves to zod every batch it does not take, and never takes one zod refuses", () => {
    for (const [i, e] of bad.entries()) {
      const body = JSON.parse(JSON.stringify({ events: [base, e] }));
      expect(readFastPath(body, latest), `case ${i}: ${JSON.stringify(e)?.slice(0, 80)}`).toBeNull();
    }
    // Every case, alone and mixed: when the fast check takes a batch, zod takes it too.
    for (const e of [...good, ...bad]) {
      const body = JSON.parse(JSON.stringify({ events: [e] }) ?? "null");
      if (readFastPath(body, Number.POSITIVE_INFINITY))
        expect(TelemetryBatch.safeParse(body).success, JSON.stringify(e)?.slice(0, 80)).toBe(true);
    }
    for (const body of [{}, { events: [] }, { events: [base], more: 1 }, { events: base }, null, []])
      expect(readFastPath(body, latest)).toBeNull();
  });

  it("numbers the distinct (model, version) pairs in order of first appearance, as pairsOf does", () => {
    const events = [
      { ...base, model: "a", version: "1" },
      { ...base, model: "a", version: "1" },
      { ...base, model: "b", version: "1" },
      { ...base, model: "a", version: "2" },
      { ...base, model: "a", version: "1" },
      { ...base, model: "b", version: "1" },
    ];
    const scanned = readFastPath({ events }, latest);
    expect([...(scanned?.pair ?? [])]).toEqual([0, 0, 1, 2, 0, 1]);
    expect(scanned?.pairs).toEqual([
      { model: "a", version: "1", first: 0 },
      { model: "b", version: "1", first: 2 },
      { model: "a", version: "2", first: 3 },
    ]);
    const again = pairsOf(events);
    expect([...again.pair]).toEqual([...(scanned?.pair ?? [])]);
    expect(again.pairs).toEqual(scanned?.pairs);
    // A bad version of a model already seen, and a bad model after good ones, still go to zod.
    expect(readFastPath({ events: [events[0], { ...base, model: "a", version: "-x" }] }, latest)).toBeNull();
    expect(readFastPath({ events: [events[0], { ...base, model: "A" }] }, latest)).toBeNull();
  });

  it("reads every time as parseTime does: generated times in every form, and calendar edge cases", () => {
    const pad = (n: number, w: number) => String(n).padStart(w, "0");
    const forms = fc
      .record({
        y: fc.integer({ min: 0, max: 9999 }),
        mo: fc.integer({ min: 0, max: 13 }),
        d: fc.integer({ min: 0, max: 32 }),
        h: fc.integer({ min: 0, max: 24 }),
        mi: fc.integer({ min: 0, max: 60 }),
        s: fc.integer({ min: 0, max: 60 }),
        frac: fc.stringMatching(/^(\.\d{1,9})?$/),
        zone: fc.constantFrom("Z", "z", "+02:00", "-0530", ""),
      })
      .map(
        ({ y, mo, d, h, mi, s, frac, zone }) =>
          `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac}${zone}`,
      );
    fc.assert(
      fc.property(forms, (ts) => {
        expect(Object.is(timeOf(ts), parseTime(ts).getTime()), ts).toBe(true);
      }),
      { numRuns: 5000, seed: 20261127 },
    );
    for (const ts of [
      "2024-02-29T12:00:00Z",
      "2023-02-29T12:00:00Z",
      "2026-04-31T00:00:00.5Z",
      "2026-12-31T23:59:59.999Z",
      "1970-01-01T00:00:00Z",
      "0099-06-01T00:00:00Z",
      "2026-11-20T10:00:00.Z",
    ])
      expect(Object.is(timeOf(ts), parseTime(ts).getTime()), ts).toBe(true);
    expect(timeOf("2026-11-20T10:00:00.123Z")).toBe(Date.UTC(2026, 10, 20, 10, 0, 0, 123));
  });
});
