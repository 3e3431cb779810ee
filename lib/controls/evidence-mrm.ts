import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import { reportDeadline, type SeriousCategory } from "../incidents/deadline";
import { currentReviewPolicy } from "../mrm/review-policy";
import { reviewSchedules } from "../mrm/schedule-read";
import type { EvidenceLookup, Target } from "./evidence-types";
import type { EvidenceItem, EvidenceRef } from "./types";

// The evidence kinds recorded by the model-risk workflows (issue 21: risk assessments, periodic reviews, findings,
// incidents), behind the same interface as lib/controls/evidence.ts: one query per kind for every target together.
// Each reads what was recorded up to `now` (the evidence pack passes its cut), judged by today's rules.

const DAY = 86_400_000;
/** A confirmed risk assessment counts as current for this long; older, it is stale. */
export const ASSESSMENT_FRESH_DAYS = 365;

const day = (d: string | Date) => new Date(d).toISOString().slice(0, 10);
const ids = (targets: readonly Target[]) => `{${[...new Set(targets.map((t) => Math.trunc(Number(t.modelId))))].join(",")}}`;
const modelHref = (t: Target, anchor: string) => `/models/${encodeURIComponent(t.model)}#${anchor}`;
const item = (ref: EvidenceRef, status: EvidenceItem["status"], reason: string, href: string | null, at: string | null = null) =>
  ({ ref, status, reason, href, at }) as EvidenceItem;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function byTarget(targets: readonly Target[], judge: (t: Target) => EvidenceItem): Map<number, EvidenceItem[]> {
  return new Map(targets.map((t) => [t.versionId, [judge(t)]]));
}

/**
 * Periodic review: found when the latest completed review passed and the next is not overdue; stale when it is
 * overdue; missing when the model was never reviewed or its latest review was unsatisfactory.
 */
const reviewLookup: EvidenceLookup = async (targets, now) => {
  const policy = await currentReviewPolicy();
  const schedules = await reviewSchedules(policy, now, { modelIds: targets.map((t) => t.modelId) });
  const by = new Map(schedules.map((s) => [s.modelId, s]));
  return byTarget(targets, (t) => {
    const s = by.get(t.modelId);
    const href = modelHref(t, "risk");
    const last = s?.lastReview && s.lastReview.completedAt <= now.toISOString() ? s.lastReview : null;
    if (!s || !last) {
      return item(
        "review",
        "missing",
        s?.state === "overdue" ? `Never reviewed; a review was due ${day(s.nextReviewAt ?? now)}.` : "Not reviewed yet.",
        href,
      );
    }
    const link = `/reviews/${last.id}`;
    if (last.outcome === "unsatisfactory")
      return item("review", "missing", `The latest periodic review (${day(last.completedAt)}) was unsatisfactory.`, link, last.completedAt);
    if (s.state === "overdue")
      return item(
        "review",
        "stale",
        `The periodic review is ${plural(s.daysOverdue, "day")} overdue (due ${day(s.nextReviewAt ?? now)}).`,
        link,
        last.completedAt,
      );
    const next = s.nextReviewAt ? `; next due ${day(s.nextReviewAt)}` : "";
    const outcome = last.outcome === "satisfactory" ? "satisfactory" : "satisfactory with findings";
    return item("review", "found", `Reviewed ${day(last.completedAt)} (${outcome})${next}.`, link, last.completedAt);
  });
};

/**
 * Findings tracked to closure: found when none still open (an expired acceptance counts as open) is past its due
 * date; stale when some are, naming how many and the oldest's age.
 */
