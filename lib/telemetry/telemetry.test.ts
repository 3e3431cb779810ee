// Telemetry in and out through the store: percentiles of 20,000 generated latencies within 1% of the exact ones (and
// equal to @datadog/sketches-js's DDSketch of the same events) for any window, whichever tier answers; all-or-nothing
// batches; the bounded raw sample; one audit entry per batch.
import { DDSketch } from "@datadog/sketches-js";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { lognormal, mulberry32 } from "@/lib/demo/random";
import { AppError } from "@/lib/errors";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { person } from "@/tests/actors";
import { exactQuantile } from "@/tests/exact-quantile";
import { useFreshStore } from "@/tests/store";
import { COMPACTOR_LOCK, compactTelemetry } from "./compact";
import { type Acc, addRow, newAcc, toRows } from "./fold";
import { ingestTelemetry, NDJSON, parseBatch } from "./ingest";
import { MAX_EVENTS, STEPS, TIERS, type Tier } from "./limits";
import { readTelemetry, resolveWindow, seriesFromRollups } from "./read";
import { quantile } from "./sketch";

const chen = person("Chen", ["contributor"], 1);
const viewer = person("Victor", ["viewer"], 2);
const QS = [0.5, 0.95, 0.99] as const;
const P = { 0.5: "p50", 0.95: "p95", 0.99: "p99" } as const;

type Ev = { model: string; version: string; ts: string; latencyMs: number; status: "ok" | "error"; traceId?: string; loss?: number };
const post = (events: unknown[], actor = chen) =>
  ingestTelemetry(actor, { contentType: "application/json", text: JSON.stringify({ events }) });
const at = (e: Ev) => Date.parse(e.ts);

/** 20,000 events of two versions over 6 hours across midnight: lognormal latencies, 2% errors, a few zeros. */
function generate(): Ev[] {
  const rand = mulberry32(2026);
  const start = Date.parse("2026-11-20T21:00:00Z");
  return Array.from({ length: 20_000 }, (_, i) => {
    const v2 = rand() < 0.3;
    const latencyMs = rand() < 0.005 ? 0 : v2 ? lognormal(rand, Math.log(120), 0.6) : lognormal(rand, Math.log(80), 0.9);
    return {
      model: "fraud",
      version: v2 ? "2.0" : "1.0",
      ts: new Date(start + Math.floor(rand() * 6 * 3600_000)).toISOString(),
      latencyMs,
      status: rand() < 0.02 ? "error" : "ok",
      traceId: `t-${i}`,
    };
  });
}

const sortedLatencies = (evs: Ev[]) => evs.map((e) => e.latencyMs).sort((a, b) => a - b);
function librarySketch(evs: Ev[]) {
  const s = new DDSketch({ relativeAccuracy: 0.01 });
  for (const e of evs) s.accept(e.latencyMs);
  return s;
}
function expectWithinOnePercent(got: number | null, evs: Ev[], q: number) {
  const exact = exactQuantile(sortedLatencies(evs), q);
  expect(got).not.toBeNull();
  if (exact === 0) expect(got).toBe(0);
  else expect(Math.abs((got as number) - exact) / exact, `q=${q}: ${got} vs exact ${exact}`).toBeLessThanOrEqual(0.01);
}
async function counts() {
  const [r] = await rows<{ rollups: number; pending: number; samples: number; audit: number }>(
    sql`select (select count(*) from telemetry_rollups)::int as rollups, (select count(*) from telemetry_pending)::int as pending,
      (select count(*) from telemetry_samples)::int as samples,
      (select count(*) from audit_log where action = 'telemetry.ingested')::int as audit`,
  );
  return r;
}
async function versionIds() {
  const r = await rows<{ id: number; version: string }>(
    sql`select v.id, v.version from model_versions v join models m on m.id = v.model_id where m.name = 'fraud' order by v.id`,
  );
  return Object.fromEntries(r.map((x) => [x.version, Number(x.id)])) as Record<string, number>;
}

const events = generate();
const ok = (i: number, extra: Partial<Ev> = {}): Ev => ({
  model: "fraud",
  version: "3.0",
  ts: "2026-11-25T08:00:00Z",
  latencyMs: 10 + i,
  status: "ok",
  ...extra,
});

