import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx, transact } from "@/db/client";
import { LOCKS } from "@/db/locks";
import type { PendingMinute, PendingSample, PendingSampleTuple } from "@/db/schema";
import { lockHeldElsewhere, recordRun, workerStarted } from "../health/workers";
import { log } from "../log";
import { workerRan } from "../metrics/portal";
import { retentionConfig, retentionCutoff } from "../ops/retention";
import { pgArray } from "./arrays";
import { type Acc, addRow, newAcc, toRows, withQuantiles } from "./fold";
import { COMPACT_BATCH, COMPACT_EVERY_MS, SAMPLE_QUOTA, TIERS, type Tier } from "./limits";

// One compactor at a time across every web instance: a transaction-scoped advisory lock, tried, never waited on.
export const COMPACTOR_LOCK = LOCKS.telemetryCompactor;
const json = (v: unknown) => JSON.stringify(v);
const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
const TIER_LIST = Object.keys(TIERS) as Tier[];

type Stored = {
  v: number;
  tier?: Tier;
  b: string | Date;
  n: number;
  e: number;
  s: number;
  mn: number;
  mx: number;
  z: number;
  k: number[] | null;
  c: number[] | null;
};
type Pool = keyof typeof SAMPLE_QUOTA;

const POOL_OF = ["error", "loss", "uniform"] as const;
const POOL_INDEX = { error: 0, loss: 1, uniform: 2 } as const;

/** A pending sample in the earlier form (an object; rows written before tuples) as a tuple. */
export function toTuple(c: PendingSample): PendingSampleTuple {
  return [
    c.v,
    POOL_INDEX[c.pool],
    c.score,
    Date.parse(c.ts),
    c.traceId,
    c.status === "error" ? 1 : 0,
    c.latencyMs,
    c.features,
    c.prediction,
    c.label,
    c.loss,
  ];
}

/**
 * Moves up to `limit` pending batches (oldest first) into the tiers, in one transaction: deletes them, adds them to the
 * minute, hour and day rows they belong to (read, merged here, written back whole with their quantiles), and keeps
 * the sample candidates they carry that make their pools. Only the lock holder writes rollups, so the
 * read-merge-write needs no row locks and never conflicts with an ingest (which only appends).
 */
