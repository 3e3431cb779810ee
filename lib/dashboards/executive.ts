import "server-only";
import { sql } from "drizzle-orm";
import { conn, rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize, can } from "../auth/policy";
import type { RiskTier } from "../inventory/schemas";
import { definitionsByName } from "../kpis/definitions";
import { kpiSteps } from "../kpis/read";
import { budgetRemaining } from "../slo/burn";
import { seriesFromRollups, tierRows } from "../telemetry/read";
import { keyOf } from "../telemetry/sketch";
import { ROLLOUT_ENVIRONMENT, rolloutsInWindow } from "./executive-rollouts";
import { type ExecutiveQueryInput, type ExecutiveViewData, PERIODS } from "./executive-schemas";

const DAY = 86_400_000;
/** A pending release waiting longer than this is overdue. */
export const OVERDUE_DAYS = 7;
/** A production card not saved for this long is due for review. */
export const CARD_MAX_AGE_DAYS = 365;
const iso = (v: string | Date | number) => new Date(v).toISOString();
const ids = (xs: number[]) => sql`(select (jsonb_array_elements_text(${JSON.stringify(xs)}::jsonb))::int)`;

/** The calendar quarter (UTC) holding `now`. */
export function quarterOf(now: number): { label: string; from: number; to: number } {
  const d = new Date(now);
  const q = Math.floor(d.getUTCMonth() / 3);
  return {
    label: `${d.getUTCFullYear()}-Q${q + 1}`,
    from: Date.UTC(d.getUTCFullYear(), q * 3, 1),
    to: Date.UTC(d.getUTCFullYear(), q * 3 + 3, 1),
  };
}

/** The period ending at the end of today (UTC), whole days: day rollups and day KPI steps line up with it. */
export function periodWindow(days: number, now: number) {
  const to = Math.ceil(now / DAY) * DAY;
  return { from: to - days * DAY, to };
}

type ProdRow = {
  model_id: number;
  model: string;
  title: string | null;
  team: string | null;
  risk_tier: RiskTier;
  version_id: number;
  version: string;
  completeness: number | null;
  needs_review: boolean | null;
  card_at: string | Date | null;
  audit_passed: boolean | null;
  audit_id: string | null;
  audit_name: string | null;
  audit_at: string | Date | null;
};

/**
 * Everything the executive dashboard shows, in one read, for the models in scope (a team, a risk tier, or all):
 * headline figures, KPI trends with the deployments that may explain them, serving health, rollouts with their canary
 * deltas, and compliance activity. Audit events only for callers who may read the audit trail.
 */
