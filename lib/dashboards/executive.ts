import "server-only";
import { sql } from "drizzle-orm";
import { conn, lagTolerant, rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize, can } from "../auth/policy";
import { productionVersionId } from "../inventory/production";
import type { RiskTier } from "../inventory/schemas";
import { definitionsByName } from "../kpis/definitions";
import {
  expiredCards,
  failingAudits,
  overdueReleaseReviews,
  recentAuditEvents,
  releasesApproved,
  releasesDecided,
} from "./executive-compliance";
import { findingsPanel } from "./executive-findings";
import { deploymentMarkers, kpiTrends, portfolioHealth, sloAttainment } from "./executive-health";
import { executiveReviews } from "./executive-reviews";
import { rolloutsInWindow } from "./executive-rollouts";
import { type ExecutiveQueryInput, type ExecutiveViewData, PERIODS } from "./executive-schemas";
import { DAY, iso, OVERDUE_DAYS, type ProdRow } from "./executive-shared";

// The "Coverage by framework" panel is read beside the view (lib/controls), not inside it.
export { executiveFrameworks } from "./executive-frameworks";
export { CARD_MAX_AGE_DAYS, OVERDUE_DAYS } from "./executive-shared";

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

type Scope = { team?: string; riskTier?: RiskTier };
type Db = Awaited<ReturnType<typeof conn>>;
type View = ExecutiveViewData;

const scopeSql = (q: Scope) =>
  sql`${q.team ? sql`and m.team = ${q.team}` : sql``} ${q.riskTier ? sql`and m.risk_tier = ${q.riskTier}` : sql``}`;

/** executiveView, read where lag is tolerated (the replica of DATABASE_READ_URL, when one is set). */
export function executiveView(actor: Actor, q: ExecutiveQueryInput, now = new Date()): Promise<ExecutiveViewData> {
  return lagTolerant(() => executiveViewHere(actor, q, now));
}

/**
 * Everything the executive dashboard shows, for the models in scope (a team, a risk tier, or all): headline figures,
 * KPI trends with the deployments that may explain them, serving health, rollouts with their canary deltas, and
 * compliance activity. One function per panel below, each one query (none in a loop); the panels run side by side.
 * Audit events only for callers who may read the audit trail.
 */
async function executiveViewHere(actor: Actor, q: ExecutiveQueryInput, now = new Date()): Promise<ExecutiveViewData> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const t0 = now.getTime();
  const w = periodWindow(PERIODS[q.period], t0);
  const quarter = quarterOf(t0);
  const [teams, scoped, prod, defs] = await Promise.all([
    teamNames(db),
    modelsInScope(db, q),
    productionVersions(db, q),
    definitionsByName(),
  ]);
  const modelIds = scoped.map((m) => m.id);
  const names = scoped.map((m) => m.name);
  const filtered = Boolean(q.team || q.riskTier);
  const [approvedThisQuarter, decided, overdueReviews, slos, kpis, markers, portfolio, rollouts, recentEvents] = await Promise.all([
    releasesApproved(db, modelIds, quarter),
    releasesDecided(db, modelIds, w),
    overdueReleaseReviews(db, modelIds, t0),
    sloAttainment(db, prod, now),
    kpiTrends([...defs.values()], modelIds, w),
    deploymentMarkers(db, modelIds, w),
    portfolioHealth(prod, w),
    rolloutsInWindow(modelIds, w.from, w.to, t0, [...defs.values()]),
    !can(actor, "audit.read") ? null : filtered && !names.length ? [] : recentAuditEvents(db, filtered ? names : null),
  ]);
  return {
    period: q.period,
    team: q.team ?? null,
    riskTier: q.riskTier ?? null,
    from: iso(w.from),
    to: iso(w.to),
    generatedAt: now.toISOString(),
    teams,
    headline: {
      ...governance(prod),
      quarter: { label: quarter.label, from: iso(quarter.from), to: iso(quarter.to) },
      releasesApprovedThisQuarter: approvedThisQuarter,
      slos,
    },
    kpis,
    markers,
    portfolio,
    rollouts,
    findings: await findingsPanel(filtered ? modelIds : null, now),
    compliance: {
      releasesDecided: decided,
      overdueDays: OVERDUE_DAYS,
      overdueReviews,
      failingAudits: failingAudits(prod),
      expiredCards: expiredCards(prod, t0),
      recentEvents,
    },
    reviews: await executiveReviews(modelIds, now),
  };
}

/** The teams to filter by: every team that owns a model. */
async function teamNames(db: Db): Promise<string[]> {
  const list = await rows<{ team: string }>(sql`select distinct team from models where team is not null order by team`, db);
  return list.map((t) => t.team);
}

/** The models in scope, by name. */
async function modelsInScope(db: Db, q: Scope): Promise<{ id: number; name: string }[]> {
  const list = await rows<{ id: number; name: string }>(
    sql`select m.id, m.name from models m where true ${scopeSql(q)} order by m.name`,
    db,
  );
  return list.map((m) => ({ id: Number(m.id), name: m.name }));
}

/** Each model's production version (the latest promoted, by id) with its latest card revision and bias audit. */
async function productionVersions(db: Db, q: Scope): Promise<ProdRow[]> {
  return rows<ProdRow>(
    sql`select m.id as model_id, m.name as model, m.title, m.team, m.risk_tier, v.id as version_id, v.version,
        c.completeness, c.needs_review, c.created_at as card_at, b.passed as audit_passed, b.id::text as audit_id, b.name as audit_name, b.created_at as audit_at
      from models m
      join model_versions v on v.id = ${productionVersionId(sql`m.id`)}
      left join lateral (select completeness, needs_review, created_at from card_revisions where version_id = v.id order by revision desc limit 1) c on true
      left join lateral (select id, passed, name, created_at from bias_audits where version_id = v.id order by created_at desc, id desc limit 1) b on true
      where true ${scopeSql(q)}
      order by m.name`,
    db,
  );
}

/** Headline: production models by risk tier, and how many are governed (a complete card, a passing audit, both). */
function governance(prod: ProdRow[]): Omit<View["headline"], "quarter" | "releasesApprovedThisQuarter" | "slos"> {
  const byTier = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const p of prod) byTier[p.risk_tier]++;
  const completeCard = prod.filter((p) => p.completeness === 100).length;
  const passingAudit = prod.filter((p) => p.audit_passed === true).length;
  const both = prod.filter((p) => p.completeness === 100 && p.audit_passed === true).length;
  return {
    productionModels: prod.length,
    productionByTier: byTier,
    governed: { models: prod.length, completeCard, passingAudit, both, share: prod.length ? both / prod.length : null },
  };
}
