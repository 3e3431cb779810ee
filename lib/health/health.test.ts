import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { closeDb, getDb, migrationsFolder, rows } from "@/db/client";
import { collectStoreMetrics } from "@/lib/metrics/collect";
import { person, refused } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { workerLags, workersView } from "./lag";
import { migrationsCurrent, readiness } from "./ready";
import { lockHeldElsewhere, recordRun, resetWorkerHealth, workerIdle, workerStarted, workerStatus } from "./workers";

describe("health", () => {
  useFreshStore();
  beforeEach(() => resetWorkerHealth());

  const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);
  const at = (ms: number) => () => T0 + ms;

  describe("the worker registry", () => {
    it("a worker whose pass threw shows a fixed sentence and the time, never the error's own text", async () => {
      workerStarted("telemetry_compactor", 1000, T0);
      const secret = Object.assign(new Error("password authentication failed for user steward with s3cr3t"), { code: "28P01" });
      await expect(
        recordRun("telemetry_compactor", () => Promise.reject(secret), { failure: "The last compaction failed", clock: at(500) }),
      ).rejects.toBe(secret);
      const s = workerStatus("telemetry_compactor", T0 + 600);
      expect(s.state).toBe("failing");
      expect(s.alive).toBe(true);
      expect(s.lastError).toEqual({
        message: "The last compaction failed (database error 28P01); the server log has the details.",
        at: "2026-12-07T12:00:00.500Z",
      });
      expect(JSON.stringify(s)).not.toContain("s3cr3t");
      expect(s.runs).toBe(1);
      expect(s.failures).toBe(1);
      expect(s.lastSuccess).toBeNull();
      // An error that is not the database's gets the sentence alone.
      await expect(
        recordRun("telemetry_compactor", () => Promise.reject(new Error("boom at /srv/x.ts:12")), { clock: at(700) }),
      ).rejects.toThrow("boom");
      expect(workerStatus("telemetry_compactor", T0 + 800).lastError?.message).toBe(
        "The last pass failed; the server log has the details.",
      );
      // The next pass that succeeds makes it alive again; the last error stays to be read.
      expect(await recordRun("telemetry_compactor", async () => 42, { clock: at(900) })).toBe(42);
      const after = workerStatus("telemetry_compactor", T0 + 1000);
      expect(after.state).toBe("alive");
      expect(after.lastSuccess).toBe("2026-12-07T12:00:00.900Z");
      expect(after.lastError?.at).toBe("2026-12-07T12:00:00.700Z");
      expect(after.runs).toBe(3);
      expect(after.failures).toBe(2);
    });

    it("a worker whose last pass started more than 3 intervals ago is not alive", async () => {
      workerStarted("alert_evaluator", 30_000, T0);
      // Before its first pass, the start counts: 90 s of grace.
      expect(workerStatus("alert_evaluator", T0 + 90_000).state).toBe("alive");
      expect(workerStatus("alert_evaluator", T0 + 90_001).state).toBe("stale");
      await recordRun("alert_evaluator", async () => [], { clock: at(10_000) });
      // Last pass started at 10 s: alive up to 100 s, stale from 100.001 s.
      expect(workerStatus("alert_evaluator", T0 + 100_000).alive).toBe(true);
      const stale = workerStatus("alert_evaluator", T0 + 100_001);
      expect(stale.state).toBe("stale");
      expect(stale.alive).toBe(false);
      expect(stale.reason).toBe("No pass started for 90 s, more than 3 × its 30 s interval.");
    });

    it("a pass still running counts as alive for five minutes at least, then as stale", async () => {
      workerStarted("webhook_sender", 1000, T0);
      let finish = () => {};
      const pass = recordRun("webhook_sender", () => new Promise<void>((r) => (finish = r)), { clock: at(0) });
      expect(workerStatus("webhook_sender", T0 + 3001).state).toBe("alive");
      expect(workerStatus("webhook_sender", T0 + 300_000).state).toBe("alive");
      const s = workerStatus("webhook_sender", T0 + 300_001);
      expect(s.state).toBe("stale");
      expect(s.running).toBe(true);
      finish();
      await pass;
      expect(workerStatus("webhook_sender", T0 + 300_001).running).toBe(false);
    });

    it("a worker never started is not alive; one idle for a reason is", () => {
      expect(workerStatus("telemetry_compactor", T0)).toMatchObject({ state: "not_started", alive: false });
      workerIdle("checkpoint_publisher", "No audit signing key is configured (AUDIT_SIGNING_KEY): checkpoints are not published.");
      expect(workerStatus("checkpoint_publisher", T0)).toMatchObject({
        state: "idle",
        alive: true,
        reason: "No audit signing key is configured (AUDIT_SIGNING_KEY): checkpoints are not published.",
      });
      expect(workerStatus("pruning", T0)).toMatchObject({ state: "on_demand", alive: true });
    });

    it("says whether this instance did the work or another held the advisory lock", async () => {
      workerStarted("alert_evaluator", 30_000, T0);
      await recordRun("alert_evaluator", async () => lockHeldElsewhere("alert_evaluator"), { clock: at(1) });
      expect(workerStatus("alert_evaluator", T0 + 2).lastOutcome).toBe("lock_held_elsewhere");
      await recordRun("alert_evaluator", async () => [], { clock: at(3) });
      expect(workerStatus("alert_evaluator", T0 + 4).lastOutcome).toBe("worked");
    });
  });

  describe("readiness", () => {
    const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as {
      entries: { idx: number; when: number; tag: string }[];
    };
    const newest = journal.entries[journal.entries.length - 1];

    it("a fresh store holds the newest migration", async () => {
      expect(await migrationsCurrent()).toEqual({ ok: true, latest: newest.tag });
      // drizzle's own record of it: one row per migration, the newest stamped with the journal's `when`.
      const [r] = await rows<{ n: number; at: string }>(
        sql`select count(*)::int as n, max(created_at)::text as at from drizzle.__drizzle_migrations`,
        await getDb(),
      );
      expect(Number(r.n)).toBe(journal.entries.length);
      expect(Number(r.at)).toBe(newest.when);
    });

    it("a build with a migration the store lacks is not current", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-journal-"));
      fs.mkdirSync(path.join(dir, "meta"));
      const ahead = {
        ...journal,
        entries: [...journal.entries, { ...newest, idx: newest.idx + 1, when: newest.when + 1, tag: "9999_ahead" }],
      };
      fs.writeFileSync(path.join(dir, "meta", "_journal.json"), JSON.stringify(ahead));
      expect(await migrationsCurrent(dir)).toEqual({ ok: false, latest: "9999_ahead" });
      expect(migrationsFolder).not.toBe(dir);
    });

    it("is not ready while the workers are not running here, and ready once each is alive", async () => {
      const now = Date.now();
      const before = await readiness(now);
      expect(before.status).toBe("not_ready");
      expect(before.failing).toEqual(["workers"]);
      expect(before.checks.database).toEqual({ ok: true });
      expect(before.checks.migrations).toEqual({ ok: true, latest: newest.tag });
      expect(before.checks.workers.states.telemetry_compactor).toBe("not_started");

      workerStarted("telemetry_compactor", 1000, now);
      workerStarted("alert_evaluator", 30_000, now);
      workerStarted("webhook_sender", 1000, now);
      workerStarted("mrm_reminders", 60_000, now);
      workerIdle("checkpoint_publisher", "No audit signing key is configured (AUDIT_SIGNING_KEY): checkpoints are not published.");
      const ready = await readiness(now + 2000);
      expect(ready).toEqual({
        status: "ready",
        checks: {
          database: { ok: true },
          migrations: { ok: true, latest: newest.tag },
          workers: {
            ok: true,
            states: {
              telemetry_compactor: "alive",
              alert_evaluator: "alive",
              webhook_sender: "alive",
              checkpoint_publisher: "idle",
              pruning: "on_demand",
              mrm_reminders: "alive",
            },
          },
        },
        failing: [],
      });
      // The compactor's last pass 3.001 s ago on a 1 s interval: stale, and readiness says so.
      const late = await readiness(now + 3001);
      expect(late.status).toBe("not_ready");
      expect(late.failing).toEqual(["workers"]);
      expect(late.checks.workers.states.telemetry_compactor).toBe("stale");
      expect(late.checks.workers.states.alert_evaluator).toBe("alive");
    });
  });

  describe("an unreachable store", () => {
    it("is not ready: database and migrations fail, named in failing", async () => {
      const saved = process.env.DATABASE_URL;
      await closeDb();
      // Port 1 on loopback: nothing listens, the connection is refused at once.
      process.env.DATABASE_URL = "postgres://nobody@127.0.0.1:1/none";
      try {
        const now = Date.now();
        for (const w of ["telemetry_compactor", "alert_evaluator", "webhook_sender", "checkpoint_publisher", "mrm_reminders"] as const)
          workerStarted(w, 30_000, now);
        const body = await readiness(now);
        expect(body.status).toBe("not_ready");
        expect(body.failing).toEqual(["database", "migrations"]);
        expect(body.checks.database).toEqual({ ok: false });
        expect(body.checks.migrations.ok).toBe(false);
        expect(body.checks.workers.ok).toBe(true);
      } finally {
        await closeDb();
        if (saved) process.env.DATABASE_URL = saved;
        else delete process.env.DATABASE_URL;
        await getDb();
      }
    });
  });

  describe("the workers' lag", () => {
    it("the compactor's is the age of the oldest pending batch; the evaluator's the time since its pass", async () => {
      const db = await getDb();
      const now = Date.now();
      expect((await workerLags(now)).telemetry_compactor).toEqual({ seconds: 0 });
      for (const ago of [120, 30])
        await rows(
          sql`insert into telemetry_pending (first_minute, last_minute, version_ids, minutes, received_at)
            values (now(), now(), '{}', '[]', ${new Date(now - ago * 1000).toISOString()}::timestamptz)`,
          db,
        );
      const lags = await workerLags(now);
      expect(lags.telemetry_compactor).toEqual({ seconds: 120 });
      expect(lags.alert_evaluator).toBeNull();
      expect(lags.checkpoint_publisher).toEqual({ entries: 0 });
      expect(lags.webhook_sender).toEqual({ seconds: 0 });
      expect(lags.pruning).toEqual({ seconds: 0 });
      await recordRun("alert_evaluator", async () => [], { clock: () => now - 45_000 });
      expect((await workerLags(now)).alert_evaluator).toEqual({ seconds: 45 });
      // The same lag for Prometheus, read at the store's clock: 120 s and the moments since.
      const family = (await collectStoreMetrics()).find((f) => f.name === "steward_telemetry_pending_lag_seconds");
      expect(family?.type).toBe("gauge");
      expect(family?.samples[0].value).toBeGreaterThanOrEqual(120);
      expect(family?.samples[0].value).toBeLessThan(180);
      await rows(sql`delete from telemetry_pending`, db);
    });

    it("only an admin reads the workers' table", async () => {
      const view = await workersView(person("Ada", ["admin"], 1), Date.now());
      expect(view.map((w) => w.name)).toEqual([
        "telemetry_compactor",
        "alert_evaluator",
        "webhook_sender",
        "checkpoint_publisher",
        "pruning",
        "mrm_reminders",
      ]);
      expect(view[0].lagText).toBe("nothing pending");
      const e = await refused(workersView(person("Chen", ["contributor", "compliance"], 2), Date.now()));
      expect(e.status).toBe(403);
    });
  });
});
