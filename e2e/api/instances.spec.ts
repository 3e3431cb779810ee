// Issue 17, item 2: many instances agree. Three production servers (`next start` on the build) share one PostgreSQL
// database (a private cluster this test starts) behind a round-robin proxy written here, each running every
// background worker (compactor, alert evaluator, webhook sender) at a short interval so they contend. At the same time:
// telemetry ingest, two reviewers deciding the same releases at the same moment, two rollback requests for the same
// model at once and the two reviewers deciding each rollback, an SLO burning so an alert fires, and webhook delivery to
// a receiver. Then: one state change (and one audit entry) per release, one rollback per model, one alert and one
// notification, each webhook event delivered once, one unbroken audit chain, and rollups equal to a recount, read the
// same through every instance. PostgreSQL only: the embedded store is one process (skipped on PGlite, saying so).
import http from "node:http";
import { expect, test } from "@playwright/test";
import { type Received, startReceiver } from "../../tests/webhook-receiver";
import { type Cluster, call, opsPort, pgBin, type Server, sleep, startCluster, startServer, userToken, waitReady } from "./ops-harness";

// Run even when the test times out (its finally would not): no server or cluster outlives the test.
const cleanups: (() => Promise<void> | void)[] = [];
test.afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const INSTANCES = 3;
const RELEASES = 6;
const ROLLBACKS = 2;
const WRITERS = 3;
const BATCHES = 12; // per writer
const EVENTS = 40; // per batch
const MINUTE = 60_000;

const OFF = { staging: "off", production: "off" } as const;
/** A release policy that blocks on nothing and needs one approval: the races here are about decisions, not evidence. */
const POLICY = {
  requiredApprovals: { low: 1, medium: 1, high: 1, critical: 1 },
  complianceApproval: [],
  checks: {
    card_completeness: { min: 0, mode: OFF },
    bias_audit: { mode: { low: "off", medium: "off", high: "off", critical: "off" } },
    evaluation: { mode: OFF },
    lineage_inputs: { mode: OFF },
    no_page_alert: { mode: OFF },
    data_quality: { mode: OFF },
    monitoring_coverage: { maxBlindSpots: 8, mode: "off" },
  },
};