async function compactOnce(tx: Tx, limit: number): Promise<number> {
  const moved = await rows<{ minutes: string; samples: string | null }>(
    sql`delete from telemetry_pending where id in (select id from telemetry_pending order by id limit ${limit}) returning minutes, samples`,
    tx,
  );
  if (!moved.length) return 0;
  const accs = new Map<string, Acc>();
  const acc = (v: number, tier: Tier, b: number) => {
    const id = `${v}|${tier}|${b}`;
    let a = accs.get(id);
    if (!a) {
      a = newAcc(v, tier, b);
      accs.set(id, a);
    }
    return a;
  };
  const candidates: PendingSampleTuple[] = [];
  for (const m of moved) {
    for (const r of JSON.parse(m.minutes) as PendingMinute[]) {
      const at = Date.parse(r.b);
      for (const tier of TIER_LIST) {
        const unit = TIERS[tier] * 1000;
        addRow(acc(r.v, tier, Math.floor(at / unit) * unit), r);
      }
    }
    if (m.samples)
      for (const c of JSON.parse(m.samples) as (PendingSampleTuple | PendingSample)[]) candidates.push(Array.isArray(c) ? c : toTuple(c));
  }
  // A version deleted since its batch was taken (rows cascade) is left out rather than failing every compaction.
  const live = new Set(
    (
      await rows<{ id: number }>(
        sql`select id from model_versions where id = any(${`{${[...new Set([...accs.values()].map((a) => a.v))].join(",")}}`}::int[])`,
        tx,
      )
    ).map((r) => Number(r.id)),
  );
  for (const [id, a] of accs) if (!live.has(a.v)) accs.delete(id);
  // Rows already older than their tier's retention would be dropped with their partition at once: not stored (a late
  // minute still counts in its hour and day). Likewise samples past theirs.
  const now = Date.now();
  const config = retentionConfig();
  const cutoffs = new Map(TIER_LIST.map((t) => [t, retentionCutoff(t, now, config)?.getTime() ?? Number.NEGATIVE_INFINITY]));
  for (const [id, a] of accs) if (a.b < (cutoffs.get(a.tier) as number)) accs.delete(id);
  const sampleCutoff = retentionCutoff("sample", now, config)?.getTime() ?? Number.NEGATIVE_INFINITY;
  const norm = (r: Stored) => ({
    n: Number(r.n),
    e: Number(r.e),
    s: Number(r.s),
    mn: Number(r.mn),
    mx: Number(r.mx),
    z: Number(r.z),
    k: (r.k ?? []).map(Number),
    c: (r.c ?? []).map(Number),
  });
  const keys = [...accs.values()].map((a) => ({ v: a.v, tier: a.tier, b: new Date(a.b).toISOString() }));
  for (const part of chunks(keys, 5000)) {
    const stored = await rows<Stored>(
      sql`select r.version_id as v, r.tier, r.bucket as b, r.count::float8 as n, r.errors::float8 as e, r.latency_sum as s, r.latency_min as mn, r.latency_max as mx,
          r.zero_count::float8 as z, r.bin_keys as k, r.bin_counts::float8[] as c
        from jsonb_to_recordset(${json(part)}::jsonb) as x(v int, tier text, b timestamptz)
        join telemetry_rollups r on r.version_id = x.v and r.tier = x.tier and r.bucket = x.b`,
      tx,
    );
    for (const r of stored) addRow(acc(Number(r.v), r.tier as Tier, new Date(r.b).getTime()), norm(r));
  }
  const records = toRows(accs.values()).map(withQuantiles);
  // Column by column as array literals (bins as one literal each): cheaper for the server to read than jsonb records.
  for (const part of chunks(records, 2000)) {
    const col = (f: (r: (typeof part)[number]) => string | number | null) => pgArray(part.map(f));
    await rows(
      sql`insert into telemetry_rollups as r (version_id, tier, bucket, count, errors, latency_sum, latency_min, latency_max, zero_count, bin_keys, bin_counts, p50, p95, p99)
        select v, tier, b, n, e, s, mn, mx, z, k::int[], c::int8[], p50, p95, p99
        from unnest(${col((r) => r.v)}::int[], ${col((r) => r.tier)}::text[], ${col((r) => r.b)}::timestamptz[], ${col((r) => r.n)}::int8[], ${col((r) => r.e)}::int8[],
          ${col((r) => r.s)}::float8[], ${col((r) => r.mn)}::float8[], ${col((r) => r.mx)}::float8[], ${col((r) => r.z)}::int8[],
          ${col((r) => `{${r.k.join(",")}}`)}::text[], ${col((r) => `{${r.c.join(",")}}`)}::text[], ${col((r) => r.p50)}::float8[], ${col((r) => r.p95)}::float8[], ${col((r) => r.p99)}::float8[])
          as x(v, tier, b, n, e, s, mn, mx, z, k, c, p50, p95, p99)
        order by v, tier, b
        on conflict (version_id, tier, bucket) do update set
          count = excluded.count, errors = excluded.errors, latency_sum = excluded.latency_sum, latency_min = excluded.latency_min,
          latency_max = excluded.latency_max, zero_count = excluded.zero_count, bin_keys = excluded.bin_keys, bin_counts = excluded.bin_counts,
          p50 = excluded.p50, p95 = excluded.p95, p99 = excluded.p99, updated_at = now()`,
      tx,
    );
  }
  await keepSamples(
    tx,
    candidates.filter((c) => live.has(c[0]) && c[3] >= sampleCutoff),
  );
  return moved.length;
}

/**
 * The raw sample: per (version, hour, pool), the rows of lowest score among those stored and the candidates the moved
 * rows carry, at most the pool's quota (ties: stored rows first, then candidates in the order sent). Inserts the
 * candidates that make it and deletes the stored rows they push out: nothing else writes telemetry_samples.
 */