describe("telemetry in the store", () => {
  useFreshStore();

  beforeAll(async () => {
    await createModel(chen, { name: "fraud", owner: "chen@example.com", riskTier: "high" } as never);
    for (const version of ["1.0", "2.0", "3.0"]) await createVersion(chen, "fraud", { version } as never);
    // Four batches of events in random order: most minutes are written by several batches. The first two are compacted
    // into the tiers, the last two stay pending, so every read below merges compacted rows with pending minutes.
    for (let i = 0; i < 4; i++) {
      expect(await post(events.slice(i * 5000, i * 5000 + 5000))).toEqual({ accepted: 5000 });
      if (i === 1) expect(await compactTelemetry()).toBeGreaterThan(0);
    }
    expect((await counts()).pending).toBeGreaterThan(0);
  });

  describe("percentiles from the rollups", () => {
    it("per version and day (day tier) are within 1% of the exact quantiles and equal the library's sketch", async () => {
      const w = resolveWindow({ from: "2026-11-20T00:00:00Z", to: "2026-11-23T00:00:00Z", step: "1d" });
      expect(w.tier).toBe("day");
      const ids = await versionIds();
      const points = await seriesFromRollups([ids["1.0"], ids["2.0"]], { ...w, stepSeconds: STEPS["1d"] });
      expect(points.length).toBe(4); // two versions × the 20th (from 21:00) and the 21st (to 03:00)
      const days = new Set(points.map((p) => p.t));
      expect(days.size).toBe(2);
      for (const p of points) {
        const version = p.versionId === ids["1.0"] ? "1.0" : "2.0";
        const inside = events.filter((e) => e.version === version && at(e) >= p.t && at(e) < p.t + 86_400_000);
        expect(p.count).toBe(inside.length);
        expect(p.errors).toBe(inside.filter((e) => e.status === "error").length);
        const lib = librarySketch(inside);
        for (const q of QS) {
          expectWithinOnePercent(p[P[q]], inside, q);
          expect(p[P[q]]).toBe(lib.getValueAtQuantile(q));
        }
      }
      expect(points.reduce((s, p) => s + p.count, 0)).toBe(20_000);
    });

    it("the hour and day tiers give exactly what merging minutes gives", async () => {
      const ids = await versionIds();
      const vs = [ids["1.0"], ids["2.0"]];
      const day = { from: Date.parse("2026-11-20T00:00:00Z"), to: Date.parse("2026-11-23T00:00:00Z"), stepSeconds: 86_400 };
      const byTier = async (tier: Tier, w: typeof day) => seriesFromRollups(vs, { ...w, tier });
      const fromMinutes = await byTier("minute", day);
      expect(await byTier("hour", day)).toEqual(fromMinutes);
      expect(await byTier("day", day)).toEqual(fromMinutes);
      const hours = { from: Date.parse("2026-11-20T21:00:00Z"), to: Date.parse("2026-11-21T03:00:00Z"), stepSeconds: 3600 };
      const hourly = await byTier("hour", hours);
      expect(hourly.length).toBe(12);
      expect(hourly).toEqual(await byTier("minute", hours));
    });

    it("any window of minutes, even across midnight, is the sketch of all its events; so is a merge across versions", async () => {
      const ids = await versionIds();
      for (const [from, to] of [
        ["2026-11-21T01:07:00Z", "2026-11-21T01:19:00Z"],
        ["2026-11-20T23:41:00Z", "2026-11-21T00:37:00Z"],
        ["2026-11-20T21:30:00Z", "2026-11-21T02:13:00Z"],
      ]) {
        // One point: a step longer than the window, with bounds no coarser tier divides.
        const w = resolveWindow({ from, to, step: "1d" });
        expect(w.tier).toBe("minute");
        const [p] = await seriesFromRollups([ids["1.0"]], { ...w, stepSeconds: 86_400 });
        const inside = events.filter((e) => e.version === "1.0" && at(e) >= Date.parse(from) && at(e) < Date.parse(to));
        expect(p.count).toBe(inside.length);
        const lib = librarySketch(inside);
        for (const q of QS) {
          expectWithinOnePercent(p[P[q]], inside, q);
          expect(p[P[q]]).toBe(lib.getValueAtQuantile(q));
        }
      }
      const all = await seriesFromRollups(
        [ids["1.0"], ids["2.0"]],
        { from: Date.parse("2026-11-20T00:00:00Z"), to: Date.parse("2026-11-23T00:00:00Z"), stepSeconds: 3 * 86_400, tier: "day" },
        true,
      );
      expect(all).toHaveLength(1);
      expect(all[0].count).toBe(20_000);
      const lib = librarySketch(events);
      for (const q of QS) {
        expectWithinOnePercent(all[0][P[q]], events, q);
        expect(all[0][P[q]]).toBe(lib.getValueAtQuantile(q));
      }
    });

    it("the API read: 5-minute points within 1%, by version then time, and sensible defaults", async () => {
      const res = await readTelemetry(viewer, "fraud", {
        version: "2.0",
        from: "2026-11-21T00:00:00Z",
        to: "2026-11-21T01:00:00Z",
        step: "5m",
      });
      expect(res.series).toHaveLength(12);
      for (const p of res.series) {
        const t = Date.parse(p.t);
        const inside = events.filter((e) => e.version === "2.0" && at(e) >= t && at(e) < t + 300_000);
        expect(p.count).toBe(inside.length);
        expect(p.errorRate).toBeCloseTo(inside.filter((e) => e.status === "error").length / inside.length, 12);
        for (const q of QS) expectWithinOnePercent(p[P[q]], inside, q);
      }
      const both = await readTelemetry(viewer, "fraud", { from: "2026-11-20T00:00:00Z", to: "2026-11-21T00:00:00Z", step: "1h" });
      expect(both.series.map((p) => `${p.version} ${p.t}`)).toEqual(
        ["1.0", "2.0"].flatMap((v) => [21, 22, 23].map((h) => `${v} 2026-11-20T${h}:00:00.000Z`)),
      );
      // Defaults: the last 24 h in 5-minute steps, bounds aligned to the step; 30 days in hours from the hour tier.
      const now = Date.parse("2026-11-21T12:03:20Z");
      expect(resolveWindow({}, now)).toEqual({
        from: Date.parse("2026-11-20T12:05:00Z"),
        to: Date.parse("2026-11-21T12:05:00Z"),
        step: "5m",
        tier: "minute",
      });
      expect(resolveWindow({ from: "2026-10-22T12:00:00Z" }, now)).toEqual({
        from: Date.parse("2026-10-22T12:00:00Z"),
        to: Date.parse("2026-11-21T13:00:00Z"),
        step: "1h",
        tier: "hour",
      });
      expect(resolveWindow({ from: "2026-01-01", to: "2026-04-01" }, now)).toMatchObject({ step: "1d", tier: "day" });
      const quiet = await readTelemetry(viewer, "fraud", {}, now + 30 * 86_400_000);
      expect(quiet.series).toEqual([]);
    });

    it("refuses an empty window, too many points, and unknown models or versions", async () => {
      const path = async (p: Promise<unknown>, status = 400) => {
        const e = await p.then(
          () => null,
          (x: AppError) => x,
        );
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).status).toBe(status);
        return (e as AppError).details[0]?.path;
      };
      expect(await path(readTelemetry(viewer, "fraud", { from: "2026-11-21T10:00:00Z", to: "2026-11-21T10:00:00Z" }))).toBe("from");
      expect(await path(readTelemetry(viewer, "fraud", { from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z", step: "1m" }))).toBe(
        "step",
      );
      await path(readTelemetry(viewer, "nope", {}), 404);
      await path(readTelemetry(viewer, "fraud", { version: "9.9" }), 404);
    });
  });

  describe("compaction", () => {
    type StoredRow = {
      v: number;
      tier: Tier;
      b: string | Date;
      n: number;
      e: number;
      s: number;
      mn: number;
      mx: number;
      z: number;
      k: number[];
      c: number[];
      p50: number | null;
      p95: number | null;
      p99: number | null;
    };
    const storedRows = () =>
      rows<StoredRow>(
        sql`select version_id as v, tier, bucket as b, count::float8 as n, errors::float8 as e, latency_sum as s, latency_min as mn, latency_max as mx,
          zero_count::float8 as z, bin_keys as k, bin_counts::float8[] as c, p50, p95, p99 from telemetry_rollups order by version_id, array_position(array['minute', 'hour', 'day'], tier), bucket`,
      );
    const reads = async () => {
      const ids = await versionIds();
      const vs = [ids["1.0"], ids["2.0"]];
      const span = { from: Date.parse("2026-11-20T00:00:00Z"), to: Date.parse("2026-11-23T00:00:00Z") };
      return {
        day: await seriesFromRollups(vs, { ...span, tier: "day", stepSeconds: 86_400 }),
        hour: await seriesFromRollups(vs, { ...span, tier: "hour", stepSeconds: 3600 }),
        minute: await seriesFromRollups(vs, {
          from: Date.parse("2026-11-20T23:00:00Z"),
          to: Date.parse("2026-11-21T01:00:00Z"),
          tier: "minute",
          stepSeconds: 60,
        }),
        merged: await seriesFromRollups(vs, { ...span, tier: "day", stepSeconds: 3 * 86_400 }, true),
        api: await readTelemetry(viewer, "fraud", { from: "2026-11-20T21:00:00Z", to: "2026-11-21T03:00:00Z", step: "5m" }),
      };
    };

    it("a read before compaction equals the read after it, and the pending minutes are gone", async () => {
      expect((await counts()).pending).toBeGreaterThan(0);
      const before = await reads();
      expect(before.merged[0].count).toBe(20_000);
      expect(await compactTelemetry()).toBeGreaterThan(0);
      expect((await counts()).pending).toBe(0);
      expect(await reads()).toEqual(before);
      expect(await compactTelemetry()).toBe(0);
    });

    it("leaves hour and day rows equal to the merge of their minutes, each with its sketch's quantiles", async () => {
      const all = await storedRows();
      const merged = new Map<string, Acc>();
      for (const r of all.filter((x) => x.tier === "minute")) {
        for (const tier of ["hour", "day"] as const) {
          const unit = TIERS[tier] * 1000;
          const b = Math.floor(new Date(r.b).getTime() / unit) * unit;
          const id = `${r.v}|${tier}|${b}`;
          if (!merged.has(id)) merged.set(id, newAcc(Number(r.v), tier, b));
          addRow(merged.get(id) as Acc, r);
        }
      }
      const expected = toRows(merged.values());
      const coarse = all.filter((x) => x.tier !== "minute");
      expect(coarse.length).toBe(expected.length);
      coarse.forEach((r, i) => {
        const x = expected[i];
        expect({
          v: Number(r.v),
          tier: r.tier,
          b: new Date(r.b).toISOString(),
          n: r.n,
          e: r.e,
          mn: r.mn,
          mx: r.mx,
          z: r.z,
          k: r.k,
          c: r.c,
        }).toEqual({
          v: x.v,
          tier: x.tier,
          b: x.b,
          n: x.n,
          e: x.e,
          mn: x.mn,
          mx: x.mx,
          z: x.z,
          k: x.k,
          c: x.c,
        });
        expect(r.s).toBeCloseTo(x.s, 6);
      });
      for (const r of all) {
        const bins = { zero: r.z, keys: r.k, counts: r.c };
        expect([r.p50, r.p95, r.p99]).toEqual([quantile(bins, 0.5), quantile(bins, 0.95), quantile(bins, 0.99)]);
      }
      // Every event is in the minute tier exactly once.
      expect(all.filter((x) => x.tier === "minute").reduce((s, r) => s + r.n, 0)).toBe(20_000);
    });

    it("runs in one instance at a time: while another holds the lock it does nothing", async ({ skip }) => {
      const url = process.env.DATABASE_URL;
      if (!url) return skip(); // PGlite: one process, one connection.
      const { Client } = await import("pg");
      const other = new Client({ connectionString: url });
      await other.connect();
      try {
        await post([ok(1, { ts: "2026-11-25T09:00:00Z" })]);
        await other.query("select pg_advisory_lock($1)", [COMPACTOR_LOCK]);
        expect(await compactTelemetry()).toBeNull();
        expect((await counts()).pending).toBe(1);
        await other.query("select pg_advisory_unlock($1)", [COMPACTOR_LOCK]);
        expect(await compactTelemetry()).toBe(1);
      } finally {
        await other.end();
      }
    });
  });

  describe("writes", () => {
    it("stores nothing of a batch with one bad event, naming it by JSON path", async () => {
      const before = await counts();
      const batch = (bad: Record<string, unknown>, at = 17) =>
        Array.from({ length: 30 }, (_, i) => (i === at ? { ...ok(i), ...bad } : ok(i)));
      const detail = async (p: Promise<unknown>) => {
        const e = (await p.then(
          () => null,
          (x) => x,
        )) as AppError;
        expect(e).toBeInstanceOf(AppError);
        expect(e.status).toBe(400);
        return e.details;
      };
      expect(await detail(post(batch({ latencyMs: "fast" })))).toEqual([{ path: "events[17].latencyMs", message: expect.any(String) }]);
      expect((await detail(post(batch({ status: "timeout" }, 3))))[0].path).toBe("events[3].status");
      expect(await detail(post(batch({ version: "9.9" }, 5)))).toEqual([
        { path: "events[5].version", message: "is not a registered version of fraud (9.9)" },
      ]);
      expect((await detail(post(batch({ model: "ghost" }, 3))))[0].path).toBe("events[3].model");
      expect((await detail(post(batch({ ts: "2099-01-01T00:00:00Z" }, 8))))[0].path).toBe("events[8].ts");
      expect((await detail(post(batch({ ts: "yesterday" }, 9))))[0].path).toBe("events[9].ts");
      expect((await detail(post(batch({ latency: 3 }, 2))))[0].path).toBe("events[2].latency");
      expect((await detail(post([])))[0].path).toBe("events");
      expect(await counts()).toEqual(before);
    });

    it("finds a version registered after a batch naming it was refused (unknown versions are never remembered)", async () => {
      const refused = await post([{ ...ok(1), version: "4.0" }]).then(
        () => null,
        (e) => e as AppError,
      );
      expect(refused?.details).toEqual([{ path: "events[0].version", message: "is not a registered version of fraud (4.0)" }]);
      await createVersion(chen, "fraud", { version: "4.0" } as never);
      expect(await post([{ ...ok(1), version: "4.0" }, ok(2)])).toEqual({ accepted: 2 });
      // Known and new pairs mixed in one batch: the refusal names the first event of the unknown one.
      const mixed = await post([ok(1), { ...ok(2), version: "4.0" }, { ...ok(3), version: "5.0" }, { ...ok(4), version: "5.0" }]).then(
        () => null,
        (e) => e as AppError,
      );
      expect(mixed?.details).toEqual([{ path: "events[2].version", message: "is not a registered version of fraud (5.0)" }]);
    });

    it("reads NDJSON, refuses more than 10,000 events with 413, and lets only contributors write", async () => {
      const nd = [ok(1), ok(2, { status: "error" })].map((e) => JSON.stringify(e)).join("\n");
      expect(parseBatch(NDJSON, `${nd}\n\n`)).toHaveLength(2);
      const badLine = (() => {
        try {
          parseBatch(NDJSON, `${nd}\n{oops`);
        } catch (e) {
          return e as AppError;
        }
      })();
      expect(badLine?.details[0].path).toBe("events[2]");
      const many = Array.from({ length: MAX_EVENTS + 1 }, (_, i) => ok(i));
      const tooMany = (() => {
        try {
          parseBatch("application/json", JSON.stringify({ events: many }));
        } catch (e) {
          return e as AppError;
        }
      })();
      expect(tooMany?.status).toBe(413);
      expect(tooMany?.code).toBe("payload_too_large");
      const viaNd = (() => {
        try {
          parseBatch(NDJSON, many.map((e) => JSON.stringify(e)).join("\n"));
        } catch (e) {
          return e as AppError;
        }
      })();
      expect(viaNd?.status).toBe(413);
      const refused = await post([ok(1)], viewer).then(
        () => null,
        (e) => e as AppError,
      );
      expect(refused?.status).toBe(403);
    });

    it("appends one audit entry per batch", async () => {
      const before = await counts();
      expect(await ingestTelemetry(chen, { contentType: NDJSON, text: [ok(1), ok(2)].map((e) => JSON.stringify(e)).join("\n") })).toEqual({
        accepted: 2,
      });
      const after = await counts();
      expect(after.audit).toBe(before.audit + 1);
      const [entry] = await rows<{ entity_type: string; after: Record<string, unknown> }>(
        sql`select entity_type, after from audit_log order by seq desc limit 1`,
      );
      expect(entry.after).toMatchObject({ events: 2, errors: 0, versions: ["fraud/3.0"] });
    });
  });

  describe("the raw sample", () => {
    it("keeps every error while they fit, the highest losses, a uniform sample, at most 200 a version and hour", async () => {
      const rand = mulberry32(99);
      const hour = Date.parse("2026-11-24T15:00:00Z");
      const evs: (Ev & { loss?: number })[] = Array.from({ length: 1200 }, (_, i) => ({
        model: "fraud",
        version: "3.0",
        ts: new Date(hour + Math.floor(rand() * 3600_000)).toISOString(),
        latencyMs: lognormal(rand, 3, 1),
        status: i % 10 === 0 ? "error" : "ok",
        traceId: `s-${i}`,
        loss: rand() * 5,
      }));
      // Another hour with few errors: all of them are kept.
      const few = Array.from({ length: 300 }, (_, i) => ({
        ...ok(i),
        ts: new Date(hour + 3600_000 + i * 1000).toISOString(),
        status: (i % 10 === 0 ? "error" : "ok") as Ev["status"],
      }));
      for (let i = 0; i < 3; i++) await post(evs.slice(i * 400, i * 400 + 400));
      await post(few);
      // Batches only add candidates that can still make a pool; the compactor trims each pool to its quota.
      await compactTelemetry();
      const stored = await rows<{ hour: string | Date; pool: string; trace_id: string | null; loss: number | null; status: string }>(
        sql`select s.hour, s.pool, s.trace_id, s.loss, s.status from telemetry_samples s join model_versions v on v.id = s.version_id where v.version = '3.0' and s.hour >= '2026-11-24T15:00:00Z'`,
      );
      const inHour = (h: number) => stored.filter((s) => new Date(s.hour).getTime() === h);
      const first = inHour(hour);
      expect(first.length).toBe(200);
      const errors = first.filter((s) => s.pool === "error");
      expect(errors.length).toBe(100);
      expect(errors.every((s) => s.status === "error")).toBe(true);
      const topLosses = evs
        .filter((e) => e.status === "ok")
        .map((e) => e.loss as number)
        .sort((a, b) => b - a)
        .slice(0, 50);
      expect(
        first
          .filter((s) => s.pool === "loss")
          .map((s) => Number(s.loss))
          .sort((a, b) => b - a),
      ).toEqual(topLosses);
      const uniform = first.filter((s) => s.pool === "uniform");
      expect(uniform.length).toBe(50);
      const lossIds = new Set(first.filter((s) => s.pool === "loss").map((s) => s.trace_id));
      expect(uniform.some((s) => lossIds.has(s.trace_id))).toBe(false);
      const second = inHour(hour + 3600_000);
      expect(second.filter((s) => s.pool === "error").length).toBe(30);
      expect(second.filter((s) => s.pool === "uniform").length).toBe(50);
    });

    it("compacts a pending row written in the earlier form (samples as objects, not tuples)", async () => {
      const ids = await versionIds();
      const minute = "2026-11-26T11:05:00.000Z";
      const minutes = [{ v: ids["3.0"], b: minute, n: 1, e: 1, s: 42, mn: 42, mx: 42, z: 0, k: [188], c: [1] }];
      const samples = [
        {
          v: ids["3.0"],
          pool: "error",
          score: 0.5,
          ts: "2026-11-26T11:05:30.000Z",
          traceId: "old-form",
          status: "error",
          latencyMs: 42,
          features: null,
          prediction: null,
          label: null,
          loss: null,
        },
      ];
      await rows(
        sql`insert into telemetry_pending (first_minute, last_minute, version_ids, minutes, samples)
          values (${minute}::timestamptz, ${minute}::timestamptz, ${`{${ids["3.0"]}}`}::int[], ${JSON.stringify(minutes)}, ${JSON.stringify(samples)})`,
      );
      await compactTelemetry();
      const got = await rows<{ trace_id: string; status: string; ts: string | Date; hour: string | Date }>(
        sql`select trace_id, status, ts, hour from telemetry_samples where trace_id = 'old-form'`,
      );
      expect(got.map((r) => ({ ...r, ts: new Date(r.ts).toISOString(), hour: new Date(r.hour).toISOString() }))).toEqual([
        { trace_id: "old-form", status: "error", ts: "2026-11-26T11:05:30.000Z", hour: "2026-11-26T11:00:00.000Z" },
      ]);
      const [minuteRow] = await rows<{ count: number; errors: number }>(
        sql`select count::int, errors::int from telemetry_rollups where version_id = ${ids["3.0"]} and tier = 'minute' and bucket = ${minute}::timestamptz`,
      );
      expect(minuteRow).toEqual({ count: 1, errors: 1 });
    });

    it("stores odd strings and JSON of a sampled event exactly as sent", async () => {
      const odd = {
        ...ok(0),
        ts: "2026-11-26T10:00:00Z",
        status: "error" as const,
        traceId: 'q"uo\\te,{x} NULL',
        features: { 'k"ey': 'v\\"al,{}', n: 1.5e-7, none: null },
        prediction: [1, 'a"b'],
        label: { p: 0.25 },
      };
      await post([odd]);
      await compactTelemetry();
      const [got] = await rows<{ trace_id: string; features: unknown; prediction: unknown; label: unknown; latency_ms: number }>(
        sql`select trace_id, features, prediction, label, latency_ms from telemetry_samples where hour = '2026-11-26T10:00:00Z'`,
      );
      expect(got).toEqual({
        trace_id: odd.traceId,
        features: odd.features,
        prediction: odd.prediction,
        label: odd.label,
        latency_ms: odd.latencyMs,
      });
    });
  });
});
