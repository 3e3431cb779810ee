// Issue 17, item 1: crashes lose nothing. A production server (`next start` on the build, its own store) is killed with
// SIGKILL at a random moment (200–1500 ms into the load) again and again while it takes concurrent telemetry batches,
// OpenLineage events and audited registrations (models and versions), all with an Idempotency-Key; on PostgreSQL the
// database itself is also stopped once with `pg_ctl -m immediate` mid-load and started again. After every restart:
// the server comes up at once on the same store (the data directory's lock of a killed owner is taken over); every
// acknowledged request is there whole; a batch never acknowledged is all there or not at all; the audit chain
// verifies; a retry with the same key stores nothing twice (acknowledged) or exactly once (not acknowledged). At the
// end, with the compactor done, the rollups of every tier equal a recount of the batches, counted here, and the
// database holds one audit entry per write.
//
// Which store: PGlite when the suite runs on PGlite, PostgreSQL (a private cluster this test starts, stops with
// `-m immediate` and owns) when the suite runs against a server (DATABASE_URL set); STEWARD_CRASH_STORES=pglite,postgres
// runs both. Each stays within about 3 minutes on two shared cores.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E } from "../env";
import {
  type Cluster,
  call,
  durabilityOverrides,
  opsPort,
  pgBin,
  type Reply,
  type Server,
  sleep,
  startCluster,
  startServer,
  userToken,
  waitReady,
} from "./ops-harness";

test.describe.configure({ mode: "serial" });

// Run even when the test times out (its finally would not): no server or cluster outlives the test.
const cleanups: (() => Promise<void> | void)[] = [];
test.afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Store = "pglite" | "postgres";
const wanted = (process.env.STEWARD_CRASH_STORES ?? (process.env.DATABASE_URL ? "postgres" : "pglite")).split(",");
const KILLS = Number(process.env.STEWARD_CRASH_KILLS ?? 20);
const EVENTS = 25; // per telemetry batch
const ERRORS = 5; // of them with status "error"
const MAX_BATCHES = 900; // one minute each, so the window stays under a day
const MINUTE = 60_000;
const PER_ROUND = 12; // requests per writer and round, at most
const PACE_MS = 60;
const WRITER = "crash-writer@example.com";

type Item = { key: string; path: string; body: unknown; acked: boolean; outcome?: string; round: number };
type Batch = Item & { minute: number };
type Lineage = Item & { runId: string; job: string };
type Registration = Item & { model: string; kind: "model" | "version" };

/** A request the load sent: acknowledged when a 2xx came back; anything else (a cut connection, a 5xx) is not. */
async function send(port: number, item: Item, as: Record<string, string>): Promise<"acked" | "cut" | "failed"> {
  try {
    const r = await call(port, "POST", item.path, item.body, { ...as, "idempotency-key": item.key });
    if (r.status >= 200 && r.status < 300) {
      item.acked = true;
      return "acked";
    }
    if (r.status >= 500) return "failed";
    throw new Error(`${item.path} answered ${r.status}: ${r.text.slice(0, 300)}`);
  } catch (e) {
    if (e instanceof Error && /answered/.test(e.message)) throw e;
    return "cut";
  }
}