export async function executiveView(actor: Actor, q: ExecutiveQueryInput, now = new Date()): Promise<ExecutiveViewData> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const t0 = now.getTime();
  const w = periodWindow(PERIODS[q.period], t0);
  const quarter = quarterOf(t0);
  const scope = sql`${q.team ? sql`and m.team = ${q.team}` : sql``} ${q.riskTier ? sql`and m.risk_tier = ${q.riskTier}` : sql``}`;

  const [teams, scoped, prod] = await Promise.all([
    rows<{ team: string }>(sql`select distinct team from models where team is not null order by team`, db),
    rows<{ id: number; name: string }>(sql`select m.id, m.name from models m where true ${scope} order by m.name`, db),
    rows<ProdRow>(
      sql`select m.id as model_id, m.name as model, m.title, m.team, m.risk_tier, v.id as version_id, v.version,
          c.completeness, c.needs_review, c.created_at as card_at, b.passed as audit_passed, b.id::text as audit_id, b.name as audit_name, b.created_at as audit_at
        from models m
        join lateral (select id, version from model_versions where model_id = m.id and stage = 'production' order by id desc limit 1) v on true
        left join lateral (select completeness, needs_review, created_at from card_revisions where version_id = v.id order by revision desc limit 1) c on true
        left join lateral (select id, passed, name, created_at from bias_audits where version_id = v.id order by created_at desc, id desc limit 1) b on true
        where true ${scope}
        order by m.name`,
      db,
    ),
  ]);
  const modelIds = scoped.map((m) => Number(m.id));
  const names = scoped.map((m) => m.name);
  const prodVersionIds = prod.map((p) => Number(p.version_id));

  // ---- headline ----
  const byTier = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const p of prod) byTier[p.risk_tier]++;
  const completeCard = prod.filter((p) => p.completeness === 100).length;
  const passingAudit = prod.filter((p) => p.audit_passed === true).length;
  const both = prod.filter((p) => p.completeness === 100 && p.audit_passed === true).length;

  const [approvedQ, decided, overdue, slos, defs] = await Promise.all([
    modelIds.length
      ? rows<{ n: number }>(
          sql`select count(*)::int as n from releases where status = 'approved' and model_id in ${ids(modelIds)}
            and decided_at >= ${iso(quarter.from)}::timestamptz and decided_at < ${iso(quarter.to)}::timestamptz`,
          db,
        )
      : Promise.resolve([{ n: 0 }]),
    modelIds.length
      ? rows<{ status: string; n: number }>(
          sql`select status::text as status, count(*)::int as n from releases where status in ('approved', 'rejected') and model_id in ${ids(modelIds)}
            and decided_at >= ${iso(w.from)}::timestamptz and decided_at < ${iso(w.to)}::timestamptz group by 1`,
          db,
        )
      : Promise.resolve([]),
    modelIds.length
      ? rows<{ id: string; model: string; version: string; target_stage: string; requested_at: string | Date }>(
          sql`select r.id::text as id, m.name as model, v.version, r.target_stage::text as target_stage, r.requested_at
            from releases r join models m on m.id = r.model_id join model_versions v on v.id = r.version_id
            where r.status = 'pending' and r.model_id in ${ids(modelIds)} and r.requested_at < ${iso(t0 - OVERDUE_DAYS * DAY)}::timestamptz
            order by r.requested_at limit 20`,
          db,
        )
      : Promise.resolve([]),
    prodVersionIds.length
      ? rows<{ id: string; sli: string; objective: number; threshold_ms: number | null; window_days: number; version_id: number }>(
          sql`select s.id::text as id, s.sli, s.objective, s.threshold_ms, s.window_days, v.id as version_id
            from slos s join lateral (select id from model_versions where model_id = s.model_id and stage = 'production' order by id desc limit 1) v on true
            where s.active and s.sli in ('availability', 'latency') and v.id in ${ids(prodVersionIds)}
            order by s.created_at, s.id`,
          db,
        )
      : Promise.resolve([]),
    definitionsByName(),
  ]);
  let met = 0;
  let withData = 0;
  for (const s of slos) {
    const key = s.sli === "latency" && s.threshold_ms !== null ? (keyOf(s.threshold_ms) ?? -2147483648) : null;
    const bad =
      key === null ? sql`r.errors` : sql`coalesce((select sum(c) from unnest(r.bin_keys, r.bin_counts) as u(k, c) where k > ${key}), 0)`;
    const [c] = await rows<{ total: string | number | null; bad: string | number | null }>(
      sql`select sum(r.count) as total, sum(${bad}) as bad
        from ${tierRows("minute", sql`version_id = ${s.version_id} and bucket >= ${now.toISOString()}::timestamptz - make_interval(days => ${s.window_days}) and bucket < ${now.toISOString()}::timestamptz`)} r`,
      db,
    );
    const total = Number(c?.total ?? 0);
    if (total > 0) {
      withData++;
      if (budgetRemaining({ total, bad: Number(c?.bad ?? 0) }, s.objective) > 0) met++;
    }
  }

  // ---- KPI trends, with the deployments that may explain their steps ----
  const kpis: ExecutiveViewData["kpis"] = [];
  for (const d of defs.values()) {
    if (!modelIds.length) break;
    const steps = await kpiSteps(d.id, { from: w.from, to: w.to, stepSeconds: 86_400 }, { modelIds, byVersion: false });
    if (!steps.length) continue;
    const series = new Map<string, { t: number; value: number }[]>();
    for (const s of steps)
      series.set(s.model, [...(series.get(s.model) ?? []), { t: s.t, value: d.aggregation === "sum" ? s.sum : s.mean }]);
    const { id: _id, ...def } = d;
    kpis.push({ ...def, step: "1d", series: [...series.entries()].map(([model, points]) => ({ model, points })) });
  }
  const markers = modelIds.length
    ? (
        await rows<{
          model: string;
          version: string;
          environment: string;
          strategy: string;
          status: string;
          traffic_percent: number;
          ts: string | Date;
        }>(
          sql`select m.name as model, v.version, d.environment, d.strategy, d.status, d.traffic_percent, d.ts
            from deployments d join model_versions v on v.id = d.version_id join models m on m.id = v.model_id
            where m.id in ${ids(modelIds)} and d.environment = ${ROLLOUT_ENVIRONMENT}
              and d.ts >= ${iso(w.from)}::timestamptz and d.ts < ${iso(w.to)}::timestamptz
            order by d.ts, m.name`,
          db,
        )
      ).map((r) => ({
        t: new Date(r.ts).getTime(),
        model: r.model,
        version: r.version,
        environment: r.environment,
        strategy: r.strategy,
        status: r.status,
        trafficPercent: Number(r.traffic_percent),
      }))
    : [];

  // ---- portfolio health: the production version of each model, per day and over the period ----
  const [daily, totals] = await Promise.all([
    seriesFromRollups(prodVersionIds, { from: w.from, to: w.to, tier: "day", stepSeconds: 86_400 }),
    seriesFromRollups(prodVersionIds, { from: w.from, to: w.to, tier: "day", stepSeconds: (w.to - w.from) / 1000 }),
  ]);
  const availability = (n: number, e: number) => (n ? 1 - e / n : null);
  const portfolio = prod.map((p) => {
    const vid = Number(p.version_id);
    const tot = totals.find((t) => t.versionId === vid);
    return {
      model: p.model,
      title: p.title,
      team: p.team,
      riskTier: p.risk_tier,
      version: p.version,
      requests: tot?.count ?? 0,
      availability: tot ? availability(tot.count, tot.errors) : null,
      p99: tot?.p99 ?? null,
      points: daily.filter((s) => s.versionId === vid).map((s) => ({ t: s.t, availability: availability(s.count, s.errors), p99: s.p99 })),
    };
  });

  const rollouts = await rolloutsInWindow(modelIds, w.from, w.to, t0, [...defs.values()]);

  // ---- compliance ----
  const failingAudits = prod
    .filter((p) => p.audit_passed === false)
    .map((p) => ({
      id: p.audit_id as string,
      model: p.model,
      version: p.version,
      name: p.audit_name as string,
      createdAt: iso(p.audit_at as string),
    }));
  const staleBefore = t0 - CARD_MAX_AGE_DAYS * DAY;
  const expiredCards = prod.flatMap((p) => {
    const reason =
      p.completeness === null
        ? "missing"
        : p.needs_review
          ? "needs_review"
          : new Date(p.card_at as string).getTime() < staleBefore
            ? "stale"
            : null;
    return reason
      ? [
          {
            model: p.model,
            version: p.version,
            reason: reason as "missing" | "needs_review" | "stale",
            savedAt: p.card_at ? iso(p.card_at) : null,
          },
        ]
      : [];
  });
  const filtered = Boolean(q.team || q.riskTier);
  const recentEvents = !can(actor, "audit.read")
    ? null
    : filtered && !names.length
      ? []
      : (
          await rows<{
            seq: number;
            at: string | Date;
            action: string;
            entity_type: string;
            entity_id: string;
            actor_email: string | null;
          }>(
            sql`select seq, at, action, entity_type, entity_id, actor_email from audit_log
              ${filtered ? sql`where split_part(entity_id, '/', 1) in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb))` : sql``}
              order by seq desc limit 10`,
            db,
          )
        ).map((r) => ({
          seq: Number(r.seq),
          at: iso(r.at),
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          actor: r.actor_email,
        }));

  return {
    period: q.period,
    team: q.team ?? null,
    riskTier: q.riskTier ?? null,
    from: iso(w.from),
    to: iso(w.to),
    generatedAt: now.toISOString(),
    teams: teams.map((t) => t.team),
    headline: {
      productionModels: prod.length,
      productionByTier: byTier,
      quarter: { label: quarter.label, from: iso(quarter.from), to: iso(quarter.to) },
      releasesApprovedThisQuarter: Number(approvedQ[0]?.n ?? 0),
      governed: { models: prod.length, completeCard, passingAudit, both, share: prod.length ? both / prod.length : null },
      slos: { total: slos.length, withData, met },
    },
    kpis,
    markers,
    portfolio,
    rollouts,
    compliance: {
      releasesDecided: {
        approved: Number(decided.find((d) => d.status === "approved")?.n ?? 0),
        rejected: Number(decided.find((d) => d.status === "rejected")?.n ?? 0),
      },
      overdueDays: OVERDUE_DAYS,
      overdueReviews: overdue.map((r) => ({
        id: r.id,
        model: r.model,
        version: r.version,
        targetStage: r.target_stage,
        requestedAt: iso(r.requested_at),
        days: Math.floor((t0 - new Date(r.requested_at).getTime()) / DAY),
      })),
      failingAudits,
      expiredCards,
      recentEvents,
    },
  };
}
