// PostgreSQL backups: pg_dump's custom format, taken online. The dump and the counts written beside it read one
// snapshot: a repeatable-read transaction exports it (pg_export_snapshot) and pg_dump --snapshot reads the same, so the
// manifest's row counts are exactly what the file holds even while the portal keeps writing. pg_dump takes only its
// usual ACCESS SHARE locks: writes go on; DDL (a migration) waits for it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { type Query, type StoreStats, storeStats } from "./backup-stats";

export class BackupError extends Error {}

/** pg_dump / pg_restore on PATH, else the newest under /usr/lib/postgresql/<version>/bin (Debian's layout). */
export function pgBinary(name: "pg_dump" | "pg_restore"): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, "bin", name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) throw new BackupError(`${name} was not found on PATH or under ${root}/*/bin: install PostgreSQL's client tools.`);
  return path.join(root, versions[0], "bin", name);
}

/**
 * The connection as libpq environment variables, so the password never appears in the process list
 * (a postgres:// URL on the command line would).
 */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = Object.create(null);
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ""));
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  env.PGDATABASE = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
  const host = u.searchParams.get("host");
  if (host) env.PGHOST = host;
  const ssl = u.searchParams.get("sslmode");
  if (ssl) env.PGSSLMODE = ssl;
  return env;
}

function run(bin: string, args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr, stdout }));
  });
}

async function withClient<T>(url: string, fn: (c: import("pg").Client, q: Query) => Promise<T>): Promise<T> {
  const { Client } = await import("pg");
  const c = new Client({ connectionString: url });
  await c.connect();
  const q: Query = async <R>(text: string) => (await c.query(text)).rows as R[];
  try {
    return await fn(c, q);
  } finally {
    await c.end();
  }
}

export async function dumpPostgres(url: string, out: string): Promise<StoreStats> {
  const bin = pgBinary("pg_dump");
  return withClient(url, async (c, q) => {
    await c.query("begin isolation level repeatable read read only");
    try {
      const [{ snapshot }] = await q<{ snapshot: string }>("select pg_export_snapshot() as snapshot");
      const stats = await storeStats(q);
      if (!("public.audit_log" in stats.tables))
        throw new BackupError("This database holds no Steward store (no audit_log table): check DATABASE_URL.");
      const r = await run(bin, ["--format=custom", `--snapshot=${snapshot}`, "--no-password", `--file=${out}`], libpqEnv(url));
      if (r.code !== 0) {
        fs.rmSync(out, { force: true });
        throw new BackupError(`pg_dump failed (exit ${r.code}): ${r.stderr.trim()}`);
      }
      return stats;
    } finally {
      await c.query("rollback").catch(() => {});
    }
  });
}

/** A pg_dump custom-format file starts with PGDMP; a Steward one lists the audit_log table. */
export async function checkPgDump(file: string): Promise<void> {
  const r = await run(pgBinary("pg_restore"), ["--list", file], {});
  if (r.code !== 0) throw new BackupError(`${file} is not a readable pg_dump archive: ${r.stderr.trim()}`);
  if (!/^\d+; \d+ \d+ TABLE public audit_log /m.test(r.stdout))
    throw new BackupError(`${file} is a PostgreSQL dump, but not of a Steward store (it has no audit_log table).`);
}

/** The target's own tables (public and drizzle schemas): a restore goes into an empty database only, unless forced. */
export async function restorePostgres(url: string, file: string, force: boolean): Promise<StoreStats> {
  await checkPgDump(file);
  const existing = await withClient(url, (_c, q) =>
    q<{ n: string }>(
      `select schemaname || '.' || tablename as n from pg_tables where schemaname in ('public', 'drizzle')
       union all select 'schema ' || nspname from pg_namespace where nspname = 'drizzle' order by 1`,
    ),
  );
  const db = libpqEnv(url).PGDATABASE;
  if (existing.length && !force) {
    const named = existing.slice(0, 3).map((r) => r.n);
    const more = existing.length > 3 ? ` and ${existing.length - 3} more` : "";
    throw new BackupError(
      `The database "${db}" is not empty (it holds ${named.join(", ")}${more}). Restore into an empty database: create one ` +
        "(createdb steward_restored), point DATABASE_URL at it and run restore again; start the portal after the restore " +
        "(it applies any newer migrations). Or pass --force to drop what the backup holds and replace it.",
    );
  }
  const args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--no-password", `--dbname=${db}`];
  if (existing.length) args.push("--clean", "--if-exists");
  const r = await run(pgBinary("pg_restore"), [...args, file], libpqEnv(url));
  if (r.code !== 0) throw new BackupError(`pg_restore failed (exit ${r.code}); nothing was restored: ${r.stderr.trim()}`);
  return withClient(url, (_c, q) => storeStats(q));
}
