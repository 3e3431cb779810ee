// DATABASE_READ_URL: reads that tolerate lag (dashboards, inventory lists, audit exports) go to a real streaming
// replica (pg_basebackup -R of a private primary); writes, and the read-your-own-write paths, stay on the primary.
// The proof: with the replica's replay paused, a model created on the primary is missing from the inventory list
// (read on the replica) but found by the model page's read (the primary); once replay resumes, the list has it.
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, lagTolerant, rows, transact } from "@/db/client";
import { streamAudit } from "@/lib/audit/read";
import { SYSTEM } from "@/lib/auth/actor";
import { executiveView } from "@/lib/dashboards/executive";
import { onCallView } from "@/lib/dashboards/on-call";
import { createModel, getModel, listModels } from "@/lib/inventory/models";
import { ListModelsQuery } from "@/lib/inventory/schemas";
import { person } from "@/tests/actors";
import { type Cluster, pgBin, startPrimary, startReplica } from "@/tests/pg-cluster";

const bin = pgBin();
const owner = person("Ola", ["contributor"], 1);

async function one<T>(url: string, q: string): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(q)).rows[0] as T;
  } finally {
    await c.end();
  }
}

/** Wait until the replica has replayed everything the primary has written so far. */
async function caughtUp(primaryUrl: string, replicaUrl: string) {
  const { lsn } = await one<{ lsn: string }>(primaryUrl, "select pg_current_wal_lsn()::text as lsn");
  for (let i = 0; i < 300; i++) {
    const r = await one<{ ok: boolean }>(replicaUrl, `select pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn as ok`);
    if (r.ok) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`the replica did not reach ${lsn}`);
}

describe.skipIf(!bin)("a streaming replica serves the reads that tolerate lag", () => {
  let primary: Awaited<ReturnType<typeof startPrimary>>;
  let replica: Cluster;
  const saved = { url: process.env.DATABASE_URL, read: process.env.DATABASE_READ_URL };

  beforeAll(async () => {
    await closeDb();
    primary = await startPrimary(bin as string);
    await one(primary.url(), "create database steward");
    replica = await startReplica(bin as string, primary);
    process.env.DATABASE_URL = primary.url("steward");
    process.env.DATABASE_READ_URL = replica.url("steward");
    await getDb(); // migrates the primary; the replica replays it
    await caughtUp(primary.url(), replica.url());
  });
  afterAll(async () => {
    await closeDb();
    process.env.DATABASE_URL = saved.url;
    if (saved.read === undefined) delete process.env.DATABASE_READ_URL;
    else process.env.DATABASE_READ_URL = saved.read;
    replica?.stop("immediate");
    primary?.remove();
  });

  it("sends lag-tolerant reads to the replica and everything else to the primary", async () => {
    const recovery = sql`select pg_is_in_recovery() as r`;
    expect((await rows<{ r: boolean }>(recovery))[0].r).toBe(false);
    expect((await lagTolerant(() => rows<{ r: boolean }>(recovery)))[0].r).toBe(true);
    // A transaction opened inside a lag-tolerant read still runs on the primary (the replica refuses writes).
    expect(await lagTolerant(() => transact(async () => (await rows<{ r: boolean }>(recovery))[0].r))).toBe(false);
  });

  it("lists from the replica, which lags while its replay is paused; the model page reads the primary", async () => {
    await createModel(owner, { name: "before-pause", owner: "ola@example.com", riskTier: "low" });
    await caughtUp(primary.url(), replica.url());
    expect((await listModels(SYSTEM, ListModelsQuery.parse({ limit: 50 }))).items.map((m) => m.name)).toEqual(["before-pause"]);

    await one(replica.url(), "select pg_wal_replay_pause()");
    try {
      // The write goes to the primary even from inside a lag-tolerant scope.
      await lagTolerant(() => createModel(owner, { name: "after-pause", owner: "ola@example.com", riskTier: "high" }));
      expect((await getModel(SYSTEM, "after-pause")).name).toBe("after-pause");
      expect((await listModels(SYSTEM, ListModelsQuery.parse({ limit: 50 }))).items.map((m) => m.name)).toEqual(["before-pause"]);
      // The audit export reads the replica too: two entries on the primary, one replayed.
      const onPrimary = await one<{ n: number }>(primary.url("steward"), "select count(*)::int as n from audit_log");
      const exported: number[] = [];
      for await (const e of streamAudit(SYSTEM, {})) exported.push(e.seq);
      expect(onPrimary.n).toBe(exported.length + 1);
      // The dashboards run whole on the replica: nothing in them writes.
      await expect(executiveView(SYSTEM, { period: "90d" })).resolves.toBeTruthy();
      await expect(onCallView(SYSTEM, { range: "24h" })).resolves.toBeTruthy();
    } finally {
      await one(replica.url(), "select pg_wal_replay_resume()");
    }
    await caughtUp(primary.url(), replica.url());
    expect((await listModels(SYSTEM, ListModelsQuery.parse({ limit: 50 }))).items.map((m) => m.name).sort()).toEqual([
      "after-pause",
      "before-pause",
    ]);
  });
});
