// The backup drill (issue 17, item 3): a store with models, versions, audit entries and a published checkpoint is backed
// up, restored into an empty store, and held to what it was: every table's rows, the audit chain, and a signed
// checkpoint taken before the backup. On the embedded store (PGlite in a data directory) and, when DATABASE_URL is set,
// on that PostgreSQL server (new databases, dropped afterwards), as tests/store.ts does.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, rows, transact } from "@/db/client";
import { appendAudit } from "@/lib/audit/append";
import { checkCheckpoint, verifierFrom } from "@/lib/audit/offline";
import { publishNow } from "@/lib/audit/publish";
import { streamAudit, verifyAudit } from "@/lib/audit/read";
import { checkpointVerifierKey, signedCheckpoint } from "@/lib/audit/transparency";
import { SYSTEM } from "@/lib/auth/actor";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { person } from "@/tests/actors";
import { BackupError, backup, restore } from "./backup";

const chen = person("Chen", ["contributor"], 1);
const carla = person("Carla", ["compliance"], 3);
const serverUrl = process.env.DATABASE_URL;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "steward-backup-drill-"));
const created: string[] = [];

/** A new, empty store for the process to open: a database on the test server, or a data directory. */
async function emptyStore(label: string): Promise<Record<string, string | undefined>> {
  if (serverUrl) {
    const { Client } = await import("pg");
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    const name = `steward_test_${label}_${randomBytes(4).toString("hex")}`;
    await admin.query(`create database ${name}`);
    await admin.end();
    created.push(name);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    return { DATABASE_URL: u.toString() };
  }
  return { DATABASE_URL: undefined, DATA_DIR: path.join(tmp, label) };
}

async function use(env: Record<string, string | undefined>) {
  await closeDb();
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return getDb();
}

/** Every table of the public schema and drizzle's journal with its row count, read with plain SQL. */
async function counts(): Promise<Map<string, number>> {
  const tables = await rows<{ s: string; t: string }>(
    sql`select table_schema as s, table_name as t from information_schema.tables where table_type = 'BASE TABLE' and table_schema in ('public', 'drizzle')`,
  );
  const out = new Map<string, number>();
  for (const { s, t } of tables) {
    const [r] = await rows<{ n: string | number }>(sql.raw(`select count(*) as n from "${s}"."${t}"`));
    out.set(`${s}.${t}`, Number(r.n));
  }
  return out;
}

