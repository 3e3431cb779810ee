// Builds a lineage graph of at least BENCH_NODES nodes (default 100,000) from OpenLineage RunEvents posted to the real
// server, and times the impact and graph queries over it. Everything happens in this run: a fresh store (a new
// database on the DATABASE_URL server, dropped afterwards, or a new PGlite folder), a seeded pipeline landscape
// (raw tables → cleaning jobs → clean tables → feature jobs fanning in from their own and from a few widely shared
// "core" clean tables → feature tables → training jobs → model artifacts, schema facets on most datasets), and the
// baselines the figures are ratios of:
//   - ingest: the same rows the ingest stores (folded by lib/lineage/fold.ts, untimed) written raw into scratch tables
//     of the same shape (`create table … (like lineage_… including all)`): by COPY (psql's \copy on Postgres,
//     '/dev/blob' on PGlite) and by multi-row INSERTs of 1,000 rows, one connection;
//   - impact: the same downstream walk as a bare recursive CTE over the scratch tables through a plain client, and the
//     round trip of GET /api/health (one `select 1`).
// Then `next start` on the built app, POST /api/v1/lineage in batches of BENCH_BATCH events (default 500) by one
// client, and (Postgres) again by two concurrent clients into emptied tables; BENCH_MODELS model versions (default 300)
// registered over HTTP with trainingRunId set to training runs of the graph; GET /api/v1/lineage/impact and
// /lineage/graph (both directions, depth 3) for BENCH_ROOTS raw tables (default 50: the ones with the largest
// downstream sets, and random ones), each BENCH_REPS times (default 3) after one untimed pass. Impact answers are
// checked against the versions the generator knows to be downstream, and stored counts against the fold.
//
//   Build:  NEXT_DIST_DIR=.next-bench npx next build   (then `git checkout tsconfig.json`)
//   Run:    DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres NEXT_DIST_DIR=.next-bench npm run bench -- lineage
//           (without DATABASE_URL: PGlite; one client only, as PGlite serves one connection)
//
// BENCH_PORT (default 3378). BENCH_SEED (default 20261120). BENCH_CLIENTS (default "1,2"). BENCH_KEEP=1 keeps the store
// (for EXPLAIN ANALYZE afterwards). The landscape's generator is bench/lib/lineage-landscape.ts.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, driverName, getDb } from "../db/client";
import { SYSTEM } from "../lib/auth/actor";
import { issueToken } from "../lib/auth/tokens";
import { createUser } from "../lib/auth/users";
import { datasetId, jobId } from "../lib/lineage/ids";
import type { OLRunEvent } from "../lib/lineage/validate";
import { landscape, PRODUCER, prng, RUN_EVENT } from "./lib/lineage-landscape";
import { ARRAY_COLUMNS, LINEAGE_TABLES, storedRows, type Table, toCsv } from "./lib/lineage-rows";
import { benchServer, pct } from "./lib/server";

const TARGET_NODES = Number(process.env.BENCH_NODES ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const MODEL_VERSIONS = Number(process.env.BENCH_MODELS ?? 300);
const ROOTS = Number(process.env.BENCH_ROOTS ?? 50);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 3378);
const SEED = Number(process.env.BENCH_SEED ?? 20261120);
const DIST = process.env.NEXT_DIST_DIR ?? ".next";
const CLIENTS = (process.env.BENCH_CLIENTS ?? "1,2").split(",").map(Number);
const CONTRIBUTOR = "bench-pipelines@example.com";
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const int = (x: number) => Math.round(x).toLocaleString("en-US");

// ---------------------------------------------------------------------------------------------------------------
// The store, and a plain client beside the server

/** A fresh store: a new database on the (local) server, or a new PGlite folder. Returns how to remove it. */
async function freshStore(): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-bench-lineage-"));
    process.env.DATA_DIR = dir;
    return async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const u = new URL(url);
  if (!["localhost", "127.0.0.1", "::1"].includes(u.hostname)) throw new Error("the benchmark only creates databases on a local server");
  const { Client } = await import("pg");
  const name = `steward_bench_lineage_${randomBytes(4).toString("hex")}`;
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

type Side = {
  query: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;
  copyCsv: (table: string, columns: string[], csv: string) => Promise<void>;
  end: () => Promise<void>;
};

