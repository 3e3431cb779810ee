// `npm run bench:seed`: the scale dataset of issue 18 (a real portfolio's size), for bench/reads.ts and the web
// benchmark. Written into the database `steward_scale` (BENCH_SCALE_DB; dropped and made again) on the DATABASE_URL
// server, which must be local; with DATABASE_URL unset, on a private cluster started with tests/pg-cluster.ts's
// startPrimary and left running (recorded in .bench-scale.json; `npm run bench:seed -- --stop` stops and removes it).
// The schema is the app's own: getDb() migrates it. Every table is filled in bulk: `insert … select generate_series`
// in SQL, or COPY (psql's \copy, streamed) for what is computed here; never a row at a time.
//   - 5,000 models (BENCH_SEED_MODELS), 10 versions each; owners, teams, risk tiers, tags spread over them.
//   - 10,000 releases (2 a model: the 9th version's decided, the newest's pending, approved, rejected or sent back)
//     with their checks and decisions.
//   - 1,000,000 audit entries (BENCH_SEED_AUDIT) forming a valid chain, with their Merkle tree rows, computed by
//     bench/lib/audit-trail.ts (as appendAudit would) and COPY'd; `verifyAudit` checks the trail at the end.
//   - 100,000 lineage nodes (BENCH_SEED_NODES): bench/lib/lineage-landscape.ts's pipelines folded into the rows the
//     ingest stores (bench/lib/lineage-rows.ts), COPY'd; training runs linked to the newest versions of 1,000 models.
//   - Telemetry of 500 active versions (the production versions of the first models) over 90 days: minute rollups
//     for the last BENCH_SEED_MINUTE_DAYS days (default 7; up to 90 = 64.8 M minute rows, about 20 GB, which this
//     shared 2-core machine cannot write in minutes), generated in SQL a day at a time, each day's hours merged from
//     its minutes (bench/lib/telemetry-fold.ts, as bench/telemetry.ts does); the hours before the minute span
//     generated directly at hour grain; the days merged from the hours; their p50/p95/p99 by the library's
//     fillQuantiles. The partitions for every day (minute rollups) and month (hour rollups) are made
//     before the rows are written, named as lib/ops/retention.ts names them, so no row lands in a DEFAULT partition;
//     the retention pass then runs with STEWARD_RETAIN_MINUTE_DAYS=120 (and must move nothing out of a DEFAULT
//     partition). A server reading this store must run with STEWARD_RETAIN_MINUTE_DAYS ≥ 91, or its own retention
//     pass drops the minute rollups older than 14 days (bench/reads.ts sets 120).
//   - KPIs (4 definitions, a daily point per active model for 90 days) and deployments (each production version's
//     rollout: started, progressing, completed; and staging).
// Prints what it made and how long each part took.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { closeDb, getDb } from "../../db/client";
import { verifyAudit } from "../../lib/audit/read";
import { SYSTEM } from "../../lib/auth/actor";
import { createUser } from "../../lib/auth/users";
import { nodeId } from "../../lib/lineage/ids";
import { PARTITIONED, partitionName, retentionConfig, runRetention } from "../../lib/ops/retention";
import { currentPolicy } from "../../lib/releases/policies";
import { fillQuantiles } from "../../lib/telemetry/compact";
import { pgBin, pgRun, startPrimary } from "../../tests/pg-cluster";
import { auditTrail } from "../lib/audit-trail";
import { landscape } from "../lib/lineage-landscape";
import { LINEAGE_TABLES, storedRows, toCsv } from "../lib/lineage-rows";
import { mergeTierSql } from "../lib/telemetry-fold";
import { BENCH_USER, type ClusterState, copyRows, csv, readClusterState, SCALE_DB, STATE_FILE, scaleUrls } from "./store";

