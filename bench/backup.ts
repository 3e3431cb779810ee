// Backup and restore times and sizes (issue 17, item 3): a store is made, backed up with lib/ops/backup.ts as
// `npm run portal -- backup` does, restored into an empty store, and the two held to each other by the manifest.
//   BENCH_STORE=demo (default): the demo portfolio (lib/demo/seed.ts, as `npm run demo` seeds it).
//   BENCH_STORE=audit: an audit trail of BENCH_AUDIT_ENTRIES (default 1,000,000) chained entries and their Merkle tree,
//     written directly in batches (the chain and the tree computed by bench/lib/audit-trail.ts, as appendAudit would).
//   Run: npm run bench -- backup                         (PGlite in a temporary folder)
//        BENCH_STORE=audit npm run bench -- backup
//        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- backup   (new databases there)
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDb, driverName, getDb } from "../db/client";
import { auditLog, auditTree } from "../db/schema";
import { DEMO_USERS, seedPortfolio, seedUsers } from "../lib/demo/seed";
import { backup, restore } from "../lib/ops/backup";
import { auditTrail } from "./lib/audit-trail";

const STORE = process.env.BENCH_STORE ?? "demo";
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "steward-bench-backup-"));
const serverUrl = process.env.DATABASE_URL;
const made: string[] = [];
const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;

async function emptyStore(label: string): Promise<Record<string, string | undefined>> {
  if (!serverUrl) return { DATA_DIR: path.join(tmp, label) };
  const u = new URL(serverUrl);
  if (!["localhost", "127.0.0.1", "::1"].includes(u.hostname)) throw new Error("the benchmark only creates databases on a local server");
  const { Client } = await import("pg");
  const name = `steward_bench_backup_${label}_${randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  made.push(name);
  u.pathname = `/${name}`;
  return { DATABASE_URL: u.toString() };
}

async function writeTrail(n: number) {
  const db = await getDb();
  let logRows: (typeof auditLog.$inferInsert)[] = [];
  let treeRows: (typeof auditTree.$inferInsert)[] = [];
  const flush = async () => {
    if (logRows.length) await db.insert(auditLog).values(logRows);
    if (treeRows.length) await db.insert(auditTree).values(treeRows);
    logRows = [];
    treeRows = [];
  };
  for (const { entry: e, tree } of auditTrail(n, { startMs: Date.now() - n * 1000, stepMs: 1000 })) {
    const seq = e.seq;
    logRows.push({
      seq,
      at: new Date(e.at),
      actorType: e.actor.type,
      actorId: e.actor.id,
      actorEmail: e.actor.email,
      action: e.action,
      entityType: e.entity.type,
      entityId: e.entity.id,
      before: e.before,
      after: e.after,
      requestId: null,
      prevHash: e.prevHash,
      hash: e.hash,
    });
    for (const m of tree) treeRows.push({ level: m.level, idx: m.index, hash: m.hash });
    if (logRows.length >= 2000) await flush();
    if (seq % 100_000 === 0) console.log(`  ${seq} entries written`);
  }
  await flush();
  if (driverName() === "postgres") await db.execute(sql`analyze`);
}

async function main() {
  const source = await emptyStore("source");
  Object.assign(process.env, source);
  process.env.AUDIT_SIGNING_KEY ??= randomBytes(32).toString("base64");
  try {
    let t = performance.now();
    await getDb();
    if (STORE === "demo") {
      await seedUsers(() => randomBytes(9).toString("base64url"), DEMO_USERS);
      await seedPortfolio();
    } else await writeTrail(ENTRIES);
    console.log(
      `store: ${driverName()}, ${STORE === "demo" ? "the demo portfolio" : `${ENTRIES} audit entries`}, made in ${s1(performance.now() - t)}`,
    );
    await closeDb();
    const file = path.join(tmp, serverUrl ? "steward.dump" : "steward.tar.gz");
    t = performance.now();
    const m = await backup(file, { env: { ...process.env, ...source } });
    const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
    console.log(
      `backup: ${s1(m.ms)}, ${mb(m.bytes)}; ${Object.keys(m.tables).length} tables, ${rows} rows, ${m.auditEntries} audit entries, head ${m.auditHead?.seq}`,
    );
    const target = await emptyStore("restored");
    const r = await restore(file, { env: { ...process.env, ...target, DATABASE_URL: target.DATABASE_URL } });
    console.log(`restore: ${s1(r.ms)}; every table's rows and the audit head match the manifest: ${r.checkedAgainstManifest}`);
  } finally {
    await closeDb();
    if (serverUrl) {
      const { Client } = await import("pg");
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      for (const name of made) await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
