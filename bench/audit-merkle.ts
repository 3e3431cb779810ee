// The audit log's Merkle tree (issue 19): what it costs to append, and how fast proofs answer on a large trail.
//   1. Append throughput, one entry a transaction as every mutation does: appendAudit as it is (chain + tree) against
//      the append as it was before the tree (the same lock, head read and insert, no tree), in alternating rounds of
//      BENCH_ROUND (default 250) for BENCH_APPENDS (default 2,000) each. Goal: the tree costs at most 10%.
//   2. Proof latency on a tree of BENCH_LEAVES (default 1,000,000) leaves: the tree's rows are written directly (random
//      leaf hashes; the proofs read only audit_tree), then BENCH_PROOFS (default 200) inclusion proofs at random leaves,
//      as many consistency proofs from random sizes, and signed checkpoints, each through the lib functions the routes
//      call. Goal: under 50 ms.
//   Run: npm run bench -- audit-merkle            (PGlite in a temporary folder)
//        DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npm run bench -- audit-merkle   (a new database there)
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { desc, sql } from "drizzle-orm";
import { closeDb, driverName, getDb, type Tx, transact } from "../db/client";
import { auditLog, auditTree } from "../db/schema";
import { appendAudit } from "../lib/audit/append";
import { type AuditEntry, entryHash, GENESIS_HASH } from "../lib/audit/chain";
import { AUDIT_LOCK } from "../lib/audit/lock";
import { Frontier, verifyConsistency, verifyInclusion } from "../lib/audit/merkle";
import { consistencyProof, inclusionProof, signedCheckpoint, treeHead } from "../lib/audit/transparency";
import { SYSTEM } from "../lib/auth/actor";

const APPENDS = Number(process.env.BENCH_APPENDS ?? 2000);
const ROUND = Number(process.env.BENCH_ROUND ?? 250);
const LEAVES = Number(process.env.BENCH_LEAVES ?? 1_000_000);
const PROOFS = Number(process.env.BENCH_PROOFS ?? 200);
const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

async function freshStore(): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-bench-merkle-"));
    process.env.DATA_DIR = dir;
    return async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const u = new URL(url);
  if (!["localhost", "127.0.0.1", "::1"].includes(u.hostname)) throw new Error("the benchmark only creates databases on a local server");
  const { Client } = await import("pg");
  const name = `steward_bench_merkle_${randomBytes(4).toString("hex")}`;
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