/** Forwards each request to the next instance in turn, body and answer streamed through. */
function roundRobin(port: number, targets: number[]): Promise<http.Server & { forwarded: number[] }> {
  let next = 0;
  const forwarded = targets.map(() => 0);
  const server = http.createServer((req, res) => {
    const i = next++ % targets.length;
    forwarded[i]++;
    const up = http.request(
      { host: "127.0.0.1", port: targets[i], method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(Object.assign(server, { forwarded }))));
}

test("three instances on one PostgreSQL agree: one decision, one alert, one delivery each, one chain", async () => {
  const bin = pgBin();
  test.skip(
    !process.env.DATABASE_URL && process.env.STEWARD_INSTANCES !== "1",
    "PostgreSQL only: the embedded store (PGlite) is one process; this runs in the PostgreSQL pass",
  );
  test.skip(!bin, "no PostgreSQL binaries (initdb) under /usr/lib/postgresql: install postgresql to run this test");
  test.setTimeout(180_000);
  const t0 = Date.now();

  const cluster: Cluster = startCluster(bin as string, opsPort(8));
  const servers: Server[] = [];
  cleanups.push(
    () => cluster.destroy(),
    async () => {
      await Promise.all(servers.map((s) => s.kill()));
    },
  );
  const receiver = await startReceiver();
  let proxy: (http.Server & { forwarded: number[] }) | undefined;
  const { Client } = await import("pg");
  const db = new Client({ connectionString: cluster.url() });
  let pg: InstanceType<typeof Client> | undefined;
  try {
    await db.connect();
    await db.query("create database steward_instances");
    await db.end();
    const env = {
      DATABASE_URL: cluster.url("steward_instances"),
      PG_POOL_MAX: "5",
      TELEMETRY_COMPACT_MS: "200",
      ALERT_EVAL_MS: "300",
      WEBHOOK_POLL_MS: "200",
      // One public address for all, as behind a load balancer: it names the audit log's signing key (its origin).
      NEXTAUTH_URL: `http://127.0.0.1:${opsPort(12)}`,
    };
    // All three at once: one migrates under the advisory lock, the others wait for it.
    const ports = Array.from({ length: INSTANCES }, (_, i) => opsPort(9 + i));
    for (const p of ports) servers.push(startServer(p, env));
    await Promise.all(servers.map((s) => waitReady(s, "/api/ready", 90_000)));
    proxy = await roundRobin(opsPort(12), ports);
    const via = proxy.address() as { port: number };
    const P = via.port;

    // People, the policy and the receiver's webhook (through the proxy, so through every instance).
    const owner = await userToken(P, "mi-owner@example.com", ["contributor"]);
    const rev1 = await userToken(P, "mi-rev1@example.com", ["reviewer"]);
    const rev2 = await userToken(P, "mi-rev2@example.com", ["reviewer"]);
    const ok = async (r: Promise<Awaited<ReturnType<typeof call>>>, status: number) => {
      const got = await r;
      expect(got.status, got.text).toBe(status);
      return got.json();
    };
    await ok(call(P, "PUT", "/api/v1/policies/release", { rules: POLICY }), 200);
    await ok(
      call(P, "POST", "/api/v1/webhooks", { name: "instances", url: `${receiver.url}/hook`, events: ["release.*", "alert.*"] }),
      201,
    );

    const model = async (name: string, versions: string[]) => {
      await ok(call(P, "POST", "/api/v1/models", { name, owner: "mi-owner@example.com", riskTier: "low" }, owner), 201);
      for (const version of versions) await ok(call(P, "POST", `/api/v1/models/${name}/versions`, { version }, owner), 201);
    };
    const release = (name: string, version: string, targetStage = "staging") =>
      ok(call(P, "POST", "/api/v1/releases", { model: name, version, targetStage, summary: "multi-instance test" }, owner), 201);
    const decide = (id: string, as: Record<string, string>, decision: string) =>
      call(P, "POST", `/api/v1/releases/${id}/decisions`, { decision, comment: `${decision} at the same moment` }, as);

    // Releases waiting for a decision; models with 1.0 then 2.0 in production, for the rollbacks.
    const pending: string[] = [];
    for (let i = 0; i < RELEASES; i++) {
      await model(`mi-rel-${i}`, ["1.0"]);
      pending.push((await release(`mi-rel-${i}`, "1.0")).id);
    }
    const history: string[] = [];
    for (let i = 0; i < ROLLBACKS; i++) {
      const name = `mi-rollback-${i}`;
      await model(name, ["1.0", "2.0"]);
      for (const v of ["1.0", "2.0"])
        expect((await ok(decide((await release(name, v, "production")).id, rev1, "approve"), 200)).status).toBe("approved");
      history.push(name);
    }
    // A model whose availability SLO (99%) burns: every event of its traffic fails.
    await model("mi-slo", ["1.0"]);
    await ok(call(P, "POST", "/api/v1/models/mi-slo/slos", { sli: "availability", objective: 0.99, windowDays: 30 }, owner), 201);
    await model("mi-tel", ["1.0"]);

    // ---- everything at once ----
    const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
    const sent = new Map<number, number>(); // minute → events acknowledged
    const telemetry = async (w: number) => {
      for (let b = 0; b < BATCHES; b++) {
        const minute = T0 - (1 + ((w * BATCHES + b) % 30)) * MINUTE;
        const events = Array.from({ length: EVENTS }, (_, j) => ({
          model: "mi-tel",
          version: "1.0",
          ts: new Date(minute + j * 1000).toISOString(),
          latencyMs: 5 + j,
          status: "ok",
        }));
        await ok(call(P, "POST", "/api/v1/telemetry", { events }, owner), 202);
        sent.set(minute, (sent.get(minute) ?? 0) + EVENTS);
      }
    };
    const burn = async () => {
      const now = Date.now();
      const events = Array.from({ length: 50 }, (_, j) => ({
        model: "mi-slo",
        version: "1.0",
        ts: new Date(now - 60_000 + j * 100).toISOString(),
        latencyMs: 20,
        status: "error",
      }));
      await ok(call(P, "POST", "/api/v1/telemetry", { events }, owner), 202);
    };
    // Two reviewers on the same release at the same moment: approve and approve, or approve and reject.
    const decisions = pending.map(async (id, i) => {
      const answers = await Promise.all([decide(id, rev1, "approve"), decide(id, rev2, i % 2 ? "approve" : "reject")]);
      return { id, statuses: answers.map((a) => a.status).sort() };
    });
    // Two rollback requests for the same model at once; the one that opens is decided by both reviewers at once.
    const rollbacks = history.map(async (name) => {
      const asked = await Promise.all(
        [0, 1].map(() => call(P, "POST", `/api/v1/models/${name}/rollback`, { reason: "error rate tripled" }, owner)),
      );
      const opened = asked.filter((a) => a.status === 201).map((a) => a.json().id as string);
      const decided = opened.length ? await Promise.all([decide(opened[0], rev1, "approve"), decide(opened[0], rev2, "approve")]) : [];
      return { name, asked: asked.map((a) => a.status).sort(), id: opened[0], decided: decided.map((d) => d.status).sort() };
    });
    const [decided, rolled] = await Promise.all([
      Promise.all(decisions),
      Promise.all(rollbacks),
      Promise.all(Array.from({ length: WRITERS }, (_, w) => telemetry(w))),
      burn(),
    ]);

    // Every release: exactly one of the two simultaneous decisions changed it; the other was refused (409).
    for (const d of decided) expect(d.statuses, `release ${d.id}`).toEqual([200, 409]);
    for (const r of rolled) {
      expect(r.asked, `rollback requests for ${r.name}`).toEqual([201, 409]);
      expect(r.decided, `rollback decisions for ${r.name}`).toEqual([200, 409]);
    }

    // The background work settles: the alert fires, the compactor empties the pending rows, the outbox drains.
    const client = new Client({ connectionString: env.DATABASE_URL });
    pg = client;
    client.on("error", () => {});
    await client.connect();
    const one = async (q: string) => (await client.query(q)).rows[0];
    for (let i = 0; ; i++) {
      const s = await one(
        `select (select count(*)::int from alerts where kind = 'burn_rate') as alerts, (select count(*)::int from telemetry_pending) as pending,
          (select count(*)::int from webhook_deliveries where status <> 'delivered') as undelivered`,
      );
      if (s.alerts > 0 && s.pending === 0 && s.undelivered === 0) break;
      if (i > 200) throw new Error(`the background work did not settle: ${JSON.stringify(s)}`);
      await sleep(250);
    }
    // A few more evaluator, compactor and sender passes in every instance: nothing may be repeated by them.
    await sleep(2000);

    // One alert, fired once, and notified once.
    const alerts = (await client.query("select key, state, severity from alerts where kind = 'burn_rate'")).rows;
    expect(alerts).toEqual([expect.objectContaining({ state: "firing", severity: "page" })]);
    const byEvent = (e: string) => receiver.received.filter((r: Received) => r.body.event === e);
    expect(byEvent("alert.fired")).toHaveLength(1);

    // Each webhook event delivered once: the receiver's ids are the outbox's, none twice.
    const ids = receiver.received.map((r: Received) => r.body.id);
    expect(new Set(ids).size, "no webhook event delivered twice").toBe(ids.length);
    const outbox = (await client.query("select event_id from webhook_deliveries")).rows.map((r) => String(r.event_id));
    expect(new Set(ids)).toEqual(new Set(outbox));

    // One state change per release, one audit entry for it, one webhook for it.
    const transitions = (
      await client.query(
        `select entity_id, action from audit_log where action in ('release.approved', 'release.rejected', 'release.rolled_back', 'release.rollback_requested')`,
      )
    ).rows as { entity_id: string; action: string }[];
    for (const d of decided) {
      const mine = transitions.filter((t) => t.entity_id === d.id);
      expect(mine, `audit entries of release ${d.id}`).toHaveLength(1);
      const notified = receiver.received.filter((r: Received) => (r.body.data as { release?: { id?: string } }).release?.id === d.id);
      expect(notified.map((r: Received) => r.body.event).sort()).toEqual([mine[0].action, "release.requested"].sort());
    }
    for (const r of rolled) {
      expect(
        transitions
          .filter((t) => t.entity_id === r.id)
          .map((t) => t.action)
          .sort(),
      ).toEqual(["release.rollback_requested", "release.rolled_back"]);
      const stages = await ok(call(P, "GET", `/api/v1/models/${r.name}/versions/1.0`), 200);
      expect(stages.stage, `${r.name} 1.0 is back in production`).toBe("production");
    }
    expect(transitions.filter((t) => t.action === "release.rollback_requested")).toHaveLength(ROLLBACKS);

    // One unbroken chain, as every instance verifies it; seq has no gap.
    for (const p of ports) {
      const v = await ok(call(p, "GET", "/api/v1/audit/verify"), 200);
      expect(v.ok, JSON.stringify(v)).toBe(true);
    }
    const seq = await one("select count(*)::int as n, min(seq)::int as first, max(seq)::int as head from audit_log");
    expect([seq.first, seq.head]).toEqual([1, seq.n]);

    // Rollups: every instance reads the same per-minute counts, equal to the recount of what was acknowledged here.
    const from = new Date(T0 - 31 * MINUTE).toISOString();
    const to = new Date(T0).toISOString();
    const want = [...sent].sort((a, b) => a[0] - b[0]).map(([m, n]) => [new Date(m).toISOString(), n]);
    for (const p of ports) {
      const s = await ok(call(p, "GET", `/api/v1/models/mi-tel/telemetry?version=1.0&step=1m&from=${from}&to=${to}`), 200);
      expect(s.series.map((x: { t: string; count: number }) => [x.t, x.count])).toEqual(want);
    }
    const tiers = (
      await client.query(
        "select tier, sum(count)::int as n from telemetry_rollups r join model_versions v on v.id = r.version_id join models m on m.id = v.model_id where m.name = 'mi-tel' group by tier order by tier",
      )
    ).rows;
    const total = WRITERS * BATCHES * EVENTS;
    expect(tiers).toEqual([
      { tier: "day", n: total },
      { tier: "hour", n: total },
      { tier: "minute", n: total },
    ]);

    // Every instance ran its workers and is ready; the proxy spread the requests over all of them.
    for (const p of ports) expect((await call(p, "GET", "/api/ready")).status).toBe(200);
    expect(proxy.forwarded.every((n) => n > 10)).toBe(true);
    const summary =
      `${INSTANCES} instances behind a round-robin proxy (${proxy.forwarded.join(" / ")} requests): ${RELEASES} releases decided by two reviewers at once ` +
      `(${decided.length} × [200, 409]), ${ROLLBACKS} rollbacks requested twice at once and decided twice at once (one each), ` +
      `${WRITERS * BATCHES} telemetry batches (${total} events) with the compactor in every instance, 1 alert fired and notified once, ` +
      `${ids.length} webhook deliveries each received once, audit chain of ${seq.n} entries verified by each instance; ${Math.round((Date.now() - t0) / 1000)} s`;
    console.log(summary);
    test.info().annotations.push({ type: "figures", description: summary });
  } finally {
    await pg?.end().catch(() => {});
    await Promise.all(servers.map((s) => s.kill()));
    await new Promise((r) => (proxy ? proxy.close(r) : r(null)));
    await receiver.close();
    cluster.destroy();
  }
});
