// Server reads at the scale of a real portfolio (issue 18, item 3), against the scale dataset of `npm run bench:seed`
// (bench/scale/seed.ts; run first when there is none): `next start` on the built app with DATABASE_URL pointing at it,
// a bearer token of the seed's bench user, and each read called BENCH_REPS times (default 20) after 3 warm-up calls,
// one at a time, timed as the HTTP round trip on localhost (the app sends no Server-Timing header: lib/api/handler.ts).
// Beside each read, its bare SQL: the statements the same lib function runs, captured in this process by a logger on
// pg's Client.query (after a warm-up call, so the caches a warm server holds are held here too), then replayed in
// order, with their parameters, on a plain pg connection, timed the same number of times in the same run.
// Prints one table: read, HTTP median and p95, bare SQL median, ratio (HTTP median ÷ bare median), and the goal
// (< 100 ms p95 and ≤ 2× the bare SQL; < 200 ms for the 30-day step-1h telemetry read), with what misses and by how much.
//   Build:  npx next build      Seed: npm run bench:seed      Run: npm run bench -- reads
// BENCH_PORT (default 3690), BENCH_REPS (20), NEXT_DIST_DIR (.next). The server runs with STEWARD_RETAIN_MINUTE_DAYS=120,
// so its retention pass keeps the seeded minute rollups.
import type { ChildProcess } from "node:child_process";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, getDb } from "../db/client";
import type { Actor } from "../lib/auth/actor";
import { SYSTEM } from "../lib/auth/actor";
import { issueToken } from "../lib/auth/tokens";
import { debugView } from "../lib/dashboards/debug";
import { DebugQuery } from "../lib/dashboards/debug-schemas";
import { executiveView } from "../lib/dashboards/executive";
import { ExecutiveQuery } from "../lib/dashboards/executive-schemas";
import { onCallView } from "../lib/dashboards/on-call";
import { OnCallQuery } from "../lib/dashboards/schemas";
import { getModel, listModels } from "../lib/inventory/models";
import { ListModelsQuery } from "../lib/inventory/schemas";
import { lineageImpact } from "../lib/lineage/graph";
import { NodeRefQuery } from "../lib/lineage/schemas";
import { getRelease } from "../lib/releases/read";
import { readTelemetry } from "../lib/telemetry/read";
import { TelemetryQuery } from "../lib/telemetry/schemas";
import { benchServer, pct } from "./lib/server";
import { BENCH_USER, scaleUrlForReads } from "./scale/store";

const PORT = Number(process.env.BENCH_PORT ?? 3690);
const REPS = Number(process.env.BENCH_REPS ?? 20);
const WARM = 3;
/** A call not answered by then is given up (and what it runs in the store cancelled): BENCH_READ_LIMIT_MS, default 20 s. */
const LIMIT_MS = Number(process.env.BENCH_READ_LIMIT_MS ?? 20_000);
const DIST = process.env.NEXT_DIST_DIR ?? ".next";
const r1 = (x: number) => Math.round(x * 10) / 10;

type Captured = { text: string; values?: unknown[] };
const captured: Captured[] = [];
let capturing = false;