/**
 * A plain client: pg on Postgres (usable while the server runs), PGlite's own client otherwise (only while the server
 * is stopped: PGlite has one owner). COPY goes through psql's \copy on Postgres (pg-copy-streams is not installed).
 */
async function side(): Promise<Side> {
  if (driverName() === "postgres") {
    const { Client } = await import("pg");
    const c = new Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    return {
      query: async <T>(text: string, params?: unknown[]) => (await c.query(text, params)).rows as T[],
      copyCsv: (table, columns, csv) =>
        new Promise((resolve, reject) => {
          const p = spawn(
            "psql",
            [
              process.env.DATABASE_URL ?? "",
              "-X",
              "-q",
              "-v",
              "ON_ERROR_STOP=1",
              "-c",
              `\\copy ${table} (${columns.join(", ")}) from pstdin with (format csv)`,
            ],
            { stdio: ["pipe", "ignore", "inherit"] },
          );
          p.on("error", reject);
          p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`psql \\copy ${table} exited ${code}`))));
          p.stdin.end(csv);
        }),
      end: () => c.end(),
    };
  }
  type Lite = { query<T>(text: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ rows: T[] }> };
  const pg = ((await getDb()) as unknown as { $client: Lite }).$client;
  return {
    query: async <T>(text: string, params?: unknown[]) => (await pg.query<T>(text, params)).rows,
    copyCsv: async (table, columns, csv) => {
      await pg.query(`copy ${table} (${columns.join(", ")}) from '/dev/blob' with (format csv)`, [], { blob: new Blob([csv]) });
    },
    end: async () => {},
  };
}

async function counts(s: Side): Promise<{ nodes: number; edges: number; runs: number; schemas: number }> {
  const [c] = await s.query<{ nodes: number; edges: number; runs: number; schemas: number }>(
    `select (select count(*)::int from lineage_nodes) as nodes, (select count(*)::int from lineage_edges) as edges,
       (select count(*)::int from lineage_runs) as runs, (select count(*)::int from lineage_schemas) as schemas`,
  );
  return c;
}

// ---------------------------------------------------------------------------------------------------------------
// The ingest's rows, written raw: the baseline

async function createScratch(s: Side, prefix: string) {
  for (const t of LINEAGE_TABLES) await s.query(`create table ${prefix}${t.replace("lineage_", "")} (like ${t} including all)`);
}

/** COPY every table (nodes and edges first, timed apart), then multi-row INSERTs of 1,000 rows into a second set. */
async function writeBaselines(s: Side, data: Record<(typeof LINEAGE_TABLES)[number], Table>) {
  await createScratch(s, "bench_copy_");
  await createScratch(s, "bench_ins_");
  const csv = Object.fromEntries(LINEAGE_TABLES.map((t) => [t, toCsv(data[t])])) as Record<(typeof LINEAGE_TABLES)[number], string>;
  const copy: Record<string, number> = {};
  for (const t of LINEAGE_TABLES) {
    const t0 = performance.now();
    await s.copyCsv(`bench_copy_${t.replace("lineage_", "")}`, data[t].columns, csv[t]);
    copy[t] = (performance.now() - t0) / 1000;
  }
  const insert: Record<string, number> = {};
  for (const t of LINEAGE_TABLES) {
    const { columns, rows } = data[t];
    const target = `bench_ins_${t.replace("lineage_", "")}`;
    const cast = columns.map((c) => (ARRAY_COLUMNS.has(c) ? `array(select jsonb_array_elements_text(${c}))` : c)).join(", ");
    const types = Object.fromEntries(
      (
        await s.query<{ attname: string; t: string }>(
          `select attname, format_type(atttypid, atttypmod) as t from pg_attribute where attrelid = '${t}'::regclass and attnum > 0`,
        )
      ).map((r) => [r.attname, ARRAY_COLUMNS.has(r.attname) ? "jsonb" : r.t]),
    );
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i += 1000) {
      const part = rows.slice(i, i + 1000).map((r) => Object.fromEntries(columns.map((c, k) => [c, r[k]])));
      await s.query(
        `insert into ${target} (${columns.join(", ")}) select ${cast} from jsonb_to_recordset($1::jsonb) as v(${columns.map((c) => `${c} ${types[c]}`).join(", ")})`,
        [JSON.stringify(part)],
      );
    }
    insert[t] = (performance.now() - t0) / 1000;
  }
  const sum = (m: Record<string, number>, ts: readonly string[]) => ts.reduce((a, t) => a + m[t], 0);
  return {
    copy: {
      nodesEdges: sum(copy, ["lineage_nodes", "lineage_edges"]),
      all: sum(copy, LINEAGE_TABLES),
      perTable: Object.fromEntries(Object.entries(copy).map(([k, v]) => [k, r3(v)])),
    },
    insert: {
      nodesEdges: sum(insert, ["lineage_nodes", "lineage_edges"]),
      all: sum(insert, LINEAGE_TABLES),
      perTable: Object.fromEntries(Object.entries(insert).map(([k, v]) => [k, r3(v)])),
    },
    bytes: Object.values(csv).reduce((a, c) => a + Buffer.byteLength(c), 0),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The server, over HTTP

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) / 1024;