async function keepSamples(tx: Tx, candidates: PendingSampleTuple[]) {
  type PoolOf = { v: number; h: number; pool: Pool; cands: PendingSampleTuple[]; old: { id: number; score: number }[] };
  // By (version, pool), then hour: numbers as keys, no string per candidate.
  const pools = new Map<number, Map<number, PoolOf>>();
  const poolOf = (v: number, poolIndex: number, h: number) => {
    const slot = v * 4 + poolIndex;
    let byHour = pools.get(slot);
    if (!byHour) {
      byHour = new Map();
      pools.set(slot, byHour);
    }
    let p = byHour.get(h);
    if (!p) {
      p = { v, h, pool: POOL_OF[poolIndex], cands: [], old: [] };
      byHour.set(h, p);
    }
    return p;
  };
  for (const c of candidates) poolOf(c[0], c[1], Math.floor(c[3] / 3_600_000) * 3_600_000).cands.push(c);
  if (!pools.size) return;
  const all = [...pools.values()].flatMap((byHour) => [...byHour.values()]);
  const hours = [...new Map(all.map((p) => [`${p.v}|${p.h}`, { v: p.v, h: new Date(p.h).toISOString() }])).values()];
  for (const part of chunks(hours, 2000)) {
    const found = await rows<{ id: number; v: number; h: string | Date; pool: Pool; score: number }>(
      sql`select s.id::float8 as id, s.version_id as v, s.hour as h, s.pool, s.score from telemetry_samples s
        join jsonb_to_recordset(${json(part)}::jsonb) as x(v int, h timestamptz) on s.version_id = x.v and s.hour = x.h`,
      tx,
    );
    for (const f of found) {
      const p = pools.get(Number(f.v) * 4 + POOL_INDEX[f.pool])?.get(new Date(f.h).getTime());
      // Stored rows of a pool with no candidate now stay as they are.
      if (p) p.old.push({ id: Number(f.id), score: Number(f.score) });
    }
  }
  const insert: { c: PendingSampleTuple; h: number }[] = [];
  const drop: number[] = [];
  for (const p of all) {
    const quota = SAMPLE_QUOTA[p.pool];
    const old = p.old.sort((a, b) => a.score - b.score || a.id - b.id);
    // Stable: among equal scores the stored rows (listed first) win, then candidates in the order they came.
    const ranked = [
      ...old.map((o) => ({ old: o, cand: null as PendingSampleTuple | null, score: o.score })),
      ...p.cands.map((c) => ({ old: null, cand: c, score: c[2] })),
    ];
    ranked.sort((a, b) => a.score - b.score);
    ranked.forEach((x, i) => {
      if (i < quota) {
        if (x.cand) insert.push({ c: x.cand, h: p.h });
      } else if (x.old) drop.push(x.old.id);
    });
  }
  for (const part of chunks(insert, 5000)) {
    const col = (f: (c: PendingSampleTuple, h: number) => string | number | null) => pgArray(part.map((x) => f(x.c, x.h)));
    const jsonOrNull = (x: unknown) => (x === null || x === undefined ? null : JSON.stringify(x));
    await rows(
      // A label that arrived (POST /labels) while the sample was still pending is taken from its prediction.
      sql`insert into telemetry_samples (version_id, hour, pool, score, ts, trace_id, status, latency_ms, features, prediction, label, loss)
        select u.v, u.h, u.pool, u.score, u.ts, u.trace_id, u.status, u.latency_ms, u.features, u.prediction,
          coalesce(u.label, (select p.label from predictions p where p.trace_id = u.trace_id and p.version_id = u.v order by p.ts limit 1)), u.loss
        from unnest(${col((c) => c[0])}::int[], ${col((_, h) => new Date(h).toISOString())}::timestamptz[], ${col((c) => POOL_OF[c[1]])}::text[], ${col((c) => c[2])}::float8[],
          ${col((c) => new Date(c[3]).toISOString())}::timestamptz[], ${col((c) => c[4])}::text[], ${col((c) => (c[5] ? "error" : "ok"))}::text[], ${col((c) => c[6])}::float8[],
          ${col((c) => jsonOrNull(c[7]))}::jsonb[], ${col((c) => jsonOrNull(c[8]))}::jsonb[], ${col((c) => jsonOrNull(c[9]))}::jsonb[],
          ${col((c) => c[10])}::float8[]) as u(v, h, pool, score, ts, trace_id, status, latency_ms, features, prediction, label, loss)`,
      tx,
    );
  }
  for (const part of chunks(drop, 10_000))
    await rows(sql`delete from telemetry_samples where id = any(${`{${part.join(",")}}`}::int8[])`, tx);
}