const MODELS = Number(process.env.BENCH_SEED_MODELS ?? 5000);
const VERSIONS_PER_MODEL = 10;
const AUDIT = Number(process.env.BENCH_SEED_AUDIT ?? 1_000_000);
const NODES = Number(process.env.BENCH_SEED_NODES ?? 100_000);
const ACTIVE = Number(process.env.BENCH_SEED_ACTIVE ?? 500);
const MINUTE_DAYS = Math.min(90, Number(process.env.BENCH_SEED_MINUTE_DAYS ?? 7));
const DAYS = 90;
const LINKED_MODELS = Math.min(1000, MODELS);
const SEED = Number(process.env.BENCH_SEED ?? 20261120);
const DAY = 86_400_000;

const r1 = (x: number) => Math.round(x * 10) / 10;
const int = (x: number) => Math.round(x).toLocaleString("en-US");

async function cluster(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const running = readClusterState();
  if (running) {
    try {
      pgRun(running.bin, "pg_ctl", ["-D", running.dir, "status"]);
      return running.url;
    } catch {
      console.log(`the private cluster of ${STATE_FILE} is not running; starting a new one`);
      fs.rmSync(running.root, { recursive: true, force: true });
    }
  }
  const bin = pgBin();
  if (!bin) throw new Error("DATABASE_URL is unset and no PostgreSQL binaries are installed (/usr/lib/postgresql/*/bin)");
  const c = await startPrimary(bin);
  const url = c.url();
  const state: ClusterState = { url, root: c.root, dir: c.dir, bin, port: c.port };
  fs.writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
  console.log(`started a private PostgreSQL cluster: ${url} (folder ${c.root}; recorded in ${STATE_FILE})`);
  return url;
}

function stop() {
  const st = readClusterState();
  if (!st) return console.log("no private cluster recorded");
  try {
    pgRun(st.bin, "pg_ctl", ["-D", st.dir, "-m", "fast", "-w", "stop"]);
  } catch {
    // already stopped
  }
  fs.rmSync(st.root, { recursive: true, force: true });
  fs.rmSync(STATE_FILE, { force: true });
  console.log(`stopped and removed ${st.root}`);
}

