// `npm run portal -- backup --out FILE` and `restore FILE`, for whichever store the environment names (DATABASE_URL:
// PostgreSQL through pg_dump/pg_restore; otherwise the embedded store in DATA_DIR). Operations code above db/: no domain
// imports it. Beside the backup goes FILE.manifest.json (what it holds, table by table, and its sha256), which restore
// uses to refuse a damaged file and to check that every row came back.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { BackupError, dumpPostgres, restorePostgres } from "./backup-pg";
import { dumpPglite, restorePglite } from "./backup-pglite";
import { countDifferences, type StoreStats } from "./backup-stats";

export { BackupError } from "./backup-pg";

export const MANIFEST_FORMAT = "steward-backup/1";

export type Manifest = StoreStats & {
  format: typeof MANIFEST_FORMAT;
  driver: "postgres" | "pglite";
  file: string;
  bytes: number;
  sha256: string;
  createdAt: string;
};

type Env = Record<string, string | undefined>;

const manifestPath = (file: string) => `${file}.manifest.json`;

async function sha256(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

export async function backup(out: string, opts: { gzip?: boolean; env?: Env } = {}): Promise<Manifest & { ms: number }> {
  const env = opts.env ?? process.env;
  const t0 = performance.now();
  const file = path.resolve(out);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  const driver = env.DATABASE_URL ? "postgres" : "pglite";
  const gzip = opts.gzip ?? /\.(t?gz)$/.test(file);
  try {
    const stats = env.DATABASE_URL
      ? await dumpPostgres(env.DATABASE_URL, tmp)
      : await dumpPglite(env.DATA_DIR ?? path.join(process.cwd(), ".data"), tmp, gzip);
    fs.renameSync(tmp, file);
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      driver,
      file: path.basename(file),
      bytes: fs.statSync(file).size,
      sha256: await sha256(file),
      createdAt: new Date().toISOString(),
      ...stats,
    };
    fs.writeFileSync(manifestPath(file), `${JSON.stringify(manifest, null, 2)}\n`);
    return { ...manifest, ms: performance.now() - t0 };
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readManifest(file: string): Manifest | null {
  const p = manifestPath(file);
  if (!fs.existsSync(p)) return null;
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(fs.readFileSync(p, "utf8"));
  } catch {
    throw new BackupError(`${p} is not JSON: remove it to restore without checking the file against it.`);
  }
  if (m?.format !== MANIFEST_FORMAT) throw new BackupError(`${p} is not a Steward backup manifest (format ${String(m?.format)}).`);
  return m as Manifest;
}

const isPgDump = (file: string) => {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(5);
    fs.readSync(fd, head, 0, 5, 0);
    return head.toString("latin1") === "PGDMP";
  } finally {
    fs.closeSync(fd);
  }
};

export type RestoreResult = StoreStats & {
  driver: "postgres" | "pglite";
  ms: number;
  checkedAgainstManifest: boolean;
  movedAside?: string;
};

export async function restore(input: string, opts: { force?: boolean; env?: Env } = {}): Promise<RestoreResult> {
  const env = opts.env ?? process.env;
  const t0 = performance.now();
  const file = path.resolve(input);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BackupError(`No such file: ${input}`);
  const manifest = readManifest(file);
  if (manifest) {
    const actual = await sha256(file);
    if (actual !== manifest.sha256)
      throw new BackupError(
        `${input} does not match its manifest (sha256 ${actual}, the manifest says ${manifest.sha256}): the file is damaged or was replaced.`,
      );
  }
  const pgDump = isPgDump(file);
  const driver = env.DATABASE_URL ? "postgres" : "pglite";
  if (driver === "postgres" && !pgDump)
    throw new BackupError(
      `${input} is not a PostgreSQL backup (pg_dump custom format), and DATABASE_URL names a PostgreSQL target. An embedded store's backup restores into DATA_DIR with DATABASE_URL unset.`,
    );
  if (driver === "pglite" && pgDump)
    throw new BackupError(`${input} is a PostgreSQL backup: set DATABASE_URL to an empty PostgreSQL database to restore it.`);
  const force = opts.force ?? false;
  let stats: StoreStats;
  let movedAside: string | undefined;
  if (driver === "postgres") stats = await restorePostgres(env.DATABASE_URL as string, file, force);
  else ({ stats, movedAside } = await restorePglite(env.DATA_DIR ?? path.join(process.cwd(), ".data"), file, force));
  if (manifest) {
    const diff = countDifferences(manifest, stats);
    if (diff.length) throw new BackupError(`Restored, but the row counts differ from the backup's manifest: ${diff.join("; ")}`);
    if (manifest.auditHead?.hash !== stats.auditHead?.hash)
      throw new BackupError(
        `Restored, but the audit head differs from the backup's: ${stats.auditHead?.hash ?? "none"} against ${manifest.auditHead?.hash ?? "none"}.`,
      );
  }
  return { ...stats, driver, ms: performance.now() - t0, checkedAgainstManifest: manifest !== null, movedAside };
}

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

export function describeBackup(m: Manifest & { ms: number }, out: string): string {
  const tables = Object.keys(m.tables).length;
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  return [
    `Backed up the ${m.driver === "postgres" ? "PostgreSQL" : "embedded (PGlite)"} store to ${out} in ${(m.ms / 1000).toFixed(1)} s`,
    `  ${mb(m.bytes)} (${m.bytes} bytes), sha256 ${m.sha256}`,
    `  ${tables} tables, ${rows} rows; ${m.migrations} migrations applied`,
    `  audit trail: ${m.auditEntries} entries, head seq ${m.auditHead?.seq ?? 0} hash ${m.auditHead?.hash ?? "-"}`,
    `  manifest: ${out}.manifest.json (keep it beside the file: restore checks both)`,
  ].join("\n");
}

export function describeRestore(r: RestoreResult, file: string): string {
  const tables = Object.keys(r.tables).length;
  const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
  return [
    `Restored ${file} into the ${r.driver === "postgres" ? "PostgreSQL database" : "embedded store (DATA_DIR)"} in ${(r.ms / 1000).toFixed(1)} s`,
    `  ${tables} tables, ${rows} rows; audit trail ${r.auditEntries} entries, head seq ${r.auditHead?.seq ?? 0} hash ${r.auditHead?.hash ?? "-"}`,
    r.checkedAgainstManifest
      ? "  every table's row count and the audit head match the backup's manifest"
      : "  no manifest beside the file: row counts were not checked against the backup",
    ...(r.movedAside ? [`  the store that was there is kept in ${r.movedAside}`] : []),
  ].join("\n");
}