/**
 * Compacts everything pending, `limit` rows a transaction. Returns the rows moved, or null when another instance
 * holds the compactor lock (it is doing the same work right now).
 */
export async function compactTelemetry(limit = COMPACT_BATCH): Promise<number | null> {
  let total = 0;
  for (;;) {
    const n = await transact(async (tx) => {
      const [got] = await rows<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${COMPACTOR_LOCK}) as ok`, tx);
      if (!got.ok) {
        lockHeldElsewhere("telemetry_compactor");
        return null;
      }
      return compactOnce(tx, limit);
    });
    if (n === null) return total ? total : null;
    total += n;
    if (n < limit) return total;
  }
}

/**
 * Stores p50/p95/p99 on rows of the given tiers that lack them (rows written before the quantiles were, or by hand,
 * as bench/telemetry.ts builds 30 days of tiers in SQL), `batch` rows a transaction, by the same rule as the compactor.
 */
export async function fillQuantiles(tiers: Tier[], batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await transact(async (tx) => {
      const found = await rows<{ v: number; tier: Tier; b: string | Date; z: number; k: number[]; c: number[] }>(
        sql`select version_id as v, tier, bucket as b, zero_count::float8 as z, bin_keys as k, bin_counts::float8[] as c from telemetry_rollups
          where tier in (select jsonb_array_elements_text(${json(tiers)}::jsonb)) and p99 is null limit ${batch}`,
        tx,
      );
      const filled = found.map((r) => {
        const q = withQuantiles({
          v: Number(r.v),
          tier: r.tier,
          b: new Date(r.b).toISOString(),
          n: 0,
          e: 0,
          s: 0,
          mn: 0,
          mx: 0,
          z: Number(r.z),
          k: r.k.map(Number),
          c: r.c.map(Number),
        });
        return { v: q.v, tier: q.tier, b: q.b, p50: q.p50, p95: q.p95, p99: q.p99 };
      });
      for (const part of chunks(filled, 2000)) {
        await rows(
          sql`update telemetry_rollups r set p50 = x.p50, p95 = x.p95, p99 = x.p99
            from jsonb_to_recordset(${json(part)}::jsonb) as x(v int, tier text, b timestamptz, p50 float8, p95 float8, p99 float8)
            where r.version_id = x.v and r.tier = x.tier and r.bucket = x.b`,
          tx,
        );
      }
      return found.length;
    });
    total += n;
    if (n < batch) return total;
  }
}

const G = globalThis as unknown as { __stewardCompactor?: { timer: NodeJS.Timeout | null } };

/** Compact every TELEMETRY_COMPACT_MS (1 s by default) in each instance; one at a time does the work. */
export function startTelemetryCompactor(): void {
  if (G.__stewardCompactor) return;
  const s = { timer: null as NodeJS.Timeout | null };
  G.__stewardCompactor = s;
  const every = Number(process.env.TELEMETRY_COMPACT_MS) || COMPACT_EVERY_MS;
  workerStarted("telemetry_compactor", every);
  const run = async () => {
    try {
      await recordRun("telemetry_compactor", () => compactTelemetry(), { failure: "The last compaction failed" });
      workerRan("telemetry_compactor");
    } catch (e) {
      log("warn", "telemetry compaction failed", { error: e instanceof Error ? e.message : String(e) });
    }
    s.timer = setTimeout(run, every);
    s.timer.unref?.();
  };
  s.timer = setTimeout(run, every);
  s.timer.unref?.();
}
