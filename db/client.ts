import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { lockDataDir } from "./lock";
import { LOCKS } from "./locks";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, any>;
export type Conn = Db | Tx;
export type Driver = "pglite" | "postgres";

/** `read`: the streaming replica of DATABASE_READ_URL, for reads that tolerate replication lag; else absent. */
type Handle = { db: Db; driver: Driver; read?: Db; close: () => Promise<void> };
type Global = { __stewardDb?: Promise<Handle> };
const g = globalThis as unknown as Global;

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export function driverName(): Driver {
  return process.env.DATABASE_URL ? "postgres" : "pglite";
}

async function open(): Promise<Handle> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    const pool = new Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10) });
    // An idle connection the server ends (a restart, a terminated backend) must not take the process down with it:
    // the pool drops it and opens a new one on the next query.
    pool.on("error", (e) =>
      console.error(JSON.stringify({ t: new Date().toISOString(), level: "warn", msg: "idle database connection lost", error: e.message })),
    );
    // Several web instances may start at once: one migrates, the others wait on the advisory lock.
    const client = await pool.connect();
    try {
      await client.query(`select pg_advisory_lock(${LOCKS.migrate})`);
      await migrate(drizzle(client, { schema }), { migrationsFolder });
    } finally {
      await client.query(`select pg_advisory_unlock(${LOCKS.migrate})`).catch(() => {});
      client.release();
    }
    const db = drizzle(pool, { schema }) as unknown as Db;
    // A replica is never migrated (it replays the primary's WAL, migrations included) and never written to.
    const readUrl = process.env.DATABASE_READ_URL;
    const readPool = readUrl
      ? new Pool({ connectionString: readUrl, max: Number(process.env.PG_READ_POOL_MAX ?? process.env.PG_POOL_MAX ?? 10) })
      : null;
    readPool?.on("error", (e) =>
      console.error(JSON.stringify({ t: new Date().toISOString(), level: "warn", msg: "idle replica connection lost", error: e.message })),
    );
    const read = readPool ? (drizzle(readPool, { schema }) as unknown as Db) : undefined;
    return { db, driver: "postgres", read, close: async () => void (await Promise.all([pool.end(), readPool?.end()])) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const dir = process.env.DATA_DIR ?? path.join(process.cwd(), ".data");
  let release = () => {};
  let dataDir: string | undefined = dir;
  if (dir.startsWith("memory://")) dataDir = undefined;
  else {
    fs.mkdirSync(dir, { recursive: true });
    release = lockDataDir(dir);
  }
  // An in-memory store may start from a migrated data directory dumped beforehand (the tests do: tests/pglite-template.ts),
  // which saves PGlite's initdb; the migrations below then find nothing left to apply.
  const template = !dataDir ? process.env.STEWARD_PGLITE_TEMPLATE : undefined;
  const client = dataDir
    ? new PGlite(path.join(dataDir, "pg"))
    : template
      ? new PGlite({ loadDataDir: new Blob([fs.readFileSync(template)]) })
      : new PGlite();
  await client.waitReady;
  const raw = drizzle(client, { schema });
  await migrate(raw, { migrationsFolder });
  return {
    db: raw as unknown as Db,
    driver: "pglite",
    close: async () => {
      await client.close();
      release();
    },
  };
}

/** The process-wide database, opened (and migrated) once; cached on globalThis so hot reload does not reopen it. */
export function getHandle(): Promise<Handle> {
  if (!g.__stewardDb) {
    g.__stewardDb = open().catch((e) => {
      g.__stewardDb = undefined;
      throw e;
    });
  }
  return g.__stewardDb;
}

const caches = new WeakMap<object, Map<string, Map<unknown, unknown>>>();

/**
 * A process-wide cache that belongs to the store now open: a new store (closeDb, then another DATABASE_URL or
 * DATA_DIR, as each test file does) starts with empty caches, so nothing cached can leak from one store to another.
 */
export function storeCache<K, V>(name: string): Map<K, V> {
  const owner = g.__stewardDb;
  if (!owner) return new Map();
  let byName = caches.get(owner);
  if (!byName) {
    byName = new Map();
    caches.set(owner, byName);
  }
  let cache = byName.get(name);
  if (!cache) {
    cache = new Map();
    byName.set(name, cache);
  }
  return cache as Map<K, V>;
}

export async function getDb(): Promise<Db> {
  return (await getHandle()).db;
}

export async function closeDb(): Promise<void> {
  const h = g.__stewardDb;
  g.__stewardDb = undefined;
  if (h) await (await h).close();
}

/** `replica`: inside lagTolerant(), where a query outside a transaction may go to the replica. */
type Ctx = { tx?: Tx; requestId?: string; replica?: boolean };
const als = new AsyncLocalStorage<Ctx>();

/** Run with a request id that audit entries and log lines pick up. */
export function withRequestContext<T>(requestId: string, fn: () => Promise<T>): Promise<T> {
  return als.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return als.getStore()?.requestId;
}

/**
 * The connection to use now: the open transaction of this request if there is one, else the database.
 * PGlite has one connection, so a query outside the open transaction would wait on it forever.
 */
export async function conn(): Promise<Conn> {
  const store = als.getStore();
  if (store?.tx) return store.tx;
  const h = await getHandle();
  return (store?.replica && h.read) || h.db;
}

/**
 * Run a read that tolerates replication lag (a dashboard, an inventory list): conn() and rows() inside it go to the
 * replica of DATABASE_READ_URL when one is set, outside any transaction; transact() still goes to the primary.
 */
export function lagTolerant<T>(fn: () => Promise<T>): Promise<T> {
  return als.run({ ...als.getStore(), replica: true }, fn);
}

/**
 * The connection for a read that tolerates replication lag (dashboards, inventory lists, exports): the open
 * transaction if there is one (it must see its own writes), else the replica of DATABASE_READ_URL when one is set,
 * else the primary. A path that reads what the same user just wrote (a page after a save) uses conn() instead.
 */
export async function readConn(): Promise<Conn> {
  const tx = als.getStore()?.tx;
  if (tx) return tx;
  const h = await getHandle();
  return h.read ?? h.db;
}

/** Run fn in a transaction; nested calls join the transaction already open. */
export async function transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const store = als.getStore();
  if (store?.tx) return fn(store.tx);
  const db = await getDb();
  return db.transaction((tx) => als.run({ ...store, tx: tx as Tx }, () => fn(tx as Tx)));
}

/**
 * Run fn in a savepoint of the open transaction that is always rolled back, with conn() and transact() inside it
 * pointing at the savepoint; fn's result or error comes back as usual. For checks that must not leave a trace.
 */
export async function rolledBack<T>(fn: () => Promise<T>): Promise<T> {
  const store = als.getStore();
  if (!store?.tx) throw new Error("rolledBack() needs an open transaction");
  const ROLLBACK = Symbol("rollback");
  let out: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  try {
    await store.tx.transaction((sp) =>
      als.run({ ...store, tx: sp as Tx }, async () => {
        try {
          out = { ok: true, value: await fn() };
        } catch (error) {
          out = { ok: false, error };
        }
        throw ROLLBACK;
      }),
    );
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  if (!out) throw new Error("rolledBack(): no result");
  if (!out.ok) throw out.error;
  return out.value;
}

/** Raw SQL rows, the same shape from both drivers. */
export async function rows<T>(query: SQL, c?: Conn): Promise<T[]> {
  const res = (await (c ?? (await conn())).execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