async function main() {
  if (process.argv.includes("--stop")) return stop();
  const started = performance.now();
  const serverUrl = await cluster();
  const { admin, scale } = scaleUrls(serverUrl);
  const { Client } = await import("pg");
  {
    const a = new Client({ connectionString: admin });
    await a.connect();
    await a.query(`drop database if exists ${SCALE_DB} with (force)`);
    await a.query(`create database ${SCALE_DB}`);
    // A private cluster is ours to tune for the load (a shared server is left as it is).
    if (!process.env.DATABASE_URL) {
      await a.query("alter system set max_wal_size = '8GB'");
      await a.query("alter system set checkpoint_timeout = '30min'");
      await a.query("select pg_reload_conf()");
    }
    await a.end();
  }
  process.env.DATABASE_URL = scale;
  process.env.STEWARD_RETAIN_MINUTE_DAYS = "120";
  const times: [string, number, string][] = [];
  const part = async <T>(name: string, fn: () => Promise<T>, what: (r: T) => string): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    const s = (performance.now() - t0) / 1000;
    times.push([name, s, what(r)]);
    console.log(`${name}: ${what(r)} in ${r1(s)} s`);
    return r;
  };

  await part(
    "schema",
    async () => {
      await getDb();
      await currentPolicy();
    },
    () => "migrated (db/client.ts getDb), release policy v1 (the defaults)",
  );
  const c = new Client({ connectionString: scale });
  await c.connect();
  await c.query("set synchronous_commit = off");
  await c.query("set maintenance_work_mem = '512MB'");
  await c.query("set work_mem = '256MB'");
  await c.query("set timezone = 'UTC'");
  const q = async (text: string, params: unknown[] = []) => (await c.query(text, params)).rowCount ?? 0;

  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const today = Math.floor(now / DAY) * DAY;
  const nowIso = new Date(now).toISOString();

  // ---- Inventory
  await part(
    "models and versions",
    async () => {
      const m = await q(
        `insert into models (name, title, description, owner, maintainers, team, risk_tier, use_case, tags, created_by, created_at, updated_at)
         select format('model-%s', lpad(i::text, 5, '0')), format('Model %s', i),
                format('Synthetic model %s of the scale dataset: %s scoring', i, (array['fraud','churn','credit','pricing','search','ranking','forecast','support'])[1 + i % 8]),
                format('owner%s@example.com', i % 200), array[format('maint%s@example.com', i % 300)], format('team-%s', lpad((i % 40)::text, 2, '0')),
                (array['low','medium','high','critical'])[1 + (i * 7) % 4]::risk_tier,
                (array['fraud','churn','credit','pricing','search','ranking','forecast','support'])[1 + i % 8],
                array[format('tag-%s', i % 30), format('tag-%s', (i % 30 + 1 + i % 7) % 30)],
                'bench-seed', $1::timestamptz - make_interval(mins => 200000 - i * 20), $1::timestamptz - make_interval(mins => (i * 37) % 100000)
         from generate_series(1, $2::int) i`,
        [nowIso, MODELS],
      );
      // Version k (0…9) of each model; the newest (9) is in production for 3 models in 5, else staging or development.
      const v = await q(
        `insert into model_versions (model_id, version, description, artifact_uri, framework, git_commit, metrics, params, stage, stage_changed_at, created_by, created_at)
         select m.id, format('1.%s.0', k), format('build %s', k), format('s3://ml-artifacts/models/%s/1.%s.0', m.name, k),
                (array['xgboost','pytorch','sklearn','lightgbm'])[1 + (m.id + k) % 4], md5(m.name || k),
                jsonb_build_object('auc', round((0.7 + ((m.id * 31 + k * 7) % 250) / 1000.0)::numeric, 3), 'f1', round((0.6 + ((m.id * 17 + k) % 300) / 1000.0)::numeric, 3)),
                jsonb_build_object('max_depth', 4 + k % 6, 'learning_rate', 0.05),
                (case when k = 9 then (array['production','production','production','staging','development'])[1 + m.id % 5]
                      when k = 8 then 'archived' else (array['archived','retired'])[1 + k % 2] end)::stage,
                m.created_at + make_interval(days => k * 9), 'bench-seed', m.created_at + make_interval(days => k * 9)
         from models m, generate_series(0, ${VERSIONS_PER_MODEL - 1}) k`,
      );
      return { m, v };
    },
    (r) => `${int(r.m)} models, ${int(r.v)} versions`,
  );

  // ---- Releases and decisions
  await part(
    "releases and decisions",
    async () => {
      const checks = JSON.stringify([
        {
          name: "card_completeness",
          title: "Model card complete",
          status: "pass",
          blocking: true,
          detail: "card 92% complete",
          evidence: [],
        },
        { name: "bias_audit", title: "Bias audit passed", status: "pass", blocking: true, detail: "latest audit passed", evidence: [] },
        { name: "evaluation", title: "Evaluation recorded", status: "pass", blocking: false, detail: "2 evaluations", evidence: [] },
        {
          name: "lineage_inputs",
          title: "Training data known",
          status: "warn",
          blocking: false,
          detail: "no training run linked",
          evidence: [],
        },
        { name: "no_page_alert", title: "No page alert firing", status: "pass", blocking: true, detail: "none firing", evidence: [] },
      ]);
      const r = await q(
        `insert into releases (model_id, version_id, kind, target_stage, summary, reason, rollout, status, round, policy_version, required_approvals,
                               requires_compliance, checks, requested_by, stewards_at_request, requested_at, updated_at, decided_at)
         select m.id, v.id, 'release', (case when v.version = '1.9.0' and m.id % 5 = 3 then 'staging' else 'production' end)::stage,
                format('Release %s %s', m.name, v.version), null, '{"strategy":"canary","canaryPercent":10}'::jsonb,
                (case when v.version = '1.8.0' then 'approved'
                      else (array['pending','approved','approved','rejected','changes_requested','approved','approved','approved','pending','approved'])[1 + m.id % 10] end)::release_status,
                1, 1, case when m.risk_tier in ('high', 'critical') then 2 else 1 end, m.risk_tier = 'critical', $1::jsonb,
                m.owner, jsonb_build_object('owner', m.owner, 'maintainers', m.maintainers), v.created_at + interval '1 hour', v.created_at + interval '1 day',
                case when v.version = '1.8.0' or m.id % 10 not in (0, 8) then v.created_at + interval '1 day' end
         from models m join model_versions v on v.model_id = m.id and v.version in ('1.8.0', '1.9.0')`,
        [checks],
      );
      const d = await q(
        `insert into release_decisions (release_id, round, reviewer, reviewer_name, reviewer_roles, decision, comment, created_at)
         select r.id, 1, format('reviewer%s@example.com', (m.id + k) % 40), format('Reviewer %s', (m.id + k) % 40),
                case when k = 1 then array['compliance'] else array['reviewer'] end,
                (case r.status when 'rejected' then 'reject' when 'changes_requested' then 'request_changes' else 'approve' end)::decision_kind,
                'Looked at the evidence.', coalesce(r.decided_at, r.updated_at) - make_interval(mins => 60 - k)
         from releases r join models m on m.id = r.model_id, generate_series(0, 1) k
         where r.status <> 'pending' and k < r.required_approvals`,
      );
      return { r, d };
    },
    (x) => `${int(x.r)} releases, ${int(x.d)} decisions`,
  );

  // ---- Audit trail
  const modelNames = Array.from({ length: MODELS }, (_, i) => `model-${String(i + 1).padStart(5, "0")}`);
  const ACTIONS = ["version.updated", "model.updated", "release.requested", "release.decided", "card.updated", "evaluation.recorded"];
  let head = { seq: 0, hash: "" };
  await part(
    "audit trail",
    async () => {
      const logLines: string[] = [];
      const treeLines: string[] = [];
      let written = 0;
      const trail = auditTrail(AUDIT, {
        startMs: now - DAYS * DAY,
        stepMs: Math.floor((DAYS * DAY - 3_600_000) / AUDIT),
        entryOf: (seq) => {
          const model = modelNames[(seq * 7919) % MODELS];
          const action = ACTIONS[seq % ACTIONS.length];
          return {
            actor: { type: "user", id: String(1 + (seq % 50)), email: `owner${seq % 200}@example.com` },
            action,
            entity: action.startsWith("model") ? { type: "model", id: model } : { type: "model_version", id: `${model}@1.${seq % 10}.0` },
            before: { stage: "staging" },
            after: { stage: "production", note: `change ${seq}` },
          };
        },
      });
      // Batches of 100,000 entries: the log rows and the tree rows, each COPY'd in turn.
      const flush = async () => {
        await copyRows(
          scale,
          "audit_log",
          [
            "seq",
            "at",
            "actor_type",
            "actor_id",
            "actor_email",
            "action",
            "entity_type",
            "entity_id",
            "before",
            "after",
            "request_id",
            "prev_hash",
            "hash",
          ],
          logLines,
        );
        await copyRows(scale, "audit_tree", ["level", "idx", "hash"], treeLines);
        written += logLines.length;
        logLines.length = 0;
        treeLines.length = 0;
      };
      let tree = 0;
      for (const { entry: e, tree: nodes } of trail) {
        logLines.push(
          `${e.seq},${e.at},${e.actor.type},${csv(e.actor.id)},${csv(e.actor.email)},${e.action},${e.entity.type},${csv(e.entity.id)},${csv(e.before)},${csv(e.after)},,${e.prevHash},${e.hash}\n`,
        );
        for (const n of nodes) treeLines.push(`${n.level},${n.index},\\x${n.hash.toString("hex")}\n`);
        tree += nodes.length;
        head = { seq: e.seq, hash: e.hash };
        if (logLines.length >= 100_000) await flush();
      }
      if (logLines.length) await flush();
      return { written, tree };
    },
    (x) => `${int(x.written)} entries (chain and hashes computed here), ${int(x.tree)} tree rows, COPY'd`,
  );

  // Written through the library (each appends to the trail, continuing the chain and the tree from the seeded head).
  await part(
    "bench user",
    async () => {
      await createUser(SYSTEM, { email: BENCH_USER, name: "Bench reads", roles: ["admin"] });
    },
    () => "the bench user (through the library, after the trail)",
  );

  // ---- Lineage
  await part(
    "lineage",
    async () => {
      const land = landscape(NODES, SEED);
      const data = storedRows(land.events);
      for (const t of LINEAGE_TABLES) await copyRows(scale, t, data[t].columns, [toCsv(data[t])]);
      // Training runs that completed give the newest version of the first LINKED_MODELS models its training edges
      // (job → model and the run's inputs → model, as lib/lineage/link.ts draws them), and production versions their
      // deployment node.
      const trainRuns = land.jobs.filter((j) => j.kind === "train" && !j.fail).slice(0, LINKED_MODELS);
      const links = trainRuns.map((j, i) => ({ model: modelNames[i], runId: j.runId }));
      await q(
        `update model_versions v set training_run_id = x.run_id::uuid from jsonb_to_recordset($1::jsonb) as x(model text, run_id text), models m
         where m.name = x.model and v.model_id = m.id and v.version = '1.9.0'`,
        [JSON.stringify(links.map((l) => ({ model: l.model, run_id: l.runId })))],
      );
      const modelNode = `'model:' || m.name || ':' || v.version`;
      const nodes = await q(
        `insert into lineage_nodes (id, type, namespace, name)
         select ${modelNode}, 'model', m.name, v.version from model_versions v join models m on m.id = v.model_id where v.training_run_id is not null
         union all
         select 'deployment:' || m.name || ':' || v.stage, 'deployment', m.name, v.stage::text from model_versions v join models m on m.id = v.model_id
         where v.training_run_id is not null and v.stage in ('staging', 'production')`,
      );
      const edges = await q(
        `insert into lineage_edges (source, target, run_id, origin, at)
         select r.job_id, ${modelNode}, r.run_id, 'training_run', r.state_at from model_versions v join models m on m.id = v.model_id join lineage_runs r on r.run_id = v.training_run_id
         union
         select i, ${modelNode}, r.run_id, 'training_run', r.state_at from model_versions v join models m on m.id = v.model_id join lineage_runs r on r.run_id = v.training_run_id, unnest(r.inputs) i
         union
         select ${modelNode}, 'deployment:' || m.name || ':' || v.stage, null, 'deployment', v.stage_changed_at from model_versions v join models m on m.id = v.model_id
         where v.training_run_id is not null and v.stage in ('staging', 'production')
         on conflict do nothing`,
      );
      if (nodeId("model", modelNames[0], "1.9.0") !== `model:${modelNames[0]}:1.9.0`) throw new Error("model node ids need encoding");
      const [n] = (await c.query("select count(*)::int as n from lineage_nodes")).rows;
      return { nodes: n.n as number, events: land.events.length, raw: land.rawIds.length, extra: nodes, edges };
    },
    (x) =>
      `${int(x.nodes)} nodes (${int(x.events)} OpenLineage events folded, ${int(x.raw)} raw datasets; ${int(x.extra)} model and deployment nodes, ${int(x.edges)} training and deployment edges)`,
  );

  // ---- Telemetry partitions, then rollups a day at a time
  const firstDay = today - (DAYS - 1) * DAY;
  const minuteFrom = today - (MINUTE_DAYS - 1) * DAY;
  await part(
    "telemetry partitions",
    async () => {
      let made = 0;
      const existing = new Set(
        (await c.query("select relname from pg_class where relname like 'telemetry_rollups_%'")).rows.map((r) => r.relname as string),
      );
      for (const spec of PARTITIONED.filter((s) => s.key === "minute" || s.key === "hour")) {
        for (let d = firstDay; d <= today + DAY; d += DAY) {
          const start = spec.period === "day" ? d : Date.UTC(new Date(d).getUTCFullYear(), new Date(d).getUTCMonth(), 1);
          const end = spec.period === "day" ? start + DAY : Date.UTC(new Date(d).getUTCFullYear(), new Date(d).getUTCMonth() + 1, 1);
          const name = partitionName(spec, start);
          if (existing.has(name)) continue;
          await q(
            `create table "${name}" partition of "${spec.parent}" for values from ('${new Date(start).toISOString()}') to ('${new Date(end).toISOString()}')`,
          );
          existing.add(name);
          made++;
        }
      }
      return made;
    },
    (n) => `${n} partitions made (a day each for minute rollups, a month each for hour rollups, ${DAYS} days back)`,
  );
  await q("create temp table active as select v.id from model_versions v where v.stage = 'production' order by v.model_id limit $1", [
    ACTIVE,
  ]);
  await part(
    "telemetry rollups",
    async () => {
      let minutes = 0;
      let hours = 0;
      let last = performance.now();
      for (let d = firstDay; d <= today; d += DAY) {
        const from = new Date(d).toISOString();
        const to = new Date(Math.min(d + DAY, now)).toISOString();
        // A minute (an hour, before the minute span) of each active version: 30–89 requests a minute; an 8-bin sketch
        // (keys 8 apart, about 17% in latency) around 25–110 ms, slower in the evening hours and for some versions; a
        // few errors, more for 1 version in 50 over the last 2 hours.
        const tier = d >= minuteFrom ? "minute" : "hour";
        const per = tier === "minute" ? 1 : 60;
        const made = await q(
          `insert into telemetry_rollups (version_id, tier, bucket, count, errors, latency_sum, latency_min, latency_max, zero_count, bin_keys, bin_counts)
           select id, '${tier}', t, n, e, n * power(1.0202, k0 + 24), power(1.0202, k0), power(1.0202, k0 + 56), 0,
                  array[k0, k0 + 8, k0 + 16, k0 + 24, k0 + 32, k0 + 40, k0 + 48, k0 + 56],
                  array[c1, c2, c3, c4, c5, c6, c7, n - c1 - c2 - c3 - c4 - c5 - c6 - c7]
           from (select a.id, t, n, e, k0, 1 + floor((n - 8) * 0.03)::int8 as c1, 1 + floor((n - 8) * 0.10)::int8 as c2,
                        1 + floor((n - 8) * 0.22)::int8 as c3, 1 + floor((n - 8) * 0.30)::int8 as c4, 1 + floor((n - 8) * 0.20)::int8 as c5,
                        1 + floor((n - 8) * 0.09)::int8 as c6, 1 + floor((n - 8) * 0.04)::int8 as c7
                 from active a, generate_series($1::timestamptz, $2::timestamptz - interval '1 ${tier}', interval '1 ${tier}') t,
                      lateral (select ${per} * (30 + floor(random() * 60)::int8) as n, 160 + a.id % 13 + 4 * (extract(hour from t) between 18 and 21)::int as k0) x,
                      lateral (select case when a.id % 50 = 0 and t > $3::timestamptz - interval '2 hours' then floor(n * 0.2)::int8
                                           else ${per} * (random() < 0.1)::int::int8 end as e) y) z`,
          [from, to, nowIso],
        );
        if (tier === "hour") {
          hours += made;
          continue;
        }
        minutes += made;
        hours += await q(mergeTierSql("hour", "minute", { start: "$1::timestamptz", end: "$2::timestamptz" }), [from, to]);
        if (performance.now() - last > 15_000) {
          console.log(`  … through ${from.slice(0, 10)}: ${int(minutes)} minute rows, ${int(hours)} hour rows`);
          last = performance.now();
        }
      }
      const days = await q(mergeTierSql("day", "hour"));
      return { minutes, hours, days };
    },
    (x) =>
      `${int(x.minutes)} minute rows (${MINUTE_DAYS} days × ${ACTIVE} versions), ${int(x.hours)} hour rows (${DAYS} days: merged from the minutes, generated before them), ${int(x.days)} day rows`,
  );
  await part(
    "telemetry quantiles",
    () => fillQuantiles(["hour", "day"], 50_000),
    (n) => `p50/p95/p99 of ${int(n)} hour and day rows (lib/telemetry/compact.ts fillQuantiles)`,
  );

  // ---- KPIs and deployments
  await part(
    "KPIs and deployments",
    async () => {
      const defs = await q(
        `insert into kpi_definitions (name, title, unit, higher_is_better, aggregation, owner, created_by)
         values ('revenue', 'Revenue influenced', 'USD', true, 'sum', 'finance@example.com', 'bench-seed'),
                ('conversion', 'Conversion rate', '%', true, 'mean', 'growth@example.com', 'bench-seed'),
                ('losses', 'Fraud losses', 'USD', false, 'sum', 'risk@example.com', 'bench-seed'),
                ('tickets', 'Support tickets deflected', 'tickets', true, 'sum', 'support@example.com', 'bench-seed')`,
      );
      const points = await q(
        `insert into kpi_points (kpi_id, model_id, version_id, ts, value)
         select k.id, v.model_id, v.id, d, case k.aggregation when 'mean' then 2 + random() * 3 else 1000 + random() * 5000 end
         from active a join model_versions v on v.id = a.id, kpi_definitions k,
              generate_series($1::timestamptz, $2::timestamptz, interval '1 day') d
         where (v.model_id + k.id) % 2 = 0`,
        [new Date(firstDay).toISOString(), new Date(today).toISOString()],
      );
      const deps = await q(
        `insert into deployments (version_id, environment, strategy, traffic_percent, status, ts, created_by)
         select v.id, v.stage::text, 'canary', s.pct, s.status, v.stage_changed_at + make_interval(mins => s.k * 30), 'bench-seed'
         from model_versions v,
              (values (0, 'started', 10.0), (1, 'progressing', 50.0), (2, 'completed', 100.0)) as s(k, status, pct)
         where v.stage in ('production', 'staging')`,
      );
      return { defs, points, deps };
    },
    (x) => `${x.defs} KPI definitions, ${int(x.points)} KPI points, ${int(x.deps)} deployment events`,
  );

  await part(
    "vacuum analyze",
    async () => {
      await c.query("vacuum analyze");
    },
    () => "every table",
  );
  await c.end();

  // ---- The retention pass (long minute retention): makes the partitions ahead, must find nothing in DEFAULT
  await part(
    "retention pass",
    async () => {
      const r = await runRetention(Date.now(), { ...retentionConfig(), minute: 120 });
      if (!r) throw new Error("the retention lock was held elsewhere");
      if (r.moved) throw new Error(`${r.moved} rows were in a DEFAULT partition`);
      return r;
    },
    (r) => `${r.created.length} partitions made ahead, ${r.moved} rows moved out of DEFAULT, ${r.dropped.length} dropped`,
  );

  // ---- The audit trail verified as `npm run portal -- audit verify` does
  await part(
    "audit verify",
    async () => {
      const v = await verifyAudit(SYSTEM);
      if (!v.ok) throw new Error(`audit verify failed at seq ${v.firstBadSeq}: ${v.reason}`);
      if (!v.head || v.head.seq < head.seq) throw new Error(`audit verify ended at ${JSON.stringify(v.head)}, the seed wrote ${head.seq}`);
      return v;
    },
    (v) => `ok: ${int(v.entries)} entries, head seq ${v.ok ? v.head?.seq : "?"} (the seed's ${int(head.seq)} and the bench user's)`,
  );
  await closeDb();

  const sz = execFileSync("psql", [scale, "-X", "-A", "-t", "-c", "select pg_size_pretty(pg_database_size(current_database()))"], {
    encoding: "utf8",
  }).trim();
  const total = (performance.now() - started) / 1000;
  console.log(
    `\nScale dataset in ${SCALE_DB} (${sz}), ${r1(total)} s in all on ${os.cpus().length} cores (load ${os.loadavg().map(r1).join(", ")}):`,
  );
  console.log("| part | made | seconds |\n|---|---|---|");
  for (const [name, s, what] of times) console.log(`| ${name} | ${what} | ${r1(s)} |`);
  console.log(`\nDATABASE_URL=${scale}`);
}

main().catch(async (e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  await closeDb().catch(() => {});
  process.exit(1);
});
