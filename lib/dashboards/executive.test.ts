// The executive dashboard's figures from data inserted here, against numbers worked out by hand: production models by
// risk tier, releases approved this quarter, governed share, SLOs met, KPI trends per day, portfolio health, rollouts
// with their baselines and canary deltas, compliance activity, and the team filter.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { createKpiDefinition } from "@/lib/kpis/definitions";
import { ingestKpis } from "@/lib/kpis/ingest";
import { reportDeployment } from "@/lib/operations/deployments";
import { createSlo } from "@/lib/slo/slos";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { useFreshStore } from "@/tests/store";
import { executiveView, quarterOf } from "./executive";
import { ExecutiveQuery } from "./executive-schemas";

const chen: Actor = { type: "user", userId: 1, email: "chen@example.com", name: "Chen", roles: ["contributor"] };
const ada: Actor = { type: "user", userId: 2, email: "ada@example.com", name: "Ada", roles: ["admin"] };
const viewer: Actor = { type: "user", userId: 3, email: "victor@example.com", name: "Victor", roles: ["viewer"] };
const greta: Actor = { type: "user", userId: 4, email: "greta@example.com", name: "Greta", roles: ["compliance"] };

const H = 3_600_000;
const D = 24 * H;
// Noon UTC today: telemetry may not be more than 24 h ahead of the real clock, so the test's "now" is near it.
const NOW = Math.floor(Date.now() / D) * D + 12 * H;
const at = (ms: number) => new Date(NOW + ms).toISOString();
const Q = quarterOf(NOW);

async function stage(model: string, version: string, s: string) {
  await rows(
    sql`update model_versions set stage = ${s}::stage from models m where m.id = model_versions.model_id and m.name = ${model} and model_versions.version = ${version}`,
  );
}
async function versionId(model: string, version: string): Promise<number> {
  const [r] = await rows<{ id: number }>(
    sql`select v.id from model_versions v join models m on m.id = v.model_id where m.name = ${model} and v.version = ${version}`,
  );
  return Number(r.id);
}
async function release(model: string, version: string, status: string, requestedAt: number, decidedAt: number | null) {
  await rows(
    sql`insert into releases (model_id, version_id, target_stage, summary, status, policy_version, required_approvals, requires_compliance, checks, requested_by, requested_at, decided_at)
      select m.id, v.id, 'production', 'test', ${status}::release_status, 1, 1, false, '[]'::jsonb, 'chen@example.com', ${new Date(requestedAt).toISOString()}::timestamptz, ${decidedAt === null ? null : new Date(decidedAt).toISOString()}::timestamptz
      from models m join model_versions v on v.model_id = m.id where m.name = ${model} and v.version = ${version}`,
  );
}
const events = (model: string, version: string, start: number, n: number, latencyMs: number, errors: number) =>
  ingestTelemetry(chen, {
    contentType: "application/json",
    text: JSON.stringify({
      events: Array.from({ length: n }, (_, i) => ({
        model,
        version,
        ts: at(start + i * 1000),
        latencyMs,
        status: i < errors ? "error" : "ok",
      })),
    }),
  });

