import "server-only";
import { sql } from "drizzle-orm";
import { type conn, rows } from "@/db/client";
import type { ExecutiveViewData } from "./executive-schemas";
import { CARD_MAX_AGE_DAYS, DAY, ids, iso, OVERDUE_DAYS, type ProdRow } from "./executive-shared";

// The executive dashboard's compliance panels: one function and one query each (lib/dashboards/executive.ts composes them).

type Window = { from: number; to: number };
type Db = Awaited<ReturnType<typeof conn>>;
type View = ExecutiveViewData;

/** Releases approved in [from, to) (the quarter). */
export async function releasesApproved(db: Db, modelIds: number[], w: Window): Promise<number> {
  if (!modelIds.length) return 0;
  const [r] = await rows<{ n: number }>(
    sql`select count(*)::int as n from releases where status = 'approved' and model_id in ${ids(modelIds)}
      and decided_at >= ${iso(w.from)}::timestamptz and decided_at < ${iso(w.to)}::timestamptz`,
    db,
  );
  return Number(r?.n ?? 0);
}

/** Releases approved and rejected in the period. */
export async function releasesDecided(db: Db, modelIds: number[], w: Window): Promise<View["compliance"]["releasesDecided"]> {
  if (!modelIds.length) return { approved: 0, rejected: 0 };
  const list = await rows<{ status: string; n: number }>(
    sql`select status::text as status, count(*)::int as n from releases where status in ('approved', 'rejected') and model_id in ${ids(modelIds)}
      and decided_at >= ${iso(w.from)}::timestamptz and decided_at < ${iso(w.to)}::timestamptz group by 1`,
    db,
  );
  const n = (status: string) => Number(list.find((d) => d.status === status)?.n ?? 0);
  return { approved: n("approved"), rejected: n("rejected") };
}

/** Release requests pending longer than OVERDUE_DAYS, oldest first (20 at most). */
export async function overdueReleaseReviews(db: Db, modelIds: number[], t0: number): Promise<View["compliance"]["overdueReviews"]> {
  if (!modelIds.length) return [];
  const list = await rows<{ id: string; model: string; version: string; target_stage: string; requested_at: string | Date }>(
    sql`select r.id::text as id, m.name as model, v.version, r.target_stage::text as target_stage, r.requested_at
      from releases r join models m on m.id = r.model_id join model_versions v on v.id = r.version_id
      where r.status = 'pending' and r.model_id in ${ids(modelIds)} and r.requested_at < ${iso(t0 - OVERDUE_DAYS * DAY)}::timestamptz
      order by r.requested_at limit 20`,
    db,
  );
  return list.map((r) => ({
    id: r.id,
    model: r.model,
    version: r.version,
    targetStage: r.target_stage,
    requestedAt: iso(r.requested_at),
    days: Math.floor((t0 - new Date(r.requested_at).getTime()) / DAY),
  }));
}

/** Production versions whose latest bias audit failed. */
export function failingAudits(prod: ProdRow[]): View["compliance"]["failingAudits"] {
  return prod
    .filter((p) => p.audit_passed === false)
    .map((p) => ({
      id: p.audit_id as string,
      model: p.model,
      version: p.version,
      name: p.audit_name as string,
      createdAt: iso(p.audit_at as string),
    }));
}

/** Production versions whose card is missing, marked for review, or older than CARD_MAX_AGE_DAYS. */
export function expiredCards(prod: ProdRow[], t0: number): View["compliance"]["expiredCards"] {
  const staleBefore = t0 - CARD_MAX_AGE_DAYS * DAY;
  return prod.flatMap((p) => {
    const reason =
      p.completeness === null
        ? "missing"
        : p.needs_review
          ? "needs_review"
          : new Date(p.card_at as string).getTime() < staleBefore
            ? "stale"
            : null;
    return reason ? [{ model: p.model, version: p.version, reason, savedAt: p.card_at ? iso(p.card_at) : null }] : [];
  });
}

/** The ten latest audit entries (about the models in scope when filtered). */
export async function recentAuditEvents(db: Db, names: string[] | null): Promise<NonNullable<View["compliance"]["recentEvents"]>> {
  const list = await rows<{
    seq: number;
    at: string | Date;
    action: string;
    entity_type: string;
    entity_id: string;
    actor_email: string | null;
  }>(
    sql`select seq, at, action, entity_type, entity_id, actor_email from audit_log
      ${names ? sql`where split_part(entity_id, '/', 1) in (select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb))` : sql``}
      order by seq desc limit 10`,
    db,
  );
  return list.map((r) => ({
    seq: Number(r.seq),
    at: iso(r.at),
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    actor: r.actor_email,
  }));
}
