// Exports an audit trail of BENCH_ENTRIES entries (default 1,000,000) through the real server, as NDJSON and as CSV,
// and samples the server's resident memory (VmRSS) every BENCH_SAMPLE_MS (default 250) while it streams.
// Everything happens in this run: a fresh store (a new database on the DATABASE_URL server, dropped afterwards, or a
// new PGlite folder), a real chain hashed by lib/audit/chain.ts and written with multi-row INSERTs, a baseline read
// of the same rows by a bare cursor (and, on Postgres, `COPY ... TO STDOUT` through psql), then `next start` on the
// built app, the two exports, and the figures.
//
//   Build:  NEXT_DIST_DIR=.next-audit npx next build   (then `git checkout tsconfig.json`)
//   Run:    DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres NEXT_DIST_DIR=.next-audit npm run bench -- audit-export
//           (without DATABASE_URL: PGlite)
//
// BENCH_PORT (default 3377). BENCH_VERIFY=1 also verifies the NDJSON export's chain, and its signed checkpoint, as it
// arrives (costs client CPU on the same machine, so off for the timings).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { desc, sql } from "drizzle-orm";
import { closeDb, driverName, getDb } from "../db/client";
import { auditLog } from "../db/schema";
import { type AuditEntry, entryHash, GENESIS_HASH } from "../lib/audit/chain";
import { type Checkpoint, verifyExport } from "../lib/audit/checkpoint";
import { bootstrap } from "../lib/auth/bootstrap";
import { listeningPid } from "./lib/proc";

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 250);
const PORT = Number(process.env.BENCH_PORT ?? 3377);
const DIST = process.env.NEXT_DIST_DIR ?? ".next";
const VERIFY = process.env.BENCH_VERIFY === "1";
const TOKEN = `stw_bench_${randomBytes(16).toString("hex")}`;
const KEY = `bench-only-${randomBytes(16).toString("hex")}`;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** A fresh store: a new database on the (local) server, or a new PGlite folder. Returns how to remove it. */
async function freshStore(): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-bench-audit-"));
    process.env.DATA_DIR = dir;
    return async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const u = new URL(url);
  if (!["localhost", "127.0.0.1", "::1"].includes(u.hostname)) throw new Error("the benchmark only creates databases on a local server");
  const { Client } = await import("pg");
  const name = `steward_bench_audit_${randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  return async () => {
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}

const ACTIONS = [
  "model.created",
  "version.created",
  "card.updated",
  "evaluation.added",
  "release.requested",
  "release.approved",
  "version.promoted",
];

/**
 * Appends n entries after the current head: hashed in bulk by chain.ts, written 2,000 rows a multi-row INSERT (one
 * JSON parameter expanded by json_populate_recordset, the same on both drivers), hashing overlapping the writes.
 */
async function fill(n: number): Promise<number> {
  const db = await getDb();
  const [head] = await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const t0 = Date.UTC(2026, 0, 1);
  const inFlight: Promise<unknown>[] = [];
  const started = performance.now();
  for (let done = 0; done < n; ) {
    const rows: Record<string, unknown>[] = [];
    for (const end = Math.min(n, done + 2000); done < end; done++) {
      seq++;
      const model = `model-${seq % 997}`;
      const draft = {
        seq,
        at: new Date(t0 + seq * 1000).toISOString(),
        actor: { type: "user" as const, id: String(seq % 50), email: `user${seq % 50}@example.com` },
        action: ACTIONS[seq % ACTIONS.length],
        entity: { type: "version", id: `${model}/1.${seq % 20}.0` },
        before: seq % 3 ? null : { stage: "staging", description: 'Scores "risk", per applicant' },
        after: {
          model,
          version: `1.${seq % 20}.0`,
          stage: "production",
          metrics: { auc: (seq % 1000) / 1000, n: seq },
          note: "=not a formula",
        },
        requestId: `req-${seq.toString(36)}`,
        prevHash,
      };
      const hash = entryHash(draft);
      prevHash = hash;
      const { actor, entity, requestId, ...rest } = draft;
      rows.push({
        ...rest,
        actor_type: actor.type,
        actor_id: actor.id,
        actor_email: actor.email,
        entity_type: entity.type,
        entity_id: entity.id,
        request_id: requestId,
        prev_hash: rest.prevHash,
        hash,
      });
    }
    // Two statements in flight (seq is explicit, so their order does not matter); PGlite runs them one by one.
    if (inFlight.length >= 2) await inFlight.shift();
    inFlight.push(
      db.execute(sql`insert into audit_log select * from json_populate_recordset(null::audit_log, ${JSON.stringify(rows)}::json)`),
    );
  }
  await Promise.all(inFlight);
  return (performance.now() - started) / 1000;
}

type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** The baseline: the same rows, in seq order, by a bare server-side cursor, made into the same NDJSON lines. */
async function cursorBaseline(): Promise<{ rows: number; bytes: number; seconds: number }> {
  const t = performance.now();
  let rows = 0;
  let bytes = 0;
  const run = async (q: Query) => {
    await q("declare audit_bench no scroll cursor for select * from audit_log order by seq");
    for (;;) {
      const page = await q("fetch 5000 from audit_bench");
      for (const r of page) {
        const e: AuditEntry = {
          seq: Number(r.seq),
          at: (r.at as Date).toISOString(),
          actor: { type: r.actor_type as AuditEntry["actor"]["type"], id: r.actor_id as string, email: r.actor_email as string | null },
          action: r.action as string,
          entity: { type: r.entity_type as string, id: r.entity_id as string },
          before: r.before ?? null,
          after: r.after ?? null,
          requestId: r.request_id as string | null,
          prevHash: r.prev_hash as string,
          hash: r.hash as string,
        };
        bytes += Buffer.byteLength(`${JSON.stringify(e)}\n`);
        rows++;
      }
      if (page.length < 5000) break;
    }
  };
  if (driverName() === "postgres") {
    const { Client } = await import("pg");
    const c = new Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query("begin");
    await run(async (text) => (await c.query(text)).rows);
    await c.query("commit");
    await c.end();
  } else {
    type Pg = { transaction<T>(f: (tx: { query(t: string): Promise<{ rows: Record<string, unknown>[] }> }) => Promise<T>): Promise<T> };
    const pg = ((await getDb()) as unknown as { $client: Pg }).$client;
    await pg.transaction((tx) => run(async (text) => (await tx.query(text)).rows));
  }
  return { rows, bytes, seconds: (performance.now() - t) / 1000 };
}

/** Postgres only: `COPY (select * from audit_log order by seq) TO STDOUT` through psql, the database's own floor. */
function copyBaseline(): Promise<{ bytes: number; seconds: number }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn("psql", [process.env.DATABASE_URL ?? "", "-X", "-q", "-c", "\\copy (select * from audit_log order by seq) to stdout"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let bytes = 0;
    p.stdout.on("data", (d: Buffer) => (bytes += d.length));
    p.on("error", reject);
    p.on("close", (code) =>
      code === 0 ? resolve({ bytes, seconds: (performance.now() - t) / 1000 }) : reject(new Error(`psql exited ${code}`)),
    );
  });
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) / 1024;

async function startServer(): Promise<{ child: ChildProcess; pid: number }> {
  const env = {
    ...process.env,
    NEXTAUTH_SECRET: randomBytes(24).toString("hex"),
    NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    AUDIT_CHECKPOINT_KEY: KEY,
  };
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${PORT}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, pid: listeningPid(PORT) ?? (child.pid as number) };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGTERM");
  throw new Error("the server did not answer /api/health within 60 s");
}

/** GET the export, counting bytes and lines (CSV rows hold no line breaks here), sampling the server's RSS. */
async function exportRun(pid: number, format: "ndjson" | "csv", checkpoint?: Checkpoint) {
  const samples: { t: number; mb: number }[] = [];
  const t0 = performance.now();
  const sample = () => samples.push({ t: performance.now() - t0, mb: rssMb(pid) });
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  let bytes = 0;
  let lines = 0;
  let verdict: Promise<unknown> | null = null;
  await new Promise<void>((resolve, reject) => {
    const req = http.get(
      { host: "127.0.0.1", port: PORT, path: `/api/v1/audit?format=${format}`, headers: { authorization: `Bearer ${TOKEN}` } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${format}: ${res.statusCode}`));
        res.on("data", (d: Buffer) => {
          bytes += d.length;
          for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
        });
        if (VERIFY && format === "ndjson") verdict = verifyExport(readline.createInterface({ input: res }), { checkpoint });
        res.on("end", () => resolve());
        res.on("error", reject);
      },
    );
    req.on("error", reject);
  });
  const verified = await verdict;
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  sample();
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const half = (seconds * 1000) / 2;
  const entries = format === "csv" ? lines - 1 : lines;
  return {
    entries,
    megabytes: r1(bytes / 1e6),
    seconds: r1(seconds),
    entriesPerSecond: Math.round(entries / seconds),
    rssStartMb: Math.round(samples[0].mb),
    rssPeakMb: Math.round(Math.max(...samples.map((s) => s.mb))),
    rssSecondHalfOverFirst: r3(
      mean(samples.filter((s) => s.t > half).map((s) => s.mb)) / mean(samples.filter((s) => s.t <= half).map((s) => s.mb)),
    ),
    rssSamples: samples.length,
    ...(verified ? { verified } : {}),
  };
}