describe("the executive dashboard (database)", () => {
  useFreshStore();

  // Set-up, not a test: three models, their versions, cards, audits, releases, SLOs, telemetry, deployments and KPIs.
  beforeAll(async () => {
    await createModel(chen, { name: "shop-recs", owner: chen.email, team: "growth", riskTier: "low" });
    await createModel(chen, { name: "fraud-x", owner: chen.email, team: "fraud", riskTier: "high" });
    await createModel(chen, { name: "pricing", owner: chen.email, team: "growth", riskTier: "medium" });
    for (const v of ["1.0", "2.0", "3.0"]) await createVersion(chen, "shop-recs", { version: v });
    await createVersion(chen, "fraud-x", { version: "1.0" });
    await createVersion(chen, "pricing", { version: "1.0" });
    await stage("shop-recs", "1.0", "archived");
    await stage("shop-recs", "2.0", "production");
    await stage("fraud-x", "1.0", "production");

    // Cards: shop-recs 2.0 complete; fraud-x 1.0 at 67 and marked for review. Audits: shop-recs passed, fraud-x failed.
    const card = async (model: string, version: string, completeness: number, needsReview: boolean) =>
      rows(sql`insert into card_revisions (version_id, revision, content, completeness, needs_review, source, created_by)
        values (${await versionId(model, version)}, 1, '{}'::jsonb, ${completeness}, ${needsReview}, 'api', 'chen@example.com')`);
    await card("shop-recs", "2.0", 100, false);
    await card("fraud-x", "1.0", 67, true);
    const audit = async (model: string, version: string, passed: boolean) =>
      rows(sql`insert into bias_audits (version_id, name, dataset, config, result, passed, record_count, created_by)
        values (${await versionId(model, version)}, ${`${model}-holdout`}, 'holdout', '{}'::jsonb, '{}'::jsonb, ${passed}, 100, 'chen@example.com')`);
    await audit("shop-recs", "2.0", true);
    await audit("fraud-x", "1.0", false);

    // Releases: one approved this quarter, one approved the day before it began, one rejected 5 days ago, one pending
    // for 10 days (overdue), one pending for 1 day.
    await rows(sql`insert into release_policies (version, rules, created_by) values (1, '{}'::jsonb, 'system') on conflict do nothing`);
    await release("shop-recs", "2.0", "approved", Q.from, Q.from + H);
    await release("shop-recs", "1.0", "approved", Q.from - 2 * D, Q.from - D);
    await release("fraud-x", "1.0", "rejected", NOW - 6 * D, NOW - 5 * D);
    await release("fraud-x", "1.0", "pending", NOW - 10 * D, null);
    await release("shop-recs", "3.0", "pending", NOW - D, null);

    // SLOs (availability 99%, 30 days): shop-recs 2.0 has 1 error in 200 (met), fraud-x 1.0 5 in 100 (not met).
    await createSlo(chen, "shop-recs", { sli: "availability", objective: 0.99, windowDays: 30 });
    await createSlo(chen, "fraud-x", { sli: "availability", objective: 0.99, windowDays: 30 });
    await events("shop-recs", "2.0", -3 * D + 30 * 60_000, 200, 100, 1);
    await events("shop-recs", "3.0", -3 * D + 30 * 60_000, 100, 150, 2);
    await events("fraud-x", "1.0", -D, 100, 40, 5);

    // Rollouts in production: 1.0 in full 30 days ago; 2.0 canary 10 → 50 → 100% from 10 to 8 days ago; 3.0 canary at
    // 5%, rolled back after a day.
    const dep = (
      version: string,
      strategy: string,
      trafficPercent: number,
      status: "started" | "progressing" | "completed" | "rolled_back",
      when: number,
    ) =>
      reportDeployment(
        chen,
        { model: "shop-recs", version, environment: "production", strategy: strategy as "canary", trafficPercent, status, ts: at(when) },
        new Date(NOW),
      );
    await dep("1.0", "full", 100, "completed", -30 * D);
    await dep("2.0", "canary", 10, "started", -10 * D);
    await dep("2.0", "canary", 50, "progressing", -9 * D);
    await dep("2.0", "canary", 100, "completed", -8 * D);
    await dep("3.0", "canary", 5, "started", -3 * D);
    await dep("3.0", "canary", 0, "rolled_back", -2 * D);
    await reportDeployment(
      chen,
      {
        model: "shop-recs",
        version: "3.0",
        environment: "staging",
        strategy: "full",
        trafficPercent: 100,
        status: "completed",
        ts: at(-4 * D),
      },
      new Date(NOW),
    );

    await createKpiDefinition(ada, {
      name: "ctr",
      title: "Click-through rate",
      unit: "%",
      higherIsBetter: true,
      aggregation: "mean",
      owner: "chen@example.com",
    });
    await createKpiDefinition(ada, {
      name: "refunds",
      title: "Refunds",
      unit: "USD",
      higherIsBetter: false,
      aggregation: "sum",
      owner: "chen@example.com",
    });
    const p = (version: string, kpi: string, when: number, value: number) => ({ model: "shop-recs", version, kpi, ts: at(when), value });
    await ingestKpis(
      chen,
      {
        points: [
          p("1.0", "ctr", -10 * D + H, 4.0),
          p("1.0", "ctr", -9 * D, 4.0),
          p("2.0", "ctr", -10 * D + 2 * H, 4.2),
          p("2.0", "ctr", -9 * D + H, 4.4),
          p("2.0", "ctr", -3 * D + H, 4.4),
          p("2.0", "ctr", -2 * D - 2 * H, 4.2),
          p("3.0", "ctr", -3 * D + 2 * H, 4.1),
          p("2.0", "refunds", -3 * D + H, 100),
          p("3.0", "refunds", -3 * D + 2 * H, 100.4),
        ],
      },
      new Date(NOW),
    );
  });

  it("computes the headline figures", async () => {
    const v = await executiveView(viewer, ExecutiveQuery.parse({}), new Date(NOW));
    expect(v.headline.productionModels).toBe(2);
    expect(v.headline.productionByTier).toEqual({ low: 1, medium: 0, high: 1, critical: 0 });
    expect(v.headline.quarter.label).toBe(Q.label);
    expect(v.headline.releasesApprovedThisQuarter).toBe(1);
    // 2 in production; shop-recs has a complete card and a passed audit, fraud-x neither: 1 of 2.
    expect(v.headline.governed).toEqual({ models: 2, completeCard: 1, passingAudit: 1, both: 1, share: 0.5 });
    // shop-recs: 1 bad in 200 = 0.5% < 1%: met. fraud-x: 5 in 100 = 5%: budget spent five times over.
    expect(v.headline.slos).toEqual({ total: 2, withData: 2, met: 1 });
    expect(v.teams).toEqual(["fraud", "growth"]);
  });

  it("draws each KPI per model and day, with the production deployments as markers", async () => {
    const v = await executiveView(viewer, ExecutiveQuery.parse({}), new Date(NOW));
    const day = (n: number) => Math.floor((NOW - n * D) / D) * D;
    const ctr = v.kpis.find((k) => k.name === "ctr");
    // Days −10: (4.0 + 4.2) / 2; −9: (4.0 + 4.4) / 2; −3: (4.4 + 4.1) / 2; −2: 4.2.
    expect(ctr?.series).toHaveLength(1);
    expect(ctr?.series[0].points.map((x) => [x.t, Number(x.value.toFixed(6))])).toEqual([
      [day(10), 4.1],
      [day(9), 4.2],
      [day(3), 4.25],
      [day(2), 4.2],
    ]);
    const refunds = v.kpis.find((k) => k.name === "refunds");
    // A sum: 100 + 100.4 on day −3.
    expect(refunds?.series[0].points.map((x) => [x.t, Number(x.value.toFixed(6))])).toEqual([[day(3), 200.4]]);
    expect(v.markers.map((m) => [m.version, m.status, (m.t - NOW) / D])).toEqual([
      ["1.0", "completed", -30],
      ["2.0", "started", -10],
      ["2.0", "progressing", -9],
      ["2.0", "completed", -8],
      ["3.0", "started", -3],
      ["3.0", "rolled_back", -2],
    ]);
  });

  it("reports availability and p99 per production model", async () => {
    const v = await executiveView(viewer, ExecutiveQuery.parse({}), new Date(NOW));
    const shop = v.portfolio.find((m) => m.model === "shop-recs");
    const fraud = v.portfolio.find((m) => m.model === "fraud-x");
    expect([shop?.version, shop?.requests, shop?.availability]).toEqual(["2.0", 200, 0.995]);
    expect([fraud?.version, fraud?.requests, fraud?.availability]).toEqual(["1.0", 100, 0.95]);
    // Every latency equal: p99 is that latency within the sketch's 1%.
    expect(Math.abs((shop?.p99 as number) - 100) / 100).toBeLessThan(0.01);
    expect(Math.abs((fraud?.p99 as number) - 40) / 40).toBeLessThan(0.01);
  });

  it("gives each rollout its baseline and canary deltas, marking regressions", async () => {
    const v = await executiveView(viewer, ExecutiveQuery.parse({}), new Date(NOW));
    expect(v.rollouts.map((r) => [r.version, r.baseline, r.status, r.trafficPercent, r.peakTrafficPercent, r.regression])).toEqual([
      ["3.0", "2.0", "rolled_back", 0, 5, true],
      ["2.0", "1.0", "completed", 100, 100, false],
      ["1.0", null, "completed", 100, 100, false],
    ]);
    const [rolledBack, raised] = v.rollouts;
    expect(rolledBack.window).toEqual({ from: at(-3 * D), to: at(-2 * D) });
    const m = Object.fromEntries(rolledBack.metrics.map((x) => [x.key, x]));
    // ctr: 4.1 against (4.4 + 4.2) / 2 = 4.3: −0.2 / 4.3 = −4.65%, a regression of a higher-is-better KPI.
    expect(m.ctr.canary).toBeCloseTo(4.1, 12);
    expect(m.ctr.baseline).toBeCloseTo(4.3, 12);
    expect(m.ctr.delta).toBeCloseTo(-0.2 / 4.3, 12);
    expect([m.ctr.regression, m.ctr.improvement]).toEqual([true, false]);
    // refunds (lower is better): 100.4 against 100 = +0.4%, inside the 0.5%: neither.
    expect(m.refunds.delta).toBeCloseTo(0.004, 12);
    expect([m.refunds.regression, m.refunds.improvement]).toEqual([false, false]);
    // error rate: 2 / 100 against 1 / 200: (0.02 − 0.005) / 0.005 = +300%.
    expect([m.error_rate.canary, m.error_rate.baseline]).toEqual([0.02, 0.005]);
    expect(m.error_rate.delta).toBeCloseTo(3, 12);
    expect(m.error_rate.regression).toBe(true);
    // p99: 150 ms against 100 ms, +50% within the sketches' accuracy.
    expect(m.p99.delta).toBeGreaterThan(0.47);
    expect(m.p99.delta).toBeLessThan(0.53);
    expect(m.p99.regression).toBe(true);
    // 2.0 raised ctr: (4.2 + 4.4) / 2 = 4.3 against 4.0: +7.5%; no telemetry in its window, so no serving deltas.
    const r = Object.fromEntries(raised.metrics.map((x) => [x.key, x]));
    expect(r.ctr.delta).toBeCloseTo(0.075, 12);
    expect([r.ctr.regression, r.ctr.improvement]).toEqual([false, true]);
    expect(r.refunds).toBeUndefined();
    expect([r.error_rate.delta, r.p99.delta]).toEqual([null, null]);
  });

  it("summarises compliance activity; audit events only for those who may read the trail", async () => {
    const v = await executiveView(viewer, ExecutiveQuery.parse({ period: "180d" }), new Date(NOW));
    expect(v.compliance.releasesDecided).toEqual({ approved: 2, rejected: 1 });
    expect(v.compliance.overdueReviews.map((r) => [r.model, r.version, r.days])).toEqual([["fraud-x", "1.0", 10]]);
    expect(v.compliance.failingAudits.map((a) => [a.model, a.version, a.name])).toEqual([["fraud-x", "1.0", "fraud-x-holdout"]]);
    expect(v.compliance.expiredCards.map((c) => [c.model, c.version, c.reason])).toEqual([["fraud-x", "1.0", "needs_review"]]);
    expect(v.compliance.recentEvents).toBeNull();
    const g = await executiveView(greta, ExecutiveQuery.parse({}), new Date(NOW));
    expect(g.compliance.recentEvents?.length).toBe(10);
    expect(g.compliance.recentEvents?.[0].action).toBe("kpis.ingested");
  });

  it("narrows every figure to a team", async () => {
    const v = await executiveView(viewer, ExecutiveQuery.parse({ team: "fraud" }), new Date(NOW));
    expect(v.headline.productionByTier).toEqual({ low: 0, medium: 0, high: 1, critical: 0 });
    expect(v.headline.releasesApprovedThisQuarter).toBe(0);
    expect(v.headline.governed).toEqual({ models: 1, completeCard: 0, passingAudit: 0, both: 0, share: 0 });
    expect(v.headline.slos).toEqual({ total: 1, withData: 1, met: 0 });
    expect(v.kpis).toEqual([]);
    expect(v.rollouts).toEqual([]);
    expect(v.portfolio.map((m) => m.model)).toEqual(["fraud-x"]);
    const growth = await executiveView(viewer, ExecutiveQuery.parse({ team: "growth", riskTier: "medium" }), new Date(NOW));
    expect(growth.headline.productionModels).toBe(0);
    expect(growth.headline.governed.share).toBeNull();
  });
});