/** Every statement pg's clients send in this process while `capturing` is on. */
async function installLogger() {
  const pg = (await import("pg")).default;
  const orig = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    if (capturing) {
      const [a, b] = args;
      if (typeof a === "string") captured.push({ text: a, values: Array.isArray(b) ? b : undefined });
      else if (a && typeof a === "object" && "text" in a) {
        const cfg = a as { text: string; values?: unknown[] };
        captured.push({ text: cfg.text, values: cfg.values ?? (Array.isArray(b) ? b : undefined) });
      }
    }
    return orig.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

type Read = { name: string; url: string; lib: () => Promise<unknown>; goalMs: number };

async function main() {
  if (!fs.existsSync(path.join(DIST, "BUILD_ID"))) throw new Error(`No build in ${DIST}: run npx next build first.`);
  let url = scaleUrlForReads();
  if (!url) {
    console.log("no scale dataset yet: running npm run bench:seed");
    const r = spawnSync("npm", ["run", "bench:seed"], { stdio: "inherit", env: process.env });
    if (r.status !== 0) throw new Error("npm run bench:seed failed");
    url = scaleUrlForReads();
    if (!url) throw new Error("the seed left no scale dataset");
  }
  process.env.DATABASE_URL = url;
  process.env.STEWARD_RETAIN_MINUTE_DAYS = "120";
  // The server refuses to start without a checkpoint signing key (any will do for reads).
  process.env.AUDIT_SIGNING_KEY ??= randomBytes(32).toString("base64");
  await installLogger();
  await getDb();
  const { Client } = await import("pg");
  const bare = new Client({ connectionString: url });
  await bare.connect();
  const one = async <T>(text: string) => (await bare.query(text)).rows[0] as T;

  const { token } = await issueToken(SYSTEM, BENCH_USER, { name: "bench-reads", scopes: ["read"] });
  const user = await one<{ id: number }>(`select id from users where email = '${BENCH_USER}'`);
  const actor: Actor = { type: "user", userId: Number(user.id), email: BENCH_USER, name: "Bench reads", roles: ["admin"] };

  // What the reads are about: the first model with telemetry, a pending release, the raw dataset feeding the most.
  const model = (
    await one<{ name: string }>(
      "select m.name from models m join model_versions v on v.model_id = m.id where v.id = (select min(version_id) from telemetry_rollups_day)",
    )
  ).name;
  const release = (await one<{ id: string }>("select id from releases where status = 'pending' order by requested_at desc limit 1")).id;
  const raw = (
    await one<{ id: string; n: number }>(
      `select e.source as id, count(*)::int as n from lineage_edges e join lineage_nodes s on s.id = e.source
       where s.type = 'dataset' and s.name like 'raw.%' group by 1 order by 2 desc, 1 limit 1`,
    )
  ).id;
  const owner = (await one<{ owner: string }>("select owner from models order by id limit 1")).owner;
  const DAY = 86_400_000;
  const to = new Date(Math.floor(Date.now() / DAY) * DAY).toISOString();
  const from = new Date(Date.parse(to) - 30 * DAY).toISOString();

  const { startServer, stopServer, must } = benchServer(PORT);
  let server: ChildProcess | null = null;
  try {
    server = (await startServer()).child;
    // The cursor 50 pages in (followed untimed).
    let cursor = "";
    for (let i = 0; i < 50; i++) {
      const page = (await must(token, "GET", `/api/v1/models?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)) as {
        nextCursor: string | null;
      };
      if (!page.nextCursor) throw new Error(`the inventory ended after ${i + 1} pages`);
      cursor = page.nextCursor;
    }
    const inv = (qs: Record<string, string>): Read => ({
      name: `inventory ${
        Object.keys(qs).length
          ? Object.entries(qs)
              .map(([k, v]) => (k === "cursor" ? "cursor, page 51" : `${k}=${v}`))
              .join(" ")
          : "(no filter)"
      }`,
      url: `/api/v1/models?${new URLSearchParams(qs)}`,
      lib: () => listModels(actor, ListModelsQuery.parse(qs)),
      goalMs: 100,
    });
    const reads: Read[] = [
      inv({}),
      inv({ riskTier: "high" }),
      inv({ stage: "production" }),
      inv({ owner }),
      inv({ team: "team-07" }),
      inv({ tag: "tag-12" }),
      inv({ q: "fraud" }),
      inv({ cursor }),
      { name: "model page API", url: `/api/v1/models/${model}`, lib: () => getModel(actor, model), goalMs: 100 },
      { name: "release with its checks (pending)", url: `/api/v1/releases/${release}`, lib: () => getRelease(actor, release), goalMs: 100 },
      {
        name: "lineage impact of a raw dataset",
        url: `/api/v1/lineage/impact?node=${encodeURIComponent(raw)}`,
        lib: () => lineageImpact(actor, NodeRefQuery.parse({ node: raw })),
        goalMs: 100,
      },
      ...(["24h", "7d"] as const).map((range) => ({
        name: `on-call dashboard ${range}`,
        url: `/api/v1/dashboards/on-call?range=${range}`,
        lib: () => onCallView(actor, OnCallQuery.parse({ range })),
        goalMs: 100,
      })),
      ...(["24h", "7d"] as const).map((range) => ({
        name: `debug dashboard ${range}`,
        url: `/api/v1/dashboards/debug?model=${model}&range=${range}`,
        lib: () => debugView(actor, DebugQuery.parse({ model, range })),
        goalMs: 100,
      })),
      ...(["30d", "90d"] as const).map((period) => ({
        name: `executive dashboard ${period}`,
        url: `/api/v1/dashboards/executive?period=${period}`,
        lib: () => executiveView(actor, ExecutiveQuery.parse({ period })),
        goalMs: 100,
      })),
      {
        name: "telemetry 30 d, step 1h",
        url: `/api/v1/models/${model}/telemetry?from=${from}&to=${to}&step=1h`,
        lib: () => readTelemetry(actor, model, TelemetryQuery.parse({ from, to, step: "1h" })),
        goalMs: 200,
      },
    ];

    const rows: {
      name: string;
      med: number;
      p95: number;
      bareMed: number;
      statements: number;
      goalMs: number;
      bytes: number;
      stuck?: string;
    }[] = [];
    // One call, given up after LIMIT_MS: the statements the store is then still running for it are named and cancelled.
    const timed = async (u: string): Promise<{ ms: number; bytes: number } | { stuck: string }> => {
      const t0 = performance.now();
      try {
        const res = await fetch(`http://127.0.0.1:${PORT}${u}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(LIMIT_MS),
        });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`GET ${u}: ${res.status} ${text.slice(0, 300)}`);
        return { ms: performance.now() - t0, bytes: text.length };
      } catch (e) {
        if (!(e instanceof Error) || (e.name !== "TimeoutError" && e.name !== "AbortError")) throw e;
        const active = (
          await bare.query(
            `select regexp_replace(query, '\\s+', ' ', 'g') as q, pg_cancel_backend(pid) as cancelled from pg_stat_activity
             where datname = current_database() and state = 'active' and pid <> pg_backend_pid() order by query_start`,
          )
        ).rows as { q: string }[];
        return { stuck: active.map((a) => a.q.slice(0, 600)).join(" | ") || "(nothing running in the store)" };
      }
    };
    for (const r of reads) {
      const http: number[] = [];
      let bytes = 0;
      let stuck = "";
      for (let i = 0; i < WARM + REPS && !stuck; i++) {
        const x = await timed(r.url);
        if ("stuck" in x) stuck = x.stuck;
        else {
          if (i >= WARM) http.push(x.ms);
          bytes = x.bytes;
        }
      }
      if (stuck) {
        rows.push({
          name: r.name,
          med: Number.NaN,
          p95: Number.NaN,
          bareMed: Number.NaN,
          statements: 0,
          goalMs: r.goalMs,
          bytes: 0,
          stuck,
        });
        console.log(`${r.name}: no answer within ${LIMIT_MS / 1000} s; the store was running: ${stuck}`);
        continue;
      }
      // The statements: the lib function once to warm, once captured.
      await r.lib();
      captured.length = 0;
      capturing = true;
      try {
        await r.lib();
      } finally {
        capturing = false;
      }
      const stmts = [...captured];
      const replay = async () => {
        const t0 = performance.now();
        for (const s of stmts) await bare.query(s.text, s.values);
        return performance.now() - t0;
      };
      for (let i = 0; i < WARM; i++) await replay();
      const sqlMs: number[] = [];
      for (let i = 0; i < REPS; i++) sqlMs.push(await replay());
      const row = {
        name: r.name,
        med: pct(http, 50),
        p95: pct(http, 95),
        bareMed: pct(sqlMs, 50),
        statements: stmts.length,
        goalMs: r.goalMs,
        bytes,
      };
      rows.push(row);
      console.log(
        `${r.name}: HTTP median ${r1(row.med)} ms, p95 ${r1(row.p95)} ms (${bytes} bytes); bare SQL ${stmts.length} statement(s) median ${r1(row.bareMed)} ms`,
      );
      if (process.env.BENCH_SHOW_SQL) for (const s of stmts) console.log(`    ${s.text.replace(/\s+/g, " ").slice(0, 400)}`);
    }
    await stopServer(server);
    server = null;

    const misses: string[] = [];
    const md = [
      `### Server reads on the scale dataset (${os.cpus().length} cores, load ${os.loadavg().map(r1).join(", ")}; ${REPS} calls each after ${WARM} warm-up)`,
      "",
      "| read | median | p95 | bare SQL median (statements) | ratio | goal |",
      "|---|---|---|---|---|---|",
      ...rows.map((r) => {
        if (r.stuck) {
          misses.push(`- ${r.name}: no answer within ${LIMIT_MS / 1000} s (cancelled; the store was running: ${r.stuck.slice(0, 300)}…)`);
          return `| ${r.name} | > ${LIMIT_MS / 1000} s | > ${LIMIT_MS / 1000} s | — | — | < ${r.goalMs} ms p95, ≤ 2×: **missed** |`;
        }
        const ratio = r.med / r.bareMed;
        const okP95 = r.p95 < r.goalMs;
        const okRatio = ratio <= 2;
        const why = [
          okP95 ? "" : `p95 ${r1(r.p95)} ms is ${r1(r.p95 - r.goalMs)} ms over ${r.goalMs} ms`,
          okRatio ? "" : `${r1(ratio)}× its bare SQL (${r1(r.med - 2 * r.bareMed)} ms over 2×)`,
        ].filter(Boolean);
        if (why.length) misses.push(`- ${r.name}: ${why.join("; ")}`);
        return `| ${r.name} | ${r1(r.med)} ms | ${r1(r.p95)} ms | ${r1(r.bareMed)} ms (${r.statements}) | ${r1(ratio)}× | < ${r.goalMs} ms p95, ≤ 2×: ${why.length ? "**missed**" : "met"} |`;
      }),
      "",
      misses.length ? `Missed:\n${misses.join("\n")}` : "Every read met its goal.",
      "",
    ];
    console.log(`\n${md.join("\n")}`);
  } finally {
    await stopServer(server);
    await bare.end();
    await closeDb();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
