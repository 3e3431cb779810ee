import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { rows } from "@/db/client";
import type { RiskTier } from "../inventory/schemas";
import type { ReviewPolicy } from "./review-policy";
import { daysOverdue, nextReviewDate, reviewState } from "./schedule";
import type { Outcome, ReviewScheduleItem } from "./schemas";

type Raw = {
  id: number;
  name: string;
  title: string | null;
  owner: string;
  risk_tier: RiskTier;
  production_version: string | null;
  first_production: string | Date | null;
  last_passed: string | Date | null;
  last_id: string | null;
  last_outcome: Outcome | null;
  last_at: string | Date | null;
  open_id: string | null;
  open_by: string | null;
  open_at: string | Date | null;
};
const at = (v: string | Date | null) => (v == null ? null : new Date(v));

/**
 * Every production model's place in the review schedule (or one model's, in production or not), in one query: when it
 * first reached production (its first approved release to production, or the current production version's promotion
 * when the store has no such release, as the demo's seed), its last satisfactory review, its latest completed review
 * and its open one.
 */
export async function reviewSchedules(
  policy: ReviewPolicy,
  now: Date,
  only?: { modelId: number } | { modelIds: readonly number[] },
): Promise<(ReviewScheduleItem & { modelId: number })[]> {
  const where: SQL = !only
    ? sql`exists (select 1 from model_versions v where v.model_id = m.id and v.stage = 'production')`
    : "modelId" in only
      ? sql`m.id = ${only.modelId}`
      : sql`m.id = any(${`{${only.modelIds.map((id) => Math.trunc(Number(id))).join(",")}}`}::int[])`;
  const found = await rows<Raw>(sql`
    select m.id, m.name, m.title, m.owner, m.risk_tier,
      (select v.version from model_versions v where v.model_id = m.id and v.stage = 'production'
        order by v.stage_changed_at desc, v.id desc limit 1) as production_version,
      least(
        (select min(r.decided_at) from releases r where r.model_id = m.id and r.status = 'approved' and r.target_stage = 'production'),
        (select min(v.stage_changed_at) from model_versions v where v.model_id = m.id and v.stage = 'production')
      ) as first_production,
      (select max(rv.completed_at) from model_reviews rv where rv.model_id = m.id and rv.status = 'completed'
        and rv.outcome in ('satisfactory', 'satisfactory_with_findings')) as last_passed,
      l.id as last_id, l.outcome as last_outcome, l.completed_at as last_at,
      o.id as open_id, o.started_by as open_by, o.started_at as open_at
    from models m
    left join lateral (select rv.id, rv.outcome, rv.completed_at from model_reviews rv
      where rv.model_id = m.id and rv.status = 'completed' order by rv.completed_at desc, rv.id desc limit 1) l on true
    left join lateral (select rv.id, rv.started_by, rv.started_at from model_reviews rv
      where rv.model_id = m.id and rv.status = 'open' limit 1) o on true
    where ${where}
    order by m.name`);
  const effectiveFrom = policy.rules.effectiveFrom ? new Date(`${policy.rules.effectiveFrom}T00:00:00Z`) : null;
  return found.map((r) => {
    const next = nextReviewDate({
      tier: r.risk_tier,
      intervals: policy.rules.intervals,
      effectiveFrom,
      firstProduction: r.production_version ? at(r.first_production) : null,
      lastPassedReview: at(r.last_passed),
    });
    return {
      modelId: Number(r.id),
      model: r.name,
      title: r.title,
      owner: r.owner,
      tier: r.risk_tier,
      productionVersion: r.production_version,
      nextReviewAt: next ? next.toISOString() : null,
      state: reviewState(next, now),
      daysOverdue: daysOverdue(next, now),
      lastReview:
        r.last_id && r.last_outcome && r.last_at
          ? { id: r.last_id, outcome: r.last_outcome, completedAt: new Date(r.last_at).toISOString() }
          : null,
      openReview:
        r.open_id && r.open_by && r.open_at ? { id: r.open_id, startedBy: r.open_by, startedAt: new Date(r.open_at).toISOString() } : null,
    };
  });
}