const findingLookup: EvidenceLookup = async (targets, now) => {
  const today = day(now);
  const list = await rows<{ model_id: number; raised: number; active: number; overdue: number; oldest_due: string | null }>(sql`
    with f as (
      select model_id, due_date::text as due,
        status in ('open', 'in_remediation') or (status = 'risk_accepted' and (risk_accepted_until is null or risk_accepted_until < ${today}::date)) as active
      from findings where model_id = any(${ids(targets)}::int[]) and created_at <= ${now.toISOString()}::timestamptz)
    select model_id, count(*)::int as raised, count(*) filter (where active)::int as active,
      count(*) filter (where active and due < ${today})::int as overdue, min(due) filter (where active and due < ${today}) as oldest_due
    from f group by model_id`);
  const by = new Map(list.map((r) => [Number(r.model_id), r]));
  return byTarget(targets, (t) => {
    const r = by.get(t.modelId);
    const href = `/findings?model=${encodeURIComponent(t.model)}`;
    if (!r || Number(r.raised) === 0) return item("finding", "found", "No findings raised; none open.", href);
    if (Number(r.overdue) > 0) {
      const age = Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.oldest_due}T00:00:00Z`)) / DAY);
      return item(
        "finding",
        "stale",
        `${plural(Number(r.overdue), "finding")} past the due date (the oldest by ${plural(age, "day")}).`,
        href,
      );
    }
    return item(
      "finding",
      "found",
      `${plural(Number(r.raised), "finding")} raised, ${Number(r.active)} still open, none past its due date.`,
      href,
    );
  });
};

/**
 * Incidents: found when no serious incident's report (EU AI Act Article 73) is past its deadline unsent; stale when
 * one is. A model without incidents is found: there is nothing to report.
 */
const incidentLookup: EvidenceLookup = async (targets, now) => {
  const list = await rows<{
    model_id: number;
    id: string;
    serious_category: SeriousCategory | null;
    aware_at: string | Date | null;
    detected_at: string | Date;
    reported_at: string | Date | null;
  }>(sql`
    select model_id, id::text as id, serious_category, aware_at, detected_at, reported_at from incidents
    where model_id = any(${ids(targets)}::int[]) and created_at <= ${now.toISOString()}::timestamptz`);
  const byModel = new Map<number, typeof list>();
  for (const r of list) {
    const k = Number(r.model_id);
    byModel.set(k, [...(byModel.get(k) ?? []), r]);
  }
  return byTarget(targets, (t) => {
    const mine = byModel.get(t.modelId) ?? [];
    const href = `/incidents?model=${encodeURIComponent(t.model)}`;
    if (mine.length === 0) return item("incident", "found", "No incidents recorded; no report is due.", href);
    const late = mine.filter(
      (r) => r.serious_category && !r.reported_at && reportDeadline(r.serious_category, new Date(r.aware_at ?? r.detected_at), now).overdue,
    );
    if (late.length > 0)
      return item(
        "incident",
        "stale",
        `The report of ${plural(late.length, "serious incident")} is past its deadline.`,
        `/incidents/${late[0].id}`,
      );
    const serious = mine.filter((r) => r.serious_category).length;
    return item(
      "incident",
      "found",
      `${plural(mine.length, "incident")} recorded${serious ? `, ${serious} serious, each reported or within its deadline` : ""}.`,
      href,
    );
  });
};

/** Risk assessment: found when compliance confirmed one in the last year; stale when older; missing when none is. */
const riskAssessmentLookup: EvidenceLookup = async (targets, now) => {
  const list = await rows<{ model_id: number; confirmed_at: string | Date | null; confirmed_tier: string | null; pending: number }>(sql`
    select model_id, max(confirmed_at) filter (where status in ('confirmed', 'overridden') and confirmed_at <= ${now.toISOString()}::timestamptz) as confirmed_at,
      (array_agg(confirmed_tier order by confirmed_at desc nulls last))[1] as confirmed_tier,
      count(*) filter (where status = 'submitted')::int as pending
    from risk_assessments where model_id = any(${ids(targets)}::int[]) and submitted_at <= ${now.toISOString()}::timestamptz
    group by model_id`);
  const by = new Map(list.map((r) => [Number(r.model_id), r]));
  return byTarget(targets, (t) => {
    const r = by.get(t.modelId);
    const href = modelHref(t, "risk");
    if (!r?.confirmed_at)
      return item(
        "risk_assessment",
        "missing",
        r && Number(r.pending) > 0 ? "A risk assessment awaits compliance's confirmation." : "No risk assessment is recorded.",
        href,
      );
    const at = new Date(r.confirmed_at).toISOString();
    const age = Math.floor((now.getTime() - Date.parse(at)) / DAY);
    return age <= ASSESSMENT_FRESH_DAYS
      ? item("risk_assessment", "found", `Tier ${r.confirmed_tier ?? t.riskTier} confirmed by compliance ${day(at)}.`, href, at)
      : item(
          "risk_assessment",
          "stale",
          `The last confirmed assessment is ${age} days old (more than ${ASSESSMENT_FRESH_DAYS}).`,
          href,
          at,
        );
  });
};

export const MRM_LOOKUPS: readonly EvidenceLookup[] = [reviewLookup, findingLookup, incidentLookup, riskAssessmentLookup];