describe(`backup and restore drill (${serverUrl ? "PostgreSQL" : "PGlite"})`, () => {
  const env = { ...process.env };
  let source: Record<string, string | undefined>;
  let before: Map<string, number>;
  let checkpointNote: string;
  let verifierKey: string;
  const file = path.join(tmp, serverUrl ? "steward.dump" : "steward.tar.gz");

  beforeAll(async () => {
    process.env.AUDIT_SIGNING_KEY = randomBytes(32).toString("base64");
    process.env.AUDIT_LOG_ORIGIN = "steward.test/backup";
    source = await emptyStore("source");
    await use(source);
    for (const name of ["fraud", "churn", "credit"]) {
      await createModel(chen, { name, owner: chen.email, riskTier: "high" });
      for (const version of ["1.0", "1.1"]) await createVersion(chen, name, { version });
    }
    for (let i = 0; i < 5; i++) await transact((tx) => appendAudit(tx, SYSTEM, "test.drill", { type: "test", id: String(i) }, null, { i }));
    // A checkpoint published (as the scheduler does) and one downloaded by an auditor, both before the backup.
    await publishNow(carla);
    checkpointNote = await signedCheckpoint(carla);
    verifierKey = checkpointVerifierKey(carla);
    // Entries after the checkpoint: the restored trail must extend it, not merely equal it.
    for (let i = 5; i < 8; i++) await transact((tx) => appendAudit(tx, SYSTEM, "test.drill", { type: "test", id: String(i) }, null, { i }));
    before = await counts();
    // PostgreSQL is backed up online, with the portal's pool open; PGlite with the portal stopped.
    if (!serverUrl) await closeDb();
  }, 60_000);

  afterAll(async () => {
    await closeDb();
    process.env = env;
    if (serverUrl) {
      const { Client } = await import("pg");
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("refuses to back up the embedded store while a portal has it open, and says to stop it", async () => {
    if (serverUrl) return;
    // The portal: another live process holding the data directory's lock (db/lock.ts), as `npm start` does.
    const portal = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    const lockFile = path.join(source.DATA_DIR as string, "steward.lock");
    fs.writeFileSync(
      lockFile,
      JSON.stringify({ pid: portal.pid, host: os.hostname(), startedAt: new Date().toISOString(), command: "next start" }),
    );
    try {
      const err = await backup(file, { env: source }).catch((e) => e);
      expect(err).toBeInstanceOf(BackupError);
      expect(err.message).toContain(`in use by process ${portal.pid}`);
      expect(err.message).toContain("with the portal stopped");
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      portal.kill("SIGKILL");
      fs.rmSync(lockFile, { force: true });
    }
  });

  it("backs up the store: the manifest holds every table's rows and the audit head", async () => {
    const m = await backup(file, { env: source });
    expect(m.driver).toBe(serverUrl ? "postgres" : "pglite");
    expect(m.bytes).toBe(fs.statSync(file).size);
    expect(new Map(Object.entries(m.tables))).toEqual(before);
    // 3 models and 6 versions created, 8 test entries, 1 checkpoint publication: at least those in the trail.
    expect(before.get("public.models")).toBe(3);
    expect(before.get("public.model_versions")).toBe(6);
    expect(m.auditEntries).toBe(before.get("public.audit_log"));
    expect(m.auditEntries).toBeGreaterThanOrEqual(3 + 6 + 8);
    expect(m.auditHead?.seq).toBe(m.auditEntries);
  });

  it("restores into an empty store: every table's rows, the chain, and the checkpoint taken before the backup", async () => {
    const target = await emptyStore("restored");
    const r = await restore(file, { env: target });
    expect(r.checkedAgainstManifest).toBe(true);
    await use(target);
    expect(await counts()).toEqual(before);
    const v = await verifyAudit(SYSTEM);
    expect(v).toMatchObject({ ok: true, entries: before.get("public.audit_log") });
    // The checkpoint publishNow stored before the backup is held against the restored entries' Merkle root.
    expect(v.ok && v.published?.checked).toBe(1);
    // The auditor's checkpoint: the restored trail's first N entries give the root it signed.
    const key = verifierFrom(verifierKey);
    if ("error" in key) throw new Error(key.error);
    const cp = checkCheckpoint(checkpointNote, key);
    if (!cp.ok) throw new Error(cp.reason);
    const lines: string[] = [];
    for await (const e of streamAudit(SYSTEM, {})) lines.push(JSON.stringify(e));
    const { verifyExportAgainst } = await import("@/lib/audit/offline");
    const held = await verifyExportAgainst(lines, cp.cp);
    expect(held).toMatchObject({ ok: true, entries: before.get("public.audit_log"), size: cp.cp.size });
    expect(cp.cp.size).toBe((before.get("public.audit_log") ?? 0) - 3);
    await closeDb();
  });

  it("refuses a target that is not empty, naming --force", async () => {
    const err = await restore(file, { env: source }).catch((e) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect(err.message).toMatch(/not empty|already holds a store/);
    expect(err.message).toContain("--force");
  });

  it("refuses a file that is not a Steward backup, and one that no longer matches its manifest", async () => {
    const target = await emptyStore("refused");
    const notes = path.join(tmp, "notes.txt");
    fs.writeFileSync(notes, "not a backup\n".repeat(100));
    const err = await restore(notes, { env: target }).catch((e) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect(err.message).toContain("not a");
    if (!serverUrl) {
      // A tar, but of some other folder.
      fs.mkdirSync(path.join(tmp, "folder"));
      fs.writeFileSync(path.join(tmp, "folder", "readme.txt"), "hello\n");
      const tar = path.join(tmp, "folder.tar");
      expect(spawnSync("tar", ["-cf", tar, "-C", tmp, "folder"]).status).toBe(0);
      const err3 = await restore(tar, { env: target }).catch((e) => e);
      expect(err3.message).toContain("not of a PostgreSQL data directory");
      expect(fs.existsSync(path.join(target.DATA_DIR as string, "pg"))).toBe(false);
    }
    const damaged = path.join(tmp, `damaged${path.extname(file)}`);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 100] ^= 0xff;
    fs.writeFileSync(damaged, bytes);
    fs.copyFileSync(`${file}.manifest.json`, `${damaged}.manifest.json`);
    const err2 = await restore(damaged, { env: target }).catch((e) => e);
    expect(err2).toBeInstanceOf(BackupError);
    expect(err2.message).toContain("does not match its manifest");
  });

  it("says so when the restored rows are not the ones the manifest counted", async () => {
    // The manifest of a backup taken when one more model existed than the file holds: as if rows were lost on the way.
    const lost = path.join(tmp, `lost${path.extname(file)}`);
    fs.copyFileSync(file, lost);
    const manifest = JSON.parse(fs.readFileSync(`${file}.manifest.json`, "utf8"));
    manifest.tables["public.models"] = 4;
    fs.writeFileSync(`${lost}.manifest.json`, JSON.stringify(manifest));
    const err = await restore(lost, { env: await emptyStore("lost") }).catch((e) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect(err.message).toContain("public.models: 4 in the backup, 3 restored");
  });
});