const { startServer, stopServer, call, must } = benchServer(PORT);
const median = (xs: number[]) => pct(xs, 50);
const stats = (ms: number[]) => ({ n: ms.length, p50: r1(pct(ms, 50)), p95: r1(pct(ms, 95)), max: r1(Math.max(...ms)) });

/** POST every batch, `clients` at a time, each client taking the next batch as it finishes one; 5xx and 409 busy retried. */
async function ingest(token: string, batches: string[], clients: number, eventsPerBatch: number[]) {
  let next = 0;
  let accepted = 0;
  let retries = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= batches.length) return;
      for (let attempt = 0; ; attempt++) {
        const r = await call(token, "POST", "/api/v1/lineage", batches[i]);
        if (r.status === 201) {
          latencies.push(r.ms);
          accepted += (JSON.parse(r.text) as { accepted: number }).accepted;
          break;
        }
        // 409 "busy" is the API's "try again" (a deadlock or serialization failure in the database).
        const busy = r.status === 409 && r.text.includes('"busy"');
        if ((r.status < 500 && !busy) || attempt >= 5)
          throw new Error(`POST /api/v1/lineage (batch ${i}): ${r.status} ${r.text.slice(0, 800)}`);
        retries++;
        console.error(`batch ${i}: ${r.status} ${r.text.slice(0, 200)}; retrying`);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const expected = eventsPerBatch.reduce((a, b) => a + b, 0);
  if (accepted !== expected) throw new Error(`the server accepted ${accepted} events of ${expected}`);
  return { seconds, accepted, retries, requestMs: stats(latencies) };
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(path.join(DIST, "BUILD_ID"))) throw new Error(`No build in ${DIST}: run NEXT_DIST_DIR=${DIST} npx next build first.`);
  const load = [os.loadavg()[0]];
  const started = performance.now();
  const tg = performance.now();
  const land = landscape(TARGET_NODES, SEED);
  const batches: string[] = [];
  const perBatch: number[] = [];
  for (let i = 0; i < land.events.length; i += BATCH) {
    const part = land.events.slice(i, i + BATCH);
    batches.push(JSON.stringify(part));
    perBatch.push(part.length);
  }
  const data = storedRows(land.events);
  const expected = {
    nodes: data.lineage_nodes.rows.length,
    edges: data.lineage_edges.rows.length,
    runs: data.lineage_runs.rows.length,
    schemas: data.lineage_schemas.rows.length,
  };
  if (expected.nodes !== land.nodes) throw new Error(`the generator counted ${land.nodes} nodes, the fold ${expected.nodes}`);
  const requestMb = batches.reduce((a, b) => a + Buffer.byteLength(b), 0) / 1e6;
  console.log(
    `${land.pipelines} pipelines, ${land.jobs.length} jobs: ${int(land.events.length)} events in ${batches.length} batches of ${BATCH} (${r1(requestMb)} MB of JSON) → ${int(expected.nodes)} nodes, ${int(expected.edges)} edges, ${int(expected.runs)} runs, ${int(expected.schemas)} schema observations (generated in ${r1((performance.now() - tg) / 1000)} s)`,
  );

  // The graph the client knows: downstream sets of raw tables, to pick roots.
  const out = new Map<string, string[]>();
  for (const [source, target] of data.lineage_edges.rows as [string, string][])
    (out.get(source) ?? out.set(source, []).get(source))?.push(target);
  const downstream = (root: string) => {
    const seen = new Set([root]);
    const queue = [root];
    while (queue.length)
      for (const t of out.get(queue.pop() as string) ?? [])
        if (!seen.has(t)) {
          seen.add(t);
          queue.push(t);
        }
    seen.delete(root);
    return seen;
  };
  const rnd = prng(SEED + 1);
  const sizes = land.rawIds.map((id) => ({ id, size: downstream(id).size }));
  const big = [...sizes].sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1)).slice(0, Math.ceil(ROOTS * 0.6));
  const rest = rnd.sample(
    sizes.filter((s) => !big.includes(s)),
    ROOTS - big.length,
  );
  const roots = [...big, ...rest];

  // Model versions on training runs (that completed), spread over the landscape.
  const trainJobs = rnd.sample(
    land.jobs.filter((j) => j.kind === "train" && !j.fail),
    MODEL_VERSIONS,
  );
  const versions = trainJobs.map((j, i) => ({
    model: `bench-model-${String(Math.floor(i / 3)).padStart(3, "0")}`,
    version: `1.${i % 3}.0`,
    job: jobId(j),
    runId: j.runId,
  }));

  const cleanup = await freshStore();
  let server: ChildProcess | null = null;
  let s: Side | null = null;
  try {
    await getDb();
    await createUser(SYSTEM, { email: CONTRIBUTOR, name: "Bench pipelines", roles: ["contributor"] });
    const { token } = await issueToken(SYSTEM, CONTRIBUTOR, { name: "bench", scopes: ["read", "write"] });
    s = await side();
    const tb = performance.now();
    const base = await writeBaselines(s, data);
    console.log(
      `baselines written in ${r1((performance.now() - tb) / 1000)} s: COPY ${JSON.stringify(base.copy.perTable)}, INSERT ${JSON.stringify(base.insert.perTable)}`,
    );
    if (driverName() === "pglite") {
      await s.end();
      s = null;
      await closeDb();
    }

    const srv = await startServer();
    server = srv.child;
    // Warm-up: the routes' first requests (module load, schema compile), on one event of its own namespace, removed after.
    const warm: OLRunEvent = {
      eventType: "COMPLETE",
      eventTime: "2026-11-19T00:00:00Z",
      producer: PRODUCER,
      schemaURL: RUN_EVENT,
      run: { runId: prng(1).uuid() },
      job: { namespace: "warmup", name: "w" },
      inputs: [{ namespace: "warmup", name: "a" }],
      outputs: [{ namespace: "warmup", name: "b" }],
    };
    await must(token, "POST", "/api/v1/lineage", [warm]);
    await must(token, "GET", `/api/v1/lineage/impact?node=${encodeURIComponent(datasetId({ namespace: "warmup", name: "a" }))}`);
    await must(
      token,
      "GET",
      `/api/v1/lineage/graph?node=${encodeURIComponent(datasetId({ namespace: "warmup", name: "a" }))}&direction=both&depth=3`,
    );
    const warmNodes = 3;
    const warmEdges = 2;

    const runs: {
      clients: number;
      seconds: number;
      eventsPerSecond: number;
      nodesPerSecond: number;
      requestMs: ReturnType<typeof stats>;
      retries: number;
      stored?: Awaited<ReturnType<typeof counts>>;
      rssMb: number;
    }[] = [];
    const clientsToRun = driverName() === "postgres" ? CLIENTS : CLIENTS.filter((c) => c === 1);
    for (const [k, clients] of clientsToRun.entries()) {
      if (k > 0 && s) await s.query(`truncate ${LINEAGE_TABLES.join(", ")}`);
      load.push(os.loadavg()[0]);
      const r = await ingest(token, batches, clients, perBatch);
      const stored = s ? await counts(s) : undefined;
      runs.push({
        clients,
        seconds: r3(r.seconds),
        eventsPerSecond: Math.round(land.events.length / r.seconds),
        nodesPerSecond: Math.round(expected.nodes / r.seconds),
        requestMs: r.requestMs,
        retries: r.retries,
        stored,
        rssMb: Math.round(rssMb(srv.pid)),
      });
      console.log(
        `ingest, ${clients} client(s): ${r1(r.seconds)} s, ${int(land.events.length / r.seconds)} events/s, ${int(expected.nodes / r.seconds)} nodes/s; request p50 ${r.requestMs.p50} ms p95 ${r.requestMs.p95} ms; ${r.retries} retried after 409 busy; stored ${JSON.stringify(stored ?? "(counted at the end)")}`,
      );
      const extra = k === 0 ? { nodes: warmNodes, edges: warmEdges } : { nodes: 0, edges: 0 };
      if (
        stored &&
        (stored.nodes !== expected.nodes + extra.nodes ||
          stored.edges !== expected.edges + extra.edges ||
          stored.runs !== expected.runs + (k === 0 ? 1 : 0))
      )
        throw new Error(
          `stored ${JSON.stringify(stored)}, expected ${JSON.stringify(expected)} (+ the warm-up's ${JSON.stringify(extra)})`,
        );
    }

    // Model versions trained by runs of the graph, registered over HTTP (two clients).
    const tm = performance.now();
    const byModel = new Map<string, typeof versions>();
    for (const v of versions) (byModel.get(v.model) ?? byModel.set(v.model, []).get(v.model))?.push(v);
    const modelQueue = [...byModel.entries()];
    await Promise.all(
      [0, 1].map(async () => {
        for (let m = modelQueue.shift(); m; m = modelQueue.shift()) {
          await must(token, "POST", "/api/v1/models", { name: m[0], owner: CONTRIBUTOR, riskTier: "medium", team: "bench" });
          for (const v of m[1])
            await must(token, "POST", `/api/v1/models/${m[0]}/versions`, { version: v.version, trainingRunId: v.runId });
        }
      }),
    );
    const modelSeconds = (performance.now() - tm) / 1000;
    console.log(`${versions.length} model versions in ${byModel.size} models registered in ${r1(modelSeconds)} s`);
    const versionsOfJob = new Map<string, number>();
    for (const v of versions) versionsOfJob.set(v.job, (versionsOfJob.get(v.job) ?? 0) + 1);

    // Impact, graph and health over HTTP: one untimed pass, then REPS timed passes.
    load.push(os.loadavg()[0]);
    const impactMs = new Map<string, number[]>();
    const graphMs = new Map<string, number[]>();
    const impactItems = new Map<string, number>();
    const graphNodes = new Map<string, number>();
    const healthMs: number[] = [];
    for (let pass = 0; pass <= REPS; pass++) {
      for (const root of roots) {
        const q = encodeURIComponent(root.id);
        const a = await call(token, "GET", `/api/v1/lineage/impact?node=${q}`);
        if (a.status !== 200) throw new Error(`impact ${root.id}: ${a.status} ${a.text.slice(0, 300)}`);
        impactItems.set(root.id, (JSON.parse(a.text) as { items: unknown[] }).items.length);
        const g = await call(token, "GET", `/api/v1/lineage/graph?node=${q}&direction=both&depth=3`);
        if (g.status !== 200) throw new Error(`graph ${root.id}: ${g.status} ${g.text.slice(0, 300)}`);
        graphNodes.set(root.id, (JSON.parse(g.text) as { nodes: unknown[] }).nodes.length);
        const h = await call(token, "GET", "/api/health");
        if (h.status !== 200) throw new Error(`health: ${h.status}`);
        if (pass === 0) continue;
        (impactMs.get(root.id) ?? impactMs.set(root.id, []).get(root.id))?.push(a.ms);
        (graphMs.get(root.id) ?? graphMs.set(root.id, []).get(root.id))?.push(g.ms);
        healthMs.push(h.ms);
      }
    }
    load.push(os.loadavg()[0]);
    const rssAfter = Math.round(rssMb(srv.pid));
    await stopServer(server);
    server = null;
    if (!s) s = await side();

    // The bare walk: the server's recursive CTE over the scratch tables (with the model edges the versions drew).
    await s.query("insert into bench_copy_edges select * from lineage_edges where origin <> 'event' on conflict do nothing");
    await s.query("insert into bench_copy_nodes select * from lineage_nodes where type in ('model', 'deployment') on conflict do nothing");
    await s.query("analyze bench_copy_edges");
    const cteMs = new Map<string, number[]>();
    const cteSize = new Map<string, number>();
    const cte =
      "with recursive walk(id, depth) as (select $1::text, 0 union select e.target, w.depth + 1 from walk w join bench_copy_edges e on e.source = w.id where w.depth < 20) select id, min(depth)::int as depth from walk group by id order by 2, 1";
    for (let pass = 0; pass <= REPS; pass++) {
      for (const root of roots) {
        const t0 = performance.now();
        const found = await s.query<{ id: string }>(cte, [root.id]);
        const ms = performance.now() - t0;
        cteSize.set(root.id, found.length - 1);
        if (pass > 0) (cteMs.get(root.id) ?? cteMs.set(root.id, []).get(root.id))?.push(ms);
      }
    }
    const final = await counts(s);

    // Checks: the walk finds what the generator made; impact lists the versions trained downstream.
    const mismatches: string[] = [];
    const perRoot = roots.map((root) => {
      const down = downstream(root.id);
      let models = 0;
      for (const id of down) models += versionsOfJob.get(id) ?? 0;
      if (impactItems.get(root.id) !== models)
        mismatches.push(`${root.id}: impact listed ${impactItems.get(root.id)} versions, ${models} expected`);
      if (cteSize.get(root.id) !== down.size + models)
        mismatches.push(`${root.id}: the CTE reached ${cteSize.get(root.id)} nodes, ${down.size + models} expected`);
      const im = median(impactMs.get(root.id) ?? []);
      const cm = median(cteMs.get(root.id) ?? []);
      return {
        root: root.id,
        downstreamNodes: down.size,
        modelVersions: models,
        graphNodes: graphNodes.get(root.id) ?? 0,
        impactMs: r1(im),
        graphMs: r1(median(graphMs.get(root.id) ?? [])),
        cteMs: r2(cm),
        impactOverCte: r1(im / cm),
      };
    });

    const allImpact = [...impactMs.values()].flat();
    const allGraph = [...graphMs.values()].flat();
    const allCte = [...cteMs.values()].flat();
    const bigIds = new Set(big.map((b) => b.id));
    const sub = (m: Map<string, number[]>, want: boolean) =>
      [...m.entries()].filter(([id]) => bigIds.has(id) === want).flatMap(([, v]) => v);
    const result = {
      driver: driverName(),
      cores: os.cpus().length,
      loadAvg1m: load.map(r2),
      pgCopyStreams: fs.existsSync("node_modules/pg-copy-streams")
        ? "installed"
        : "not installed: COPY through psql's \\copy (Postgres) or '/dev/blob' (PGlite)",
      graph: {
        pipelines: land.pipelines,
        jobs: land.jobs.length,
        events: land.events.length,
        batches: batches.length,
        batchSize: BATCH,
        requestMegabytes: r1(requestMb),
        expected,
        storedAtEnd: final,
      },
      baseline: {
        copySeconds: { nodesEdges: r3(base.copy.nodesEdges), allFourTables: r3(base.copy.all), perTable: base.copy.perTable },
        insertSeconds: { nodesEdges: r3(base.insert.nodesEdges), allFourTables: r3(base.insert.all), perTable: base.insert.perTable },
        copyNodesPerSecond: Math.round(expected.nodes / base.copy.all),
        csvMegabytes: r1(base.bytes / 1e6),
      },
      ingest: runs.map((r) => ({
        ...r,
        vsCopyAllTables: r3(base.copy.all / r.seconds),
        vsCopyNodesEdges: r3(base.copy.nodesEdges / r.seconds),
        vsInsertAllTables: r3(base.insert.all / r.seconds),
      })),
      models: { versions: versions.length, models: byModel.size, seconds: r1(modelSeconds) },
      queries: {
        roots: roots.length,
        reps: REPS,
        impactMs: stats(allImpact),
        impactBigRootsMs: stats(sub(impactMs, true)),
        impactSmallRootsMs: stats(sub(impactMs, false)),
        graphDepth3Ms: stats(allGraph),
        cteMs: stats(allCte),
        healthMs: stats(healthMs),
        impactP50OverCteP50: r1(median(allImpact) / median(allCte)),
        impactP50OverHealthP50: r1(median(allImpact) / median(healthMs)),
        graphP50OverHealthP50: r1(median(allGraph) / median(healthMs)),
        impactSetNodes: {
          min: Math.min(...perRoot.map((p) => p.downstreamNodes)),
          median: median(perRoot.map((p) => p.downstreamNodes)),
          max: Math.max(...perRoot.map((p) => p.downstreamNodes)),
        },
        impactSetModelVersions: {
          min: Math.min(...perRoot.map((p) => p.modelVersions)),
          median: median(perRoot.map((p) => p.modelVersions)),
          max: Math.max(...perRoot.map((p) => p.modelVersions)),
        },
      },
      serverRssMbAfter: rssAfter,
      totalSeconds: r1((performance.now() - started) / 1000),
    };
    console.log("\nper root (medians of the timed passes):");
    console.table(perRoot.map((p) => ({ ...p, root: p.root.length > 60 ? `${p.root.slice(0, 57)}...` : p.root })));
    console.log(JSON.stringify(result, null, 2));

    const md: string[] = [
      `### Lineage: ${int(final.nodes)} nodes, ${int(final.edges)} edges (${result.driver}, ${result.cores} cores, load ${result.loadAvg1m.join(" → ")})`,
      "",
      "| measure | value | baseline in this run | ratio |",
      "|---|---|---|---|",
      ...result.ingest.map(
        (r) =>
          `| ingest, ${r.clients} client${r.clients > 1 ? "s" : ""}, ${BATCH} events a POST | ${int(r.eventsPerSecond)} events/s, ${int(r.nodesPerSecond)} nodes/s (${r1(r.seconds)} s; POST p50 ${r.requestMs.p50} ms, p95 ${r.requestMs.p95} ms${r.retries ? `; ${r.retries} POSTs answered 409 busy (deadlock) and were retried` : ""}) | COPY of the same rows ${r1(base.copy.all)} s (${int(result.baseline.copyNodesPerSecond)} nodes/s); nodes+edges alone ${r1(base.copy.nodesEdges)} s; 1,000-row INSERTs ${r1(base.insert.all)} s | ${r.vsCopyAllTables} of COPY (${r.vsCopyNodesEdges} of nodes+edges COPY; ${r.vsInsertAllTables} of INSERT) |`,
      ),
      `| impact, ${roots.length} roots × ${REPS} | p50 ${result.queries.impactMs.p50} ms, p95 ${result.queries.impactMs.p95}, max ${result.queries.impactMs.max} | bare recursive CTE p50 ${result.queries.cteMs.p50} ms, p95 ${result.queries.cteMs.p95}, max ${result.queries.cteMs.max}; GET /api/health p50 ${result.queries.healthMs.p50} ms | ${result.queries.impactP50OverCteP50}× CTE, ${result.queries.impactP50OverHealthP50}× health (p50) |`,
      `| impact, ${big.length} largest roots | p50 ${result.queries.impactBigRootsMs.p50} ms, p95 ${result.queries.impactBigRootsMs.p95}, max ${result.queries.impactBigRootsMs.max} | | |`,
      `| impact, ${rest.length} random roots | p50 ${result.queries.impactSmallRootsMs.p50} ms, p95 ${result.queries.impactSmallRootsMs.p95}, max ${result.queries.impactSmallRootsMs.max} | | |`,
      `| graph, both, depth 3 | p50 ${result.queries.graphDepth3Ms.p50} ms, p95 ${result.queries.graphDepth3Ms.p95}, max ${result.queries.graphDepth3Ms.max} | GET /api/health p50 ${result.queries.healthMs.p50} ms | ${result.queries.graphP50OverHealthP50}× health (p50) |`,
      `| impact set sizes | downstream nodes ${result.queries.impactSetNodes.min}–${result.queries.impactSetNodes.max} (median ${result.queries.impactSetNodes.median}); model versions ${result.queries.impactSetModelVersions.min}–${result.queries.impactSetModelVersions.max} (median ${result.queries.impactSetModelVersions.median}) | | |`,
      "",
    ];
    console.log(md.join("\n"));
    if (mismatches.length) throw new Error(`answers differ from the generated graph:\n${mismatches.slice(0, 20).join("\n")}`);
  } finally {
    await stopServer(server);
    await s?.end();
    await closeDb();
    if (process.env.BENCH_KEEP === "1") console.log(`kept the store: ${process.env.DATABASE_URL ?? process.env.DATA_DIR}`);
    else await cleanup();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
