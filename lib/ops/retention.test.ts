// Retention by whole partitions (issue 17 item 4): minute rollups keep 14 days, samples and predictions 30, security
// events 90, hour rollups 400, day rollups for ever, and what leaves goes by dropping its partition (the table is gone
// from pg_class and pg_inherits), never by deleting rows. Writes with no partition yet land in the DEFAULT partition
// and move into their own when it is made. On PGlite, and on a server when DATABASE_URL is set (tests/store.ts).
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { compactTelemetry } from "@/lib/telemetry/compact";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { retentionConfig, retentionRefusal, runRetention } from "./retention";

const chen = person("Chen", ["contributor"], 1);
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** "Now" for the passes: 21 March 2030, noon UTC. */
const NOW = Date.parse("2030-03-21T12:00:00Z");
const DEFAULTS = retentionConfig({});
let v = 0;

const ts = (s: string) => Date.parse(s);
const iso = (t: number) => new Date(t).toISOString();
/** Every UTC day from `from` to `to` inclusive, as 2030-03-07. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = ts(`${from}T00:00:00Z`); t <= ts(`${to}T00:00:00Z`); t += DAY) out.push(iso(t).slice(0, 10));
  return out;
}
const compact = (d: string) => d.replaceAll("-", "");

async function partitions(parent: string): Promise<string[]> {
  const r = await rows<{ name: string }>(
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = ${parent}::regclass order by 1`,
  );
  return r.map((x) => x.name);
}
async function oids(names: string[]): Promise<number[]> {
  const r = await rows<{ oid: number }>(sql`select oid::int as oid from pg_class where relname = any(${`{${names.join(",")}}`}::text[])`);
  return r.map((x) => Number(x.oid));
}
async function stillThere(oidList: number[]): Promise<number> {
  const [r] = await rows<{ n: number }>(
    sql`select (select count(*) from pg_class where oid = any(${`{${oidList.join(",")}}`}::oid[]))::int
      + (select count(*) from pg_inherits where inhrelid = any(${`{${oidList.join(",")}}`}::oid[]))::int as n`,
  );
  return Number(r.n);
}
const count = async (table: string) => Number((await rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)}`))[0].n);
const perPartition = async (table: string) =>
  Object.fromEntries(
    (
      await rows<{ p: string; n: number }>(
        sql`select tableoid::regclass::text as p, count(*)::int as n from ${sql.raw(table)} group by 1 order by 1`,
      )
    ).map((r) => [r.p, Number(r.n)]),
  );

async function rollup(tier: string, bucket: string) {
  await rows(
    sql`insert into telemetry_rollups (version_id, tier, bucket, count, errors, latency_sum, latency_min, latency_max, bin_keys, bin_counts)
      values (${v}, ${tier}, ${bucket}::timestamptz, 1, 0, 5, 5, 5, '{81}', '{1}')`,
  );
}

describe("retention by whole partitions", () => {
  useFreshStore();

  beforeAll(async () => {
    await createModel(chen, { name: "fraud", owner: "chen@example.com", riskTier: "high" } as never);
    await createVersion(chen, "fraud", { version: "1.0" } as never);
    v = Number((await rows<{ id: number }>(sql`select id from model_versions limit 1`))[0].id);
  });

  describe("a pass over a store whose minute rollups span 20 days (1–20 March 2030), at 21 March 2030 noon", () => {
    const minuteDays = days("2030-03-01", "2030-03-20");
    let droppedOids: number[] = [];
    let hourBefore: unknown[] = [];
    let dayBefore: unknown[] = [];

    beforeAll(async () => {
      // Days pass: the worker makes partitions ahead (today … +7 days), so March's rows land straight in their own.
      for (const at of ["2030-03-01T00:00:00Z", "2030-03-08T00:00:00Z", "2030-03-15T00:00:00Z"]) await runRetention(ts(at), DEFAULTS);
      for (const d of minuteDays) for (let h = 0; h < 24; h++) await rollup("minute", `${d}T${String(h).padStart(2, "0")}:30:00Z`);
      for (const d of minuteDays) for (let h = 0; h < 24; h++) await rollup("hour", `${d}T${String(h).padStart(2, "0")}:00:00Z`);
      for (const d of minuteDays) await rollup("day", `${d}T00:00:00Z`);
      // 14 months old: past the hour tier's 400 days (its month partition goes), kept in the day tier (for ever).
      await rollup("hour", "2029-01-15T00:00:00Z");
      await rollup("day", "2029-01-15T00:00:00Z");
      // One sample and one prediction a day at 13:00 from 10 February, one security event a day from 10 December 2029;
      // the days before 1 March have no partition, so they wait in the DEFAULT partition.
      for (const d of days("2030-02-10", "2030-03-20")) {
        await rows(
          sql`insert into telemetry_samples (version_id, hour, pool, score, ts, status, latency_ms)
          values (${v}, ${`${d}T13:00:00Z`}::timestamptz, 'uniform', 0.5, ${`${d}T13:00:00Z`}::timestamptz, 'ok', 5)`,
        );
        await rows(
          sql`insert into predictions (trace_id, version_id, ts, prediction) values (${`t-${d}`}, ${v}, ${`${d}T13:00:00Z`}::timestamptz, '1')`,
        );
      }
      for (const d of days("2029-12-10", "2030-03-20"))
        await rows(
          sql`insert into security_events (at, kind, reason, request_id) values (${`${d}T13:00:00Z`}::timestamptz, 'permission_denied', 'test', ${`r-${d}`})`,
        );
      expect(await count("only telemetry_rollups_minute_default")).toBe(0);
      expect(await count("only telemetry_samples_default")).toBe(19); // 10–28 February
      expect(await count("only security_events_default")).toBe(81); // 10 December – 28 February
      droppedOids = await oids(days("2030-03-01", "2030-03-06").map((d) => `telemetry_rollups_minute_p${compact(d)}`));
      expect(droppedOids).toHaveLength(6);
      hourBefore = await rows(sql`select * from telemetry_rollups where tier = 'hour' and bucket >= '2030-03-01' order by bucket`);
      dayBefore = await rows(sql`select * from telemetry_rollups where tier = 'day' order by bucket`);
      await runRetention(NOW, DEFAULTS);
    });

    it("keeps exactly the 14 newest days' minute partitions (7–20 March) and the ones made ahead (21–28 March)", async () => {
      const kept = [
        "2030-03-07",
        "2030-03-08",
        "2030-03-09",
        "2030-03-10",
        "2030-03-11",
        "2030-03-12",
        "2030-03-13",
        "2030-03-14",
        "2030-03-15",
        "2030-03-16",
        "2030-03-17",
        "2030-03-18",
        "2030-03-19",
        "2030-03-20",
      ];
      const ahead = ["2030-03-21", "2030-03-22", "2030-03-23", "2030-03-24", "2030-03-25", "2030-03-26", "2030-03-27", "2030-03-28"];
      expect(await partitions("telemetry_rollups_minute")).toEqual([
        "telemetry_rollups_minute_default",
        ...[...kept, ...ahead].map((d) => `telemetry_rollups_minute_p${compact(d)}`),
      ]);
      // 24 minute rows in each kept day, none before 7 March.
      const per = await perPartition("telemetry_rollups_minute");
      expect(per).toEqual(Object.fromEntries(kept.map((d) => [`telemetry_rollups_minute_p${compact(d)}`, 24])));
      expect(await count("telemetry_rollups where tier = 'minute'")).toBe(14 * 24);
    });

    it("dropped 1–6 March whole: their tables are gone from pg_class and pg_inherits", async () => {
      expect(await stillThere(droppedOids)).toBe(0);
    });

    it("leaves the hour and day rows within their retention untouched; the hour row past 400 days left with its month", async () => {
      expect(await rows(sql`select * from telemetry_rollups where tier = 'hour' and bucket >= '2030-03-01' order by bucket`)).toEqual(
        hourBefore,
      );
      expect(await count("telemetry_rollups where tier = 'hour'")).toBe(20 * 24);
      expect(await partitions("telemetry_rollups_hour")).toEqual([
        "telemetry_rollups_hour_default",
        "telemetry_rollups_hour_p203003",
        "telemetry_rollups_hour_p203004",
      ]);
      expect(await rows(sql`select * from telemetry_rollups where tier = 'day' order by bucket`)).toEqual(dayBefore);
      expect(await count("telemetry_rollups where tier = 'day'")).toBe(21);
    });

    it("keeps samples and predictions of the last 30 days (19 February on), security events of the last 90 (21 December on)", async () => {
      for (const table of ["telemetry_samples", "predictions"]) {
        const [r] = await rows<{ n: number; first: Date | string }>(
          sql`select count(*)::int as n, min(ts) as first from ${sql.raw(table)}`,
        );
        expect([table, Number(r.n), iso(new Date(r.first).getTime())]).toEqual([table, 30, "2030-02-19T13:00:00.000Z"]);
        expect(await count(`${table} where ts < '${iso(NOW - 30 * DAY)}'`)).toBe(0);
        expect((await partitions(table))[1]).toBe(`${table}_p20300219`);
      }
      const [s] = await rows<{ n: number; first: Date | string }>(sql`select count(*)::int as n, min(at) as first from security_events`);
      expect([Number(s.n), iso(new Date(s.first).getTime())]).toEqual([90, "2029-12-21T13:00:00.000Z"]);
      expect(await count(`security_events where at < '${iso(NOW - 90 * DAY)}'`)).toBe(0);
      expect((await partitions("security_events"))[1]).toBe("security_events_p20291221");
      // The rows that waited in the DEFAULT partitions moved into partitions of their days (the old ones then dropped).
      for (const t of ["telemetry_rollups_minute", "telemetry_rollups_hour", "telemetry_samples", "predictions", "security_events"])
        expect([t, await count(`only ${t}_default`)]).toEqual([t, 0]);
    });

    it("changes nothing when run again", async () => {
      const before = await Promise.all(["telemetry_rollups_minute", "telemetry_samples", "predictions", "security_events"].map(partitions));
      expect(await runRetention(NOW, DEFAULTS)).toEqual({ created: [], moved: 0, dropped: [], dayRowsDeleted: 0 });
      expect(await runRetention(NOW + HOUR, DEFAULTS)).toEqual({ created: [], moved: 0, dropped: [], dayRowsDeleted: 0 });
      const after = await Promise.all(["telemetry_rollups_minute", "telemetry_samples", "predictions", "security_events"].map(partitions));
      expect(after).toEqual(before);
      expect(await count("telemetry_rollups where tier = 'minute'")).toBe(14 * 24);
    });

    it("puts a write for a day with no partition in the DEFAULT partition, and moves it into its own when that is made", async () => {
      await rollup("minute", "2030-04-02T08:15:00Z");
      const where = async () =>
        (
          await rows<{ p: string }>(
            sql`select tableoid::regclass::text as p from telemetry_rollups where tier = 'minute' and bucket = '2030-04-02T08:15:00Z'`,
          )
        )[0].p;
      expect(await where()).toBe("telemetry_rollups_minute_default");
      // 27 March: the partitions ahead now reach 3 April.
      const report = await runRetention(ts("2030-03-27T00:00:00Z"), DEFAULTS);
      expect(report?.created).toContain("telemetry_rollups_minute_p20300402");
      expect(report?.moved).toBe(1);
      expect(await where()).toBe("telemetry_rollups_minute_p20300402");
      expect(await count("only telemetry_rollups_minute_default")).toBe(0);
    });

    it("honours the retention the environment sets: STEWARD_RETAIN_MINUTE_DAYS=7 on 27 March keeps 20 March on", async () => {
      const saved = process.env.STEWARD_RETAIN_MINUTE_DAYS;
      process.env.STEWARD_RETAIN_MINUTE_DAYS = "7";
      try {
        const report = await runRetention(ts("2030-03-27T00:00:00Z"));
        expect(report?.dropped).toEqual(days("2030-03-13", "2030-03-19").map((d) => `telemetry_rollups_minute_p${compact(d)}`));
      } finally {
        process.env.STEWARD_RETAIN_MINUTE_DAYS = saved;
      }
      // Cutoff 20 March 00:00: the 20th's partition ends after it and stays.
      const [r] = await rows<{ first: Date | string; n: number }>(
        sql`select min(bucket) as first, count(*)::int as n from telemetry_rollups where tier = 'minute'`,
      );
      expect([iso(new Date(r.first).getTime()), Number(r.n)]).toEqual(["2030-03-20T00:30:00.000Z", 24 + 1]);
    });
  });

  describe("the retention variables", () => {
    it("default to 14, 30, 400, for ever, 30 and 90 days", () => {
      expect(retentionConfig({})).toEqual({ minute: 14, sample: 30, hour: 400, day: null, prediction: 30, security: 90 });
      expect(
        retentionConfig({ STEWARD_RETAIN_MINUTE_DAYS: "7", STEWARD_RETAIN_DAY_DAYS: "3650", STEWARD_RETAIN_SECURITY_DAYS: " 180 " }),
      ).toMatchObject({ minute: 7, day: 3650, security: 180 });
    });

    it("refuse anything but a whole number of days, naming the variable", () => {
      for (const [name, value] of [
        ["STEWARD_RETAIN_MINUTE_DAYS", "14d"],
        ["STEWARD_RETAIN_SAMPLE_DAYS", "0"],
        ["STEWARD_RETAIN_HOUR_DAYS", "-1"],
        ["STEWARD_RETAIN_DAY_DAYS", "1e3"],
        ["STEWARD_RETAIN_PREDICTION_DAYS", "2.5"],
        ["STEWARD_RETAIN_SECURITY_DAYS", "99999999"],
      ]) {
        expect(() => retentionConfig({ [name]: value })).toThrow(name);
        expect(retentionRefusal({ [name]: value })).toMatch(new RegExp(`^${name} must be a whole number of days from 1 to 36500`));
      }
      expect(retentionRefusal({})).toBeNull();
    });
  });

  describe("writes already past their retention", () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env.STEWARD_RETAIN_MINUTE_DAYS = saved.STEWARD_RETAIN_MINUTE_DAYS;
      process.env.STEWARD_RETAIN_SAMPLE_DAYS = saved.STEWARD_RETAIN_SAMPLE_DAYS;
      process.env.STEWARD_RETAIN_PREDICTION_DAYS = saved.STEWARD_RETAIN_PREDICTION_DAYS;
    });

    it("are not stored as minute rows, samples or predictions, and still count in their hour and day", async () => {
      process.env.STEWARD_RETAIN_MINUTE_DAYS = "14";
      process.env.STEWARD_RETAIN_SAMPLE_DAYS = "30";
      process.env.STEWARD_RETAIN_PREDICTION_DAYS = "30";
      const now = Date.now();
      // 40 days ago and 2 hours ago, whole minutes (so the buckets are the events' own times).
      const old = Math.floor((now - 40 * DAY) / 60_000) * 60_000;
      const recent = Math.floor((now - 2 * HOUR) / 60_000) * 60_000;
      const ev = (t: number, trace: string) => ({
        model: "fraud",
        version: "1.0",
        ts: iso(t),
        latencyMs: 12,
        status: "error",
        traceId: trace,
        prediction: 1,
      });
      await ingestTelemetry(chen, {
        contentType: "application/json",
        text: JSON.stringify({ events: [ev(old, "late-old"), ev(recent, "late-recent")] }),
      });
      await compactTelemetry();
      const minute = await rows<{ b: Date | string }>(
        sql`select bucket as b from telemetry_rollups where tier = 'minute' and bucket in (${iso(old)}::timestamptz, ${iso(recent)}::timestamptz)`,
      );
      expect(minute.map((r) => iso(new Date(r.b).getTime()))).toEqual([iso(recent)]);
      const hour = await count(`telemetry_rollups where tier = 'hour' and bucket = '${iso(Math.floor(old / HOUR) * HOUR)}'`);
      expect(hour).toBe(1);
      expect(await count(`telemetry_samples where trace_id in ('late-old', 'late-recent')`)).toBe(1);
      expect(await count(`predictions where trace_id in ('late-old', 'late-recent')`)).toBe(1);
      expect(await count(`predictions where trace_id = 'late-recent'`)).toBe(1);
    });
  });
});