async function main() {
  if (!fs.existsSync(path.join(DIST, "BUILD_ID"))) throw new Error(`No build in ${DIST}: run NEXT_DIST_DIR=${DIST} npx next build first.`);
  const cleanup = await freshStore();
  let server: ChildProcess | null = null;
  try {
    await getDb();
    const insertSeconds = await fill(ENTRIES);
    await bootstrap({
      ...process.env,
      PORTAL_ADMIN_EMAIL: "bench@example.com",
      PORTAL_ADMIN_PASSWORD: randomBytes(12).toString("hex"),
      PORTAL_BOOTSTRAP_TOKEN: TOKEN,
    });
    const cursor = await cursorBaseline();
    const copy = driverName() === "postgres" ? await copyBaseline() : null;
    await closeDb();
    const s = await startServer();
    server = s.child;
    const cp = VERIFY
      ? ((await (
          await fetch(`http://127.0.0.1:${PORT}/api/v1/audit/checkpoint`, { headers: { authorization: `Bearer ${TOKEN}` } })
        ).json()) as Checkpoint)
      : undefined;
    const ndjson = await exportRun(s.pid, "ndjson", cp);
    const csv = await exportRun(s.pid, "csv");
    const out = {
      driver: driverName(),
      cores: os.cpus().length,
      entriesInserted: ENTRIES,
      insert: { seconds: r1(insertSeconds), entriesPerSecond: Math.round(ENTRIES / insertSeconds) },
      totalEntries: cursor.rows,
      baselineCursor: {
        megabytes: r1(cursor.bytes / 1e6),
        seconds: r1(cursor.seconds),
        entriesPerSecond: Math.round(cursor.rows / cursor.seconds),
      },
      ...(copy
        ? {
            baselineCopy: {
              megabytes: r1(copy.bytes / 1e6),
              seconds: r1(copy.seconds),
              entriesPerSecond: Math.round(cursor.rows / copy.seconds),
            },
          }
        : {}),
      serverPid: s.pid,
      ndjson: {
        ...ndjson,
        throughputVsCursor: r3(cursor.seconds / ndjson.seconds),
        ...(copy ? { throughputVsCopy: r3(copy.seconds / ndjson.seconds) } : {}),
      },
      csv: {
        ...csv,
        throughputVsCursor: r3(cursor.seconds / csv.seconds),
        ...(copy ? { throughputVsCopy: r3(copy.seconds / csv.seconds) } : {}),
      },
    };
    console.log(JSON.stringify(out, null, 2));
    const bad = [ndjson, csv].filter((r) => r.entries !== cursor.rows);
    if (bad.length) throw new Error(`an export had ${bad.map((r) => r.entries).join(", ")} entries, the table ${cursor.rows}`);
    if (VERIFY && !(ndjson.verified as { ok?: boolean } | undefined)?.ok) throw new Error("the NDJSON export did not verify");
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
    await closeDb();
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