for (const store of ["pglite", "postgres"] as Store[]) {
  test(`SIGKILL at random moments on ${store} loses no acknowledged write and half-stores nothing`, async () => {
    test.skip(
      !wanted.includes(store),
      `the crash test on ${store} runs in the ${store} pass (STEWARD_CRASH_STORES=${store} to run it here)`,
    );
    const bin = store === "postgres" ? pgBin() : null;
    test.skip(
      store === "postgres" && !bin,
      "no PostgreSQL binaries (initdb) under /usr/lib/postgresql: install postgresql to run this test",
    );
    test.setTimeout(420_000);
    const t0 = Date.now();

    // Nothing in the code turns durability down (PostgreSQL's synchronous_commit or fsync, PGlite's relaxedDurability).
    expect(durabilityOverrides()).toEqual([]);

    const port = opsPort(store === "pglite" ? 0 : 2);
    let cluster: Cluster | undefined;
    let dataDir: string | undefined;
    let server: Server | undefined;
    const env: Record<string, string> = { TELEMETRY_COMPACT_MS: "250" };
    if (store === "postgres") {
      cluster = startCluster(bin as string, opsPort(3));
      const owned = cluster;
      cleanups.push(() => owned.destroy());
      const { Client } = await import("pg");
      const c = new Client({ connectionString: cluster.url() });
      await c.connect();
      await c.query("create database steward_crash");
      // The server's sessions take the cluster's settings: synchronous_commit and fsync on, overridden for no role
      // or database.
      expect((await c.query("show synchronous_commit")).rows[0].synchronous_commit).toBe("on");
      expect((await c.query("show fsync")).rows[0].fsync).toBe("on");
      await c.end();
      env.DATABASE_URL = cluster.url("steward_crash");
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-crash-"));
      env.DATA_DIR = dataDir;
    }

    const batches: Batch[] = [];
    const lineage: Lineage[] = [];
    const registrations: Registration[] = [];
    const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
    const ns = `crash-${store}`;
    const telModel = `crash-${store}-telemetry`;
    const figures = {
      kills: 0,
      pgCrashes: 0,
      restartMs: [] as number[],
      ackedFound: 0,
      unackedFoundWhole: 0,
      unackedAbsent: 0,
      replayed: 0,
      storedByRetry: 0,
    };

    const newBatch = (round: number): Batch | null => {
      if (batches.length >= MAX_BATCHES) return null;
      const i = batches.length;
      const minute = T0 - (i + 1) * MINUTE;
      const events = Array.from({ length: EVENTS }, (_, j) => ({
        model: telModel,
        version: "1.0.0",
        ts: new Date(minute + j * 1000).toISOString(),
        latencyMs: 10 + j,
        status: j < ERRORS ? "error" : "ok",
      }));
      const b: Batch = { key: `tel-${i}`, path: "/api/v1/telemetry", body: { events }, acked: false, round, minute };
      batches.push(b);
      return b;
    };
    const newLineage = (round: number): Lineage => {
      const i = lineage.length;
      const runId = randomUUID();
      const job = `job-${i}`;
      const body = {
        eventType: "COMPLETE",
        eventTime: new Date().toISOString(),
        producer: "https://example.com/crash-test",
        schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        run: { runId },
        job: { namespace: ns, name: job },
        inputs: [{ namespace: ns, name: "source" }],
        outputs: [{ namespace: ns, name: `out-${i}` }],
      };
      const l: Lineage = { key: `lin-${i}`, path: "/api/v1/lineage", body, acked: false, round, runId, job };
      lineage.push(l);
      return l;
    };

    try {
      // First start: the telemetry model and its version, registered before any kill.
      server = startServer(port, env);
      cleanups.push(() => server?.kill());
      await waitReady(server);
      // The writer: a contributor (models, versions, lineage, telemetry), on a token of its own.
      const as = await userToken(port, WRITER, ["contributor"]);
      expect((await call(port, "POST", "/api/v1/models", { name: telModel, owner: WRITER, riskTier: "low" }, as)).status).toBe(201);
      expect((await call(port, "POST", `/api/v1/models/${telModel}/versions`, { version: "1.0.0" }, as)).status).toBe(201);

      /** The load of one round: two telemetry writers, one lineage writer, one registering models and their versions. */
      const load = (round: number, until: { stop: boolean }) => {
        // Paced (PACE_MS between requests) and capped per writer, so the kill lands mid-load and a round's checks stay short.
        const telemetry = async () => {
          for (let n = 0; n < PER_ROUND && !until.stop; n++, await sleep(PACE_MS)) {
            const b = newBatch(round);
            if (!b) return;
            const r = await send(port, b, as);
            if (r === "cut") return;
            if (r === "failed") await sleep(50);
          }
        };
        const lineageWriter = async () => {
          for (let n = 0; n < PER_ROUND && !until.stop; n++, await sleep(PACE_MS)) {
            const r = await send(port, newLineage(round), as);
            if (r === "cut") return;
            if (r === "failed") await sleep(50);
          }
        };
        const registrar = async () => {
          for (let n = 0; n < PER_ROUND / 2 && !until.stop; n++, await sleep(PACE_MS)) {
            const model = `crash-${store}-m${registrations.length}`;
            const m: Registration = {
              key: `reg-${model}`,
              path: "/api/v1/models",
              body: { name: model, owner: WRITER, riskTier: "medium" },
              acked: false,
              round,
              model,
              kind: "model",
            };
            registrations.push(m);
            const r = await send(port, m, as);
            if (r === "cut") return;
            if (r !== "acked") {
              await sleep(50);
              continue;
            }
            const v: Registration = {
              key: `ver-${model}`,
              path: `/api/v1/models/${model}/versions`,
              body: { version: "1.0.0", description: "registered under load" },
              acked: false,
              round,
              model,
              kind: "version",
            };
            registrations.push(v);
            if ((await send(port, v, as)) === "cut") return;
          }
        };
        return Promise.all([telemetry(), telemetry(), lineageWriter(), registrar()]);
      };

      /** After a restart: what the last round left, read through the API, then each of its requests sent again. */
      const check = async (round: number) => {
        const verify = await call(port, "GET", "/api/v1/audit/verify");
        expect(verify.status, verify.text).toBe(200);
        expect(verify.json().ok, verify.text).toBe(true);
        const counts = await telemetryCounts(port, telModel, T0, batches.length);
        for (const b of batches) {
          const n = counts.get(b.minute) ?? { count: 0, errors: 0 };
          // Whole or absent: never part of a batch. An acknowledged batch is whole.
          expect([0, EVENTS], `batch ${b.key}: ${n.count} of its ${EVENTS} events stored`).toContain(n.count);
          expect(n.errors).toBe(n.count ? ERRORS : 0);
          if (b.acked) expect(n.count, `acknowledged batch ${b.key}`).toBe(EVENTS);
          if (b.round === round && b.outcome === undefined) {
            if (b.acked) figures.ackedFound++;
            else if (n.count) figures.unackedFoundWhole++;
            else figures.unackedAbsent++;
          }
        }
        expect(counts.size, "no events outside the batches sent").toBeLessThanOrEqual(batches.length);
        for (const m of registrations.filter((x) => x.round === round && x.acked)) {
          const r = await call(port, "GET", m.kind === "model" ? `/api/v1/models/${m.model}` : `/api/v1/models/${m.model}/versions/1.0.0`);
          expect(r.status, `acknowledged ${m.kind} ${m.model}`).toBe(200);
          figures.ackedFound++;
        }
        for (const l of lineage.filter((x) => x.round === round && x.acked)) {
          const r = await call(port, "GET", `/api/v1/lineage/graph?type=job&namespace=${ns}&name=${l.job}&direction=downstream&depth=1`);
          expect(r.status, `acknowledged lineage event ${l.key}`).toBe(200);
          expect(r.json().edges.map((e: { runId: string }) => e.runId)).toContain(l.runId);
          figures.ackedFound++;
        }
        // The same requests again, same keys: an acknowledged one is replayed (nothing stored), one never acknowledged
        // is stored now or replayed if it had committed; whole counts are checked after the next restart and at the end.
        const again = [...batches, ...lineage, ...registrations].filter((x) => x.round === round && x.outcome === undefined);
        for (const x of again) {
          const r: Reply = await call(port, "POST", x.path, x.body, { ...as, "idempotency-key": x.key });
          expect(r.status, `${x.key} again: ${r.text}`).toBeGreaterThanOrEqual(200);
          expect(r.status).toBeLessThan(300);
          const replayed = r.headers["idempotent-replayed"] === "true";
          if (x.acked) expect(replayed, `${x.key} was acknowledged: its retry must be a replay`).toBe(true);
          x.outcome = replayed ? "replayed" : "stored by the retry";
          if (replayed) figures.replayed++;
          else figures.storedByRetry++;
          x.acked = true;
        }
      };

      // On PostgreSQL one round stops the database instead of the server: one more round keeps KILLS server kills.
      const rounds = store === "postgres" ? KILLS + 1 : KILLS;
      for (let round = 0; round < rounds; round++) {
        const until = { stop: false };
        const running = load(round, until);
        const pgRound = store === "postgres" && round === Math.floor(rounds / 2);
        await sleep(200 + Math.floor(Math.random() * 1300));
        if (pgRound && cluster) {
          // The database, not the server, dies mid-load: every backend ends at once, nothing is checkpointed.
          cluster.crash();
          figures.pgCrashes++;
          await sleep(300);
          cluster.start();
          until.stop = true;
          await running;
          await waitReady(server, "/api/ready");
        } else {
          // The server dies mid-load, and a new one starts on the same store as soon as the old process is gone (as a
          // supervisor restarts it); the lock of a killed owner that is not even reaped yet is db/lock.test.ts's case.
          await server.kill();
          const spawned = Date.now();
          server = startServer(port, env);
          figures.kills++;
          until.stop = true;
          await running;
          await waitReady(server);
          figures.restartMs.push(Date.now() - spawned);
        }
        await check(round);
        if (process.env.STEWARD_CRASH_VERBOSE)
          console.log(
            `${store} round ${round}: ${pgRound ? "database stopped" : "server killed"}; ${batches.length} batches so far; ${Math.round((Date.now() - t0) / 1000)} s`,
          );
      }

      // Every batch is now in the store once, whatever happened to its first attempt; the compactor has time to empty
      // the pending rows, and then every tier equals the recount (read through the API, from the rollups alone).
      await waitFor(async () => (await pendingBatches(port)) === 0, 60_000, "the compactor to fold every pending batch");
      const minutes = await telemetryCounts(port, telModel, T0, batches.length);
      expect(minutes.size).toBe(batches.length);
      for (const b of batches) expect(minutes.get(b.minute)).toEqual({ count: EVENTS, errors: ERRORS });
      const hours = await telemetryCounts(port, telModel, T0, batches.length, "1h");
      const recount = new Map<number, number>();
      for (const b of batches) {
        const h = Math.floor(b.minute / 3600_000) * 3600_000;
        recount.set(h, (recount.get(h) ?? 0) + EVENTS);
      }
      expect(new Map([...hours].map(([h, n]) => [h, n.count]))).toEqual(recount);
      const verify = (await call(port, "GET", "/api/v1/audit/verify")).json();
      expect(verify.ok).toBe(true);
      await server.stop();

      // The store itself, read directly once the server is stopped: one row and one audit entry per write.
      const q = await openStore(store, env, dataDir);
      try {
        expect(await q("select count(*)::int as n from telemetry_pending")).toEqual([{ n: 0 }]);
        const tiers = await q(
          `select tier, sum(r.count)::int as n, count(*)::int as rows from telemetry_rollups r join model_versions v on v.id = r.version_id
           join models m on m.id = v.model_id where m.name = '${telModel}' group by tier order by tier`,
        );
        const total = batches.length * EVENTS;
        expect(tiers).toEqual([
          { tier: "day", n: total, rows: new Set(batches.map((b) => Math.floor(b.minute / 86_400_000))).size },
          { tier: "hour", n: total, rows: recount.size },
          { tier: "minute", n: total, rows: batches.length },
        ]);
        const audit = await q(
          `select action, count(*)::int as n, count(distinct entity_id)::int as entities from audit_log
           where action in ('telemetry.ingested', 'lineage.ingested', 'model.created', 'version.created') group by action order by action`,
        );
        const models = registrations.filter((r) => r.kind === "model").length;
        const versions = registrations.filter((r) => r.kind === "version").length;
        expect(audit).toEqual([
          { action: "lineage.ingested", n: lineage.length, entities: expect.any(Number) },
          { action: "model.created", n: models + 1, entities: models + 1 },
          { action: "telemetry.ingested", n: batches.length, entities: 1 },
          { action: "version.created", n: versions + 1, entities: versions + 1 },
        ]);
        const runs = await q(`select count(*)::int as n from lineage_runs where job_id like 'job:${ns}:%'`);
        expect(runs).toEqual([{ n: lineage.length }]);
        const settings = await q("select current_setting('synchronous_commit') as sc, current_setting('fsync') as fsync");
        console.log(`${store}: synchronous_commit=${settings[0].sc}, fsync=${settings[0].fsync} in the store as opened`);
      } finally {
        await q.close();
      }

      const seconds = Math.round((Date.now() - t0) / 1000);
      const acked = [...batches, ...lineage, ...registrations];
      const summary =
        `${store}: ${figures.kills} SIGKILLs survived${figures.pgCrashes ? `, ${figures.pgCrashes} PostgreSQL immediate stop` : ""}; ` +
        `requests ${acked.length} (${batches.length} telemetry batches of ${EVENTS} events, ${lineage.length} lineage events, ${registrations.length} registrations); ` +
        `acknowledged before the crash and found: ${figures.ackedFound}; not acknowledged: ${figures.unackedFoundWhole} found whole, ${figures.unackedAbsent} absent; ` +
        `retries: ${figures.replayed} replayed, ${figures.storedByRetry} stored once; restart to healthy ${Math.min(...figures.restartMs)}–${Math.max(...figures.restartMs)} ms; ${seconds} s`;
      console.log(summary);
      test.info().annotations.push({ type: "figures", description: summary });
    } finally {
      await server?.kill();
      cluster?.destroy();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

/** Per minute (or hour) start: the count and errors of the telemetry model's version over the batches' window. */
async function telemetryCounts(port: number, model: string, t0: number, n: number, step: "1m" | "1h" = "1m") {
  const unit = step === "1m" ? MINUTE : 3600_000;
  const from = Math.floor((t0 - (n + 1) * MINUTE) / unit) * unit;
  const to = Math.ceil(t0 / unit) * unit;
  const q = `version=1.0.0&step=${step}&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
  const r = await call(port, "GET", `/api/v1/models/${model}/telemetry?${q}`);
  expect(r.status, r.text).toBe(200);
  const out = new Map<number, { count: number; errors: number }>();
  for (const p of r.json().series as { t: string; count: number; errors: number }[])
    out.set(Date.parse(p.t), { count: p.count, errors: p.errors });
  return out;
}

/** The compactor's backlog, as /api/v1/metrics reports it. */
async function pendingBatches(port: number): Promise<number> {
  const r = await call(port, "GET", "/api/v1/metrics");
  const line = r.text.split("\n").find((l) => l.startsWith("steward_telemetry_pending_batches "));
  return line ? Number(line.split(" ")[1]) : Number.NaN;
}

async function waitFor(ok: () => Promise<boolean>, ms: number, what: string) {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

type Query = ((sql: string) => Promise<Record<string, unknown>[]>) & { close: () => Promise<void> };

/** The store, opened by this test (the server stopped): PostgreSQL through pg, PGlite on its data directory. */
async function openStore(store: Store, env: Record<string, string>, dataDir?: string): Promise<Query> {
  if (store === "postgres") {
    const { Client } = await import("pg");
    const c = new Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    return Object.assign(async (s: string) => (await c.query(s)).rows, { close: () => c.end() });
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(path.join(dataDir as string, "pg"));
  await db.waitReady;
  return Object.assign(async (s: string) => (await db.query<Record<string, unknown>>(s)).rows, { close: () => db.close() });
}
