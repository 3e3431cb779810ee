// Embedded-store (PGlite) backups: PGlite's own dump of its data directory (dumpDataDir, a tarball, gzipped when asked),
// restored by loadDataDir into an empty DATA_DIR. PGlite is one process's: two processes on one data directory lose
// rows (db/lock.ts), so the backup takes the directory's lock like the portal does and is refused, naming the holder,
// while the portal runs. Stop the portal, back up, start it again; for backups without downtime, run on PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { DataDirLockedError, lockDataDir } from "../../db/lock";
import { BackupError } from "./backup-pg";
import { type Query, type StoreStats, storeStats } from "./backup-stats";

type PGliteT = import("@electric-sql/pglite").PGlite;

function storeDir(dataDir: string): string {
  if (dataDir.startsWith("memory://"))
    throw new BackupError("DATA_DIR is memory://: an in-memory store has nothing to back up or restore into.");
  return path.resolve(dataDir);
}

function lock(dir: string, doing: string): () => void {
  try {
    return lockDataDir(dir);
  } catch (e) {
    if (e instanceof DataDirLockedError)
      throw new BackupError(
        `Cannot ${doing} while the portal has the embedded store open. ${e.message} ` +
          "The embedded store is backed up and restored with the portal stopped: stop it, run this again, start it. " +
          "For backups without stopping, run on PostgreSQL (DATABASE_URL).",
      );
    throw e;
  }
}

const query =
  (pg: PGliteT): Query =>
  async <T>(text: string) =>
    (await pg.query<T>(text)).rows;

export async function dumpPglite(dataDir: string, out: string, gzip: boolean): Promise<StoreStats> {
  const dir = storeDir(dataDir);
  if (!fs.existsSync(path.join(dir, "pg", "PG_VERSION"))) throw new BackupError(`There is no embedded store in ${dir} (DATA_DIR).`);
  const release = lock(dir, "back up");
  const { PGlite } = await import("@electric-sql/pglite");
  const pg = new PGlite(path.join(dir, "pg"));
  try {
    await pg.waitReady;
    const stats = await storeStats(query(pg));
    if (!("public.audit_log" in stats.tables)) throw new BackupError(`The store in ${dir} holds no Steward tables.`);
    // Flush to the data files so the copy needs no WAL replay when it is opened.
    await pg.exec("checkpoint");
    const dump = await pg.dumpDataDir(gzip ? "gzip" : "none");
    fs.writeFileSync(out, Buffer.from(await dump.arrayBuffer()));
    return stats;
  } finally {
    await pg.close().catch(() => {});
    release();
  }
}

/** The entry names of a tar: each 512-byte header names its entry and gives its size (octal), the data follows padded. */
function tarNames(tar: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, to: number) => {
      const text = header.subarray(from, to).toString("latin1");
      const end = text.indexOf("\0");
      return end < 0 ? text : text.slice(0, end);
    };
    const prefix = field(345, 500);
    names.push(prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const size = Number.parseInt(field(124, 136).trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) break;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

/** A tar (ustar magic at byte 257), gzipped or not, whose entries include PostgreSQL's PG_VERSION. */
export function readPgliteDump(file: string): Buffer {
  const bytes = fs.readFileSync(file);
  let tar = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      tar = gunzipSync(bytes);
    } catch {
      throw new BackupError(`${file} is gzipped but does not decompress: it is damaged or not a backup.`);
    }
  }
  if (tar.length < 512 || tar.subarray(257, 262).toString("latin1") !== "ustar")
    throw new BackupError(`${file} is not a Steward backup: neither a pg_dump archive nor an embedded store's dump.`);
  if (!tarNames(tar).some((n) => n === "PG_VERSION" || n.endsWith("/PG_VERSION")))
    throw new BackupError(`${file} is a tar archive, but not of a PostgreSQL data directory (it has no PG_VERSION).`);
  return bytes;
}

export async function restorePglite(dataDir: string, file: string, force: boolean): Promise<{ stats: StoreStats; movedAside?: string }> {
  const bytes = readPgliteDump(file);
  const dir = storeDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const release = lock(dir, "restore");
  const target = path.join(dir, "pg");
  let movedAside: string | undefined;
  try {
    if (fs.existsSync(target) && fs.readdirSync(target).length) {
      if (!force)
        throw new BackupError(
          `${dir} (DATA_DIR) already holds a store. Restore into an empty DATA_DIR (set DATA_DIR to a new folder), ` +
            "or pass --force to move the store there aside (kept as pg.before-restore-<time>) and restore in its place.",
        );
      movedAside = path.join(dir, `pg.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`);
      fs.renameSync(target, movedAside);
    }
    const { PGlite } = await import("@electric-sql/pglite");
    let pg: PGliteT | undefined;
    try {
      pg = new PGlite(target, { loadDataDir: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
      await pg.waitReady;
      const stats = await storeStats(query(pg));
      if (!("public.audit_log" in stats.tables)) throw new BackupError(`${file} is a PostgreSQL data directory, but not a Steward store.`);
      await pg.close();
      pg = undefined;
      return { stats, movedAside };
    } catch (e) {
      await pg?.close().catch(() => {});
      // Leave the directory as it was: nothing half-restored where the portal would open it.
      fs.rmSync(target, { recursive: true, force: true });
      if (movedAside) fs.renameSync(movedAside, target);
      throw e;
    }
  } finally {
    release();
  }
}
