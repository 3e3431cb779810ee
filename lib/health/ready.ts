import "server-only";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb, migrationsFolder, rows } from "@/db/client";
import { WORKERS, type WorkerName, type WorkerState, workerStatus } from "./workers";

// Readiness (issue 17, item 7): may a load balancer send this instance traffic? The store answers a trivial query
// within 3 s, the store holds the newest migration this build ships, and every background worker started here is
// alive. Public, like /api/health: names and booleans only, no counts, no error text.

export const READY_TIMEOUT_MS = 3000;

export type ReadyBody = {
  status: "ready" | "not_ready";
  checks: {
    database: { ok: boolean };
    migrations: { ok: boolean; latest: string };
    workers: { ok: boolean; states: Record<WorkerName, WorkerState> };
  };
  /** The names of the checks that failed (empty when ready). */
  failing: ("database" | "migrations" | "workers")[];
};

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

type Journal = { entries: { idx: number; when: number; tag: string }[] };

/** The newest migration this build ships (db/migrations/meta/_journal.json). */
export function latestMigration(folder = migrationsFolder): { tag: string; when: number } {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as Journal;
  const last = journal.entries.reduce((a, b) => (b.when > a.when ? b : a));
  return { tag: last.tag, when: last.when };
}

/**
 * Whether the store holds the newest migration: drizzle records each applied migration in drizzle.__drizzle_migrations
 * with the journal's `when` as created_at, and applies only those newer than the newest it holds.
 */
export async function migrationsCurrent(folder = migrationsFolder): Promise<{ ok: boolean; latest: string }> {
  const latest = latestMigration(folder);
  const [r] = await rows<{ at: string | number | null }>(
    sql`select max(created_at)::text as at from drizzle.__drizzle_migrations`,
    await getDb(),
  );
  return { ok: r?.at != null && Number(r.at) >= latest.when, latest: latest.tag };
}

/** The workers readiness counts: every interval worker (pruning runs on demand and never blocks readiness). */
export const READY_WORKERS: WorkerName[] = WORKERS.filter((w) => w !== "pruning");

export async function readiness(now = Date.now()): Promise<ReadyBody> {
  let database = false;
  try {
    await withTimeout(
      getDb().then((d) => d.execute(sql`select 1`)),
      READY_TIMEOUT_MS,
      "readiness query",
    );
    database = true;
  } catch {
    database = false;
  }
  let migrations = { ok: false, latest: "" };
  try {
    migrations = { ok: false, latest: latestMigration().tag };
    if (database) migrations = await withTimeout(migrationsCurrent(), READY_TIMEOUT_MS, "migration check");
  } catch {
    migrations.ok = false;
  }
  const states = Object.fromEntries(WORKERS.map((w) => [w, workerStatus(w, now)])) as Record<WorkerName, ReturnType<typeof workerStatus>>;
  const workers = {
    ok: READY_WORKERS.every((w) => states[w].alive),
    states: Object.fromEntries(WORKERS.map((w) => [w, states[w].state])) as Record<WorkerName, WorkerState>,
  };
  const failing = (
    [
      ["database", database],
      ["migrations", migrations.ok],
      ["workers", workers.ok],
    ] as const
  )
    .filter(([, ok]) => !ok)
    .map(([n]) => n);
  return {
    status: failing.length ? "not_ready" : "ready",
    checks: { database: { ok: database }, migrations, workers },
    failing,
  };
}