/** appendAudit as it was before the tree: lock, head, insert. */
async function appendWithoutTree(tx: Tx, i: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [head] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const draft: Omit<AuditEntry, "hash"> = {
    seq: (head?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actor: { type: "system", id: "0", email: "system" },
    action: "bench.appended",
    entity: { type: "bench", id: String(i) },
    before: null,
    after: { i },
    requestId: null,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const e = { ...draft, hash: entryHash(draft) };
  await tx.insert(auditLog).values({
    seq: e.seq,
    at: new Date(e.at),
    actorType: e.actor.type,
    actorId: e.actor.id,
    actorEmail: e.actor.email,
    action: e.action,
    entityType: e.entity.type,
    entityId: e.entity.id,
    before: e.before,
    after: e.after,
    requestId: e.requestId,
    prevHash: e.prevHash,
    hash: e.hash,
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main() {
  const cleanup = await freshStore();
  process.env.AUDIT_SIGNING_KEY = randomBytes(32).toString("base64");
  process.env.AUDIT_LOG_ORIGIN = "bench.example/steward-audit";
  try {
    await getDb();
    console.log(`store: ${driverName()}`);
    // ---- 1. append throughput ----
    // Warm up both paths (and put the trail past its first entries).
    for (let i = 0; i < 50; i++)
      await transact((tx) => appendAudit(tx, SYSTEM, "bench.appended", { type: "bench", id: String(i) }, null, { i }));
    for (let i = 0; i < 50; i++) await transact((tx) => appendWithoutTree(tx, i));
    // appendWithoutTree leaves the tree behind; appendAudit catches it up on its next call. Keep the comparison fair:
    // each "with" round starts with the tree current (one catch-up append, not timed).
    let withMs = 0;
    let withoutMs = 0;
    let n = 0;
    while (n < APPENDS) {
      await transact((tx) => appendAudit(tx, SYSTEM, "bench.catchup", { type: "bench", id: "c" }, null, null));
      let t = performance.now();
      for (let i = 0; i < ROUND; i++)
        await transact((tx) => appendAudit(tx, SYSTEM, "bench.appended", { type: "bench", id: String(i) }, null, { i }));
      withMs += performance.now() - t;
      t = performance.now();
      for (let i = 0; i < ROUND; i++) await transact((tx) => appendWithoutTree(tx, i));
      withoutMs += performance.now() - t;
      n += ROUND;
    }
    const withRate = (n / withMs) * 1000;
    const withoutRate = (n / withoutMs) * 1000;
    console.log(
      `append, one entry a transaction, ${n} each in rounds of ${ROUND}: with the tree ${r1(withRate)}/s, without ${r1(withoutRate)}/s; ratio ${r3(withRate / withoutRate)} (goal ≥ 0.9)`,
    );

    // ---- 2. proofs on a large tree ----
    const db = await getDb();
    await db.execute(sql`alter table audit_tree disable trigger user`);
    await db.execute(sql`delete from audit_tree`);
    await db.execute(sql`alter table audit_tree enable trigger user`);
    const f = new Frontier();
    let t = performance.now();
    let batch: { level: number; idx: number; hash: Buffer }[] = [];
    const leaves = randomBytes(32 * LEAVES);
    for (let i = 0; i < LEAVES; i++) {
      for (const m of f.push(leaves.subarray(32 * i, 32 * i + 32))) batch.push({ level: m.level, idx: m.index, hash: m.hash });
      if (batch.length >= 5000) {
        await db.insert(auditTree).values(batch);
        batch = [];
      }
    }
    if (batch.length) await db.insert(auditTree).values(batch);
    console.log(`wrote a tree of ${LEAVES} leaves (2 rows a leaf, less one) in ${r1((performance.now() - t) / 1000)} s`);
    if (driverName() === "postgres") await db.execute(sql`analyze audit_tree`);
    const head = await treeHead();
    if (head.size !== LEAVES || !head.root.equals(f.root())) throw new Error("the stored tree's root is not the one computed");
    const inc: number[] = [];
    const con: number[] = [];
    const cps: number[] = [];
    for (let k = 0; k < PROOFS; k++) {
      const seq = 1 + Math.floor(Math.random() * LEAVES);
      t = performance.now();
      const p = await inclusionProof(SYSTEM, String(seq), LEAVES);
      inc.push(performance.now() - t);
      const ok = verifyInclusion(
        seq - 1,
        LEAVES,
        leaves.subarray(32 * (seq - 1), 32 * seq),
        p.hashes.map((h) => Buffer.from(h, "base64")),
        head.root,
      );
      if (ok) throw new Error(`inclusion proof of ${seq}: ${ok}`);
      const from = 1 + Math.floor(Math.random() * (LEAVES - 1));
      t = performance.now();
      const c = await consistencyProof(SYSTEM, from, LEAVES);
      con.push(performance.now() - t);
      if (k < 5) {
        const f2 = new Frontier();
        for (let i = 0; i < from; i++) f2.push(leaves.subarray(32 * i, 32 * i + 32));
        const why = verifyConsistency(
          from,
          LEAVES,
          c.hashes.map((h) => Buffer.from(h, "base64")),
          f2.root(),
          head.root,
        );
        if (why) throw new Error(`consistency ${from}: ${why}`);
      }
      if (k < 50) {
        t = performance.now();
        await signedCheckpoint(SYSTEM);
        cps.push(performance.now() - t);
      }
    }
    const show = (xs: number[]) => `p50 ${r1(pct(xs, 50))} ms, p95 ${r1(pct(xs, 95))} ms, max ${r1(Math.max(...xs))} ms`;
    console.log(
      `on ${LEAVES} leaves: inclusion proof (${PROOFS}) ${show(inc)}; consistency proof (${PROOFS}) ${show(con)}; signed checkpoint (${cps.length}) ${show(cps)} (goal < 50 ms)`,
    );
  } finally {
    await closeDb();
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
