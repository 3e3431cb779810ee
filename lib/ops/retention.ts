import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx, transact } from "@/db/client";
import { LOCKS } from "@/db/locks";
import { lockHeldElsewhere, recordRun } from "../health/workers";
import { log } from "../log";
import { workerRan } from "../metrics/portal";

// Retention by whole partitions (issue 17 item 4). Minute rollups, hour rollups, raw samples, stored predictions and
// security events live in tables partitioned by time (db/migrations/0023_retention_partitions.sql): by UTC day, hour
// rollups by UTC month. Each pass, under an advisory lock, makes the partitions ahead (today … +7 days; this month and
// the next), moves into a new partition whatever its range already holds in the table's DEFAULT partition (in the same
// transaction), and detaches and drops every partition whose whole range is older than its retention: no row is
// deleted one by one. Day rollups (one plain partition) are kept for ever unless STEWARD_RETAIN_DAY_DAYS is set. The
// audit trail is not touched here: it follows docs/RETENTION.md.

const DAY_MS = 86_400_000;
/** How often each instance runs a pass (one at a time does the work). */
export const RETENTION_EVERY_MS = 3_600_000;
/** Daily partitions made ahead of today. */
export const DAYS_AHEAD = 7;

export type RetentionKey = "minute" | "hour" | "day" | "sample" | "prediction" | "security";
export type Retention = Record<RetentionKey, number | null>;

/** Each retention's variable and default, in days (null: for ever). */
export const RETENTION_VARS: Record<RetentionKey, { env: string; days: number | null; what: string }> = {
  minute: { env: "STEWARD_RETAIN_MINUTE_DAYS", days: 14, what: "minute rollups" },
  sample: { env: "STEWARD_RETAIN_SAMPLE_DAYS", days: 30, what: "raw telemetry samples" },
  hour: { env: "STEWARD_RETAIN_HOUR_DAYS", days: 400, what: "hour rollups" },
  day: { env: "STEWARD_RETAIN_DAY_DAYS", days: null, what: "day rollups" },
  prediction: { env: "STEWARD_RETAIN_PREDICTION_DAYS", days: 30, what: "stored predictions (the ground-truth join window)" },
  security: { env: "STEWARD_RETAIN_SECURITY_DAYS", days: 90, what: "security events" },
};

const MAX_DAYS = 36_500;

/**
 * The retentions the environment sets: a whole number of days from 1 to 36500, or empty for the default (for the day
 * rollups, empty keeps them for ever). Anything else throws, naming the variable.
 */
