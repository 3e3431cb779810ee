import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Batch, foldEvents, mergeRun, type RunDraft, runState } from "./fold";
import type { OLEvent } from "./validate";

// fold.ts claims every merge is commutative and idempotent: the events of a run give the same graph state whatever
// order they arrive in and however often. These properties hold it to that on generated events that collide on
// purpose: few runs, jobs and datasets, few instants, facets set, changed and deleted at the same instant.

const NS = "postgres://warehouse:5432";
const times = ["2026-11-01T10:00:00Z", "2026-11-01T10:00:00.500Z", "2026-11-01T10:05:00Z", "2026-11-01T10:05:00"];
const runIds = ["0b6c6f4e-1a2b-4c3d-8e9f-000000000001", "0B6C6F4E-1A2B-4C3D-8E9F-000000000002"];
const facetValue = fc.oneof(
  fc.constant({ _deleted: true }),
  fc.record({
    _producer: fc.constant("https://example.com/p"),
    _schemaURL: fc.constant("https://example.com/s"),
    v: fc.integer({ min: 0, max: 3 }),
  }),
);
const facets = fc.dictionary(fc.constantFrom("documentation", "ownership", "sql", "nominalTime"), facetValue, { maxKeys: 2 });
const schemaFacet = fc.oneof(
  fc.constant(undefined),
  fc.constant({ _deleted: true }),
  fc.record({
    _producer: fc.constant("https://example.com/p"),
    _schemaURL: fc.constant("https://example.com/s"),
    fields: fc.array(fc.record({ name: fc.constantFrom("id", "amount", "ts"), type: fc.constantFrom("BIGINT", "TEXT") }), { maxLength: 2 }),
  }),
);
const dataset = fc.record({
  namespace: fc.constant(NS),
  name: fc.constantFrom("raw.events", "features.daily", "scores"),
  facets: fc.tuple(facets, schemaFacet).map(([f, schema]) => (schema === undefined ? f : { ...f, schema })),
  inputFacets: fc.option(fc.record({ dataQualityMetrics: fc.record({ rowCount: fc.integer({ min: 0, max: 5 }) }) }), { nil: undefined }),
});
const runEvent = fc.record({
  eventType: fc.constantFrom("START", "RUNNING", "COMPLETE", "FAIL", "OTHER"),
  eventTime: fc.constantFrom(...times),
  run: fc.record({ runId: fc.constantFrom(...runIds), facets }),
  job: fc.record({ namespace: fc.constant("airflow"), name: fc.constantFrom("build_features", "train"), facets }),
  inputs: fc.array(dataset, { maxLength: 2 }),
  outputs: fc.array(dataset, { maxLength: 2 }),
  producer: fc.constant("https://example.com/p"),
  schemaURL: fc.constant("https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"),
});
const jobEvent = fc.record({
  eventTime: fc.constantFrom(...times),
  job: fc.record({ namespace: fc.constant("airflow"), name: fc.constantFrom("build_features", "train"), facets }),
  inputs: fc.array(dataset, { maxLength: 2 }),
  outputs: fc.array(dataset, { maxLength: 1 }),
  producer: fc.constant("https://example.com/p"),
});
const datasetEvent = fc.record({ eventTime: fc.constantFrom(...times), dataset, producer: fc.constant("https://example.com/p") });
const events = fc.array(fc.oneof({ weight: 4, arbitrary: runEvent }, jobEvent, datasetEvent), {
  minLength: 1,
  maxLength: 12,
}) as fc.Arbitrary<OLEvent[]>;

/** The fold's state as plain sorted data: Maps by key, schema observations in a fixed order. */
function state(b: Batch) {
  const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1));
  const schemas = [...b.schemas].sort((x, y) => {
    const kx = `${x.datasetId}\n${x.observedAt}\n${x.hash}`;
    const ky = `${y.datasetId}\n${y.observedAt}\n${y.hash}`;
    return kx < ky ? -1 : kx > ky ? 1 : 0;
  });
  return JSON.parse(JSON.stringify({ nodes: byKey(b.nodes), runs: byKey(b.runs), edges: byKey(b.edges), schemas }));
}

describe("lineage fold: the same state whatever the order and however often", () => {
  it("any permutation of a batch folds to the same nodes, runs, edges and schema observations", () => {
    fc.assert(
      fc.property(
        events.chain((evs) => fc.tuple(fc.constant(evs), fc.shuffledSubarray(evs, { minLength: evs.length, maxLength: evs.length }))),
        ([evs, shuffled]) => {
          expect(state(foldEvents(shuffled))).toEqual(state(foldEvents(evs)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("every event twice (or the batch again) changes nothing", () => {
    fc.assert(
      fc.property(events, (evs) => {
        const once = state(foldEvents(evs));
        expect(state(foldEvents([...evs, ...evs]))).toEqual(once);
        expect(state(foldEvents(evs.flatMap((e) => [e, e])))).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it("mergeRun is commutative and idempotent on drafts of one run", () => {
    fc.assert(
      fc.property(events, events, (a, b) => {
        const runsA = foldEvents(a).runs;
        const runsB = foldEvents(b).runs;
        for (const [id, ra] of runsA) {
          const rb = runsB.get(id);
          if (!rb) continue;
          const plain = (r: RunDraft) => JSON.parse(JSON.stringify(r));
          expect(plain(mergeRun(ra, rb))).toEqual(plain(mergeRun(rb, ra)));
          expect(plain(mergeRun(mergeRun(ra, rb), rb))).toEqual(plain(mergeRun(ra, rb)));
          expect(plain(mergeRun(ra, ra))).toEqual(plain(ra));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a worked case: a facet set at 10:00 and deleted at 10:05 is deleted, in either order", () => {
    const set = {
      eventType: "START",
      eventTime: times[0],
      run: { runId: runIds[0], facets: { sql: { query: "select 1" } } },
      job: { namespace: "airflow", name: "train" },
      producer: "p",
    };
    const del = { ...set, eventType: "COMPLETE", eventTime: times[2], run: { runId: runIds[0], facets: { sql: { _deleted: true } } } };
    for (const order of [
      [set, del],
      [del, set],
    ] as unknown as OLEvent[][]) {
      const run = foldEvents(order).runs.get(runIds[0]) as RunDraft;
      expect(run.facets.sql).toBeNull();
      expect(run.facetTimes.sql).toBe("2026-11-01T10:05:00.000Z");
      expect(run.events.map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    }
  });

  it("a run that reports FAIL and COMPLETE at the same instant failed, whichever arrived first (found by the permutation property)", () => {
    const base = { run: { runId: runIds[0] }, job: { namespace: "airflow", name: "train" }, producer: "p" };
    const start = { ...base, eventType: "START", eventTime: times[0] };
    const complete = { ...base, eventType: "COMPLETE", eventTime: times[2] };
    const fail = { ...base, eventType: "FAIL", eventTime: times[3] }; // 10:05 without a zone, read as UTC: the same instant
    for (const order of [
      [start, complete, fail],
      [fail, complete, start],
      [complete, start, fail],
    ] as unknown as OLEvent[][]) {
      const run = foldEvents(order).runs.get(runIds[0]) as RunDraft;
      expect(run.events.map((e) => e.eventType)).toEqual(["START", "COMPLETE", "FAIL"]);
      expect(runState(run.events)).toEqual({
        state: "FAIL",
        stateAt: "2026-11-01T10:05:00.000Z",
        startedAt: "2026-11-01T10:00:00.000Z",
        endedAt: "2026-11-01T10:05:00.000Z",
      });
    }
  });
});