export function retentionConfig(env: Record<string, string | undefined> = process.env): Retention {
  const out = {} as Retention;
  for (const key of Object.keys(RETENTION_VARS) as RetentionKey[]) {
    const { env: name, days } = RETENTION_VARS[key];
    const raw = (env[name] ?? "").trim();
    if (raw === "") {
      out[key] = days;
      continue;
    }
    if (!/^[0-9]{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_DAYS)
      throw new Error(
        `${name} must be a whole number of days from 1 to ${MAX_DAYS}${days === null ? ", or empty to keep them for ever" : ""} (got "${raw.slice(0, 40)}").`,
      );
    out[key] = Number(raw);
  }
  return out;
}

/** The start-up check: null when every retention variable is valid, else the sentence naming the bad one. */
export function retentionRefusal(env: Record<string, string | undefined> = process.env): string | null {
  try {
    retentionConfig(env);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The moment before which rows of this kind are past their retention (null: kept for ever). */
export function retentionCutoff(key: RetentionKey, now = Date.now(), config = retentionConfig()): Date | null {
  const days = config[key];
  return days == null ? null : new Date(now - days * DAY_MS);
}

type Period = "day" | "month";
type Spec = { key: RetentionKey; parent: string; column: string; period: Period };

/** The range-partitioned tables, each with its `<parent>_default` partition and `<parent>_pYYYYMMDD` (or _pYYYYMM) ones. */
export const PARTITIONED: Spec[] = [
  { key: "minute", parent: "telemetry_rollups_minute", column: "bucket", period: "day" },
  { key: "hour", parent: "telemetry_rollups_hour", column: "bucket", period: "month" },
  { key: "sample", parent: "telemetry_samples", column: "hour", period: "day" },
  { key: "prediction", parent: "predictions", column: "ts", period: "day" },
  { key: "security", parent: "security_events", column: "at", period: "day" },
];

const periodStart = (p: Period, t: number) => {
  const d = new Date(t);
  return p === "day" ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const periodNext = (p: Period, start: number) => {
  const d = new Date(start);
  return p === "day" ? start + DAY_MS : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};
const pad = (n: number) => String(n).padStart(2, "0");

/** The partition of `parent` holding the period that starts at `start`. */
export function partitionName(spec: Pick<Spec, "parent" | "period">, start: number): string {
  const d = new Date(start);
  return `${spec.parent}_p${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${spec.period === "day" ? pad(d.getUTCDate()) : ""}`;
}

/** The start of the period a partition's name stands for, or null for a name that is not one of ours. */
function parseName(spec: Spec, name: string): number | null {
  const m = name.slice(spec.parent.length).match(spec.period === "day" ? /^_p([0-9]{4})([0-9]{2})([0-9]{2})$/ : /^_p([0-9]{4})([0-9]{2})$/);
  if (!name.startsWith(spec.parent) || !m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, spec.period === "day" ? Number(m[3]) : 1);
}

export type RetentionReport = {
  /** Partitions made, and the rows moved into them from the default partition. */
  created: string[];
  moved: number;
  /** Partitions detached and dropped. */
  dropped: string[];
  /** Day rollups deleted (only with STEWARD_RETAIN_DAY_DAYS set: the day tier is one plain partition). */
  dayRowsDeleted: number;
};

const ident = (s: string) => sql.raw(`"${s.replace(/"/g, '""')}"`);
const iso = (t: number) => new Date(t).toISOString();

/** The partitions `parent` has now (direct children), by name. */
async function children(tx: Tx, parent: string): Promise<string[]> {
  const found = await rows<{ name: string }>(
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = (select oid from pg_class where relname = ${parent} and relnamespace = 'public'::regnamespace)`,
    tx,
  );
  return found.map((r) => r.name);
}

/**
 * Makes the partition of `spec` for the period starting at `start`: a table like the parent, filled with the rows of
 * that range the DEFAULT partition holds (moved, in this transaction), then attached. Returns the rows moved.
 */
async function createPartition(tx: Tx, spec: Spec, start: number): Promise<number> {
  const name = partitionName(spec, start);
  const from = iso(start);
  const to = iso(periodNext(spec.period, start));
  const def = ident(`${spec.parent}_default`);
  const col = ident(spec.column);
  await rows(sql`create table ${ident(name)} (like ${ident(spec.parent)} including defaults including constraints)`, tx);
  const moved = await rows<{ n: number }>(
    sql`with moved as (delete from ${def} where ${col} >= ${from}::timestamptz and ${col} < ${to}::timestamptz returning *),
      ins as (insert into ${ident(name)} select * from moved returning 1)
      select count(*)::int as n from ins`,
    tx,
  );
  await rows(
    sql`alter table ${ident(spec.parent)} attach partition ${ident(name)} for values from (${sql.raw(`'${from}'`)}) to (${sql.raw(`'${to}'`)})`,
    tx,
  );
  return Number(moved[0]?.n ?? 0);
}

/** One table's pass, in its own short transaction: make what is missing, drop what is past the retention. */
async function maintain(tx: Tx, spec: Spec, now: number, days: number | null, report: RetentionReport): Promise<void> {
  const existing = new Map<number, string>();
  for (const name of await children(tx, spec.parent)) {
    const start = parseName(spec, name);
    if (start !== null) existing.set(start, name);
  }
  const cutoff = days == null ? null : now - days * DAY_MS;
  // Ahead: through today + 7 days (daily), through next month (monthly).
  const horizon = spec.period === "day" ? periodStart("day", now + DAYS_AHEAD * DAY_MS) : periodNext("month", periodStart("month", now));
  const wanted = new Set<number>();
  for (let p = periodStart(spec.period, now); p <= horizon; p = periodNext(spec.period, p)) wanted.add(p);
  // Periods the default partition holds rows of (up to the horizon): they get their partition too, so old rows leave
  // the default by a whole-partition drop below, never by a delete.
  const unit = spec.period;
  const inDefault = await rows<{ p: string | Date }>(
    sql`select distinct date_trunc(${unit}, ${ident(spec.column)}, 'UTC') as p from ${ident(`${spec.parent}_default`)}
      where ${ident(spec.column)} < ${iso(periodNext(spec.period, horizon))}::timestamptz`,
    tx,
  );
  for (const r of inDefault) wanted.add(new Date(r.p).getTime());
  for (const start of [...wanted].sort((a, b) => a - b)) {
    if (existing.has(start)) continue;
    report.moved += await createPartition(tx, spec, start);
    const name = partitionName(spec, start);
    existing.set(start, name);
    report.created.push(name);
  }
  if (cutoff == null) return;
  for (const [start, name] of [...existing].sort((a, b) => a[0] - b[0])) {
    // Only a partition whose whole range is older than the cutoff: a row is kept at least its retention.
    if (periodNext(spec.period, start) > cutoff) continue;
    await rows(sql`alter table ${ident(spec.parent)} detach partition ${ident(name)}`, tx);
    await rows(sql`drop table ${ident(name)}`, tx);
    report.dropped.push(name);
  }
}

/**
 * One retention pass at `now`: every partitioned table in its own transaction, each under the retention lock (tried,
 * never waited on). Returns what it did, or null when another instance holds the lock.
 */
export async function runRetention(now = Date.now(), config: Retention = retentionConfig()): Promise<RetentionReport | null> {
  const report: RetentionReport = { created: [], moved: 0, dropped: [], dayRowsDeleted: 0 };
  const locked = async (fn: (tx: Tx) => Promise<void>) =>
    transact(async (tx) => {
      const [got] = await rows<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${LOCKS.retention}) as ok`, tx);
      if (!got.ok) return false;
      // DDL on a parent waits for the queries on it; never stall them long: a pass that cannot get in retries next time.
      await rows(sql`set local lock_timeout = '10s'`, tx);
      await fn(tx);
      return true;
    });
  for (const spec of PARTITIONED) {
    if (!(await locked((tx) => maintain(tx, spec, now, config[spec.key], report)))) {
      lockHeldElsewhere("pruning");
      return null;
    }
  }
  const dayDays = config.day;
  if (dayDays != null) {
    // The day tier is one plain partition (a row per version and day): its rest is deleted by whole days.
    const before = periodStart("day", now - dayDays * DAY_MS) - DAY_MS;
    await locked(async (tx) => {
      const gone = await rows<{ n: number }>(
        sql`with d as (delete from telemetry_rollups_day where bucket <= ${iso(before)}::timestamptz returning 1) select count(*)::int as n from d`,
        tx,
      );
      report.dayRowsDeleted = Number(gone[0]?.n ?? 0);
    });
  }
  return report;
}

const G = globalThis as unknown as { __stewardRetention?: { timer: NodeJS.Timeout | null } };

/** A pass soon after start-up, then every hour, in each instance; one at a time does the work (the "pruning" worker). */
export function startRetention(): void {
  if (G.__stewardRetention) return;
  const s = { timer: null as NodeJS.Timeout | null };
  G.__stewardRetention = s;
  const run = async () => {
    try {
      const r = await recordRun("pruning", () => runRetention(), { failure: "The last retention pass failed" });
      workerRan("retention");
      if (r && (r.created.length || r.dropped.length || r.dayRowsDeleted))
        log("info", "retention pass", { created: r.created.length, moved: r.moved, dropped: r.dropped, dayRowsDeleted: r.dayRowsDeleted });
    } catch (e) {
      log("warn", "retention pass failed", { error: e instanceof Error ? e.message : String(e) });
    }
    s.timer = setTimeout(run, RETENTION_EVERY_MS);
    s.timer.unref?.();
  };
  s.timer = setTimeout(run, 5_000);
  s.timer.unref?.();
}
