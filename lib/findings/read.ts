import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Conn, rows } from "@/db/client";
import { decodeCursor, encodeCursor } from "../api/pagination";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { notFound } from "../errors";
import { iso, isoOrNull } from "../time";
import type { FindingView } from "./schemas";
import { effectiveStatus, type FindingStatus, isOverdue, overdueDays, type Severity, utcDay } from "./status";

export type FindingRow = {
  id: string;
  model_id: number;
  model: string;
  model_owner: string;
  maintainers: string[] | null;
  version: string | null;
  version_id: number | null;
  release_id: string | null;
  review_id: string | null;
  severity: Severity;
  title: string;
  description: string;
  owner: string;
  due_date: string;
  remediation_plan: string | null;
  status: FindingStatus;
  ready_for_validation: boolean;
  risk_accepted_until: string | null;
  risk_justification: string | null;
  risk_accepted_by: string | null;
  closed_by: string | null;
  closed_at: string | Date | null;
  validation_comment: string | null;
  raised_by: string;
  created_at: string | Date;
  updated_at: string | Date;
  incidents: string[] | null;
};

export const FINDING_SELECT = sql`
  select f.id, f.model_id, m.name as model, m.owner as model_owner, m.maintainers, v.version, f.version_id, f.release_id,
    f.review_id, f.severity, f.title, f.description, f.owner, f.due_date::text as due_date, f.remediation_plan, f.status,
    f.ready_for_validation, f.risk_accepted_until::text as risk_accepted_until, f.risk_justification, f.risk_accepted_by,
    f.closed_by, f.closed_at, f.validation_comment, f.raised_by, f.created_at, f.updated_at,
    array(select i.incident_id::text from incident_findings i where i.finding_id = f.id order by i.linked_at) as incidents
  from findings f join models m on m.id = f.model_id left join model_versions v on v.id = f.version_id`;

const facts = (r: FindingRow) => ({ status: r.status, riskAcceptedUntil: r.risk_accepted_until, dueDate: r.due_date });

export function findingView(r: FindingRow, now: Date): FindingView {
  return {
    id: r.id,
    model: r.model,
    version: r.version,
    releaseId: r.release_id,
    reviewId: r.review_id,
    severity: r.severity,
    title: r.title,
    description: r.description,
    owner: r.owner,
    dueDate: r.due_date,
    remediationPlan: r.remediation_plan,
    status: effectiveStatus(facts(r), now),
    storedStatus: r.status,
    readyForValidation: r.ready_for_validation,
    overdue: isOverdue(facts(r), now),
    overdueDays: overdueDays(facts(r), now),
    riskAcceptedUntil: r.risk_accepted_until,
    riskJustification: r.risk_justification,
    riskAcceptedBy: r.risk_accepted_by,
    closedBy: r.closed_by,
    closedAt: isoOrNull(r.closed_at),
    validationComment: r.validation_comment,
    raisedBy: r.raised_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    incidents: r.incidents ?? [],
  };
}

/** The policy's subject for a finding: its owner and the model's stewards. */
export const findingSubject = (r: Pick<FindingRow, "owner" | "model_owner" | "maintainers">) => ({
  kind: "finding" as const,
  findingOwner: r.owner,
  owner: r.model_owner,
  maintainers: r.maintainers ?? [],
});

export async function loadFinding(id: string, c?: Conn): Promise<FindingRow> {
  if (!z.uuid().safeParse(id).success) throw notFound(`The finding ${id}`);
  const [r] = await rows<FindingRow>(sql`${FINDING_SELECT} where f.id = ${id}::uuid`, c);
  if (!r) throw notFound(`The finding ${id}`);
  return r;
}

type AuditRow = { seq: number; at: string | Date; actor_email: string | null; action: string; before: unknown; after: unknown };

/** What changed between two views: the fields whose values differ (derived fields left out). */
function changes(before: unknown, after: unknown) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const skip = new Set(["updatedAt", "overdue", "overdueDays", "status"]);
  const out: { field: string; from: unknown; to: unknown }[] = [];
  for (const k of Object.keys(a)) {
    if (skip.has(k) || !Object.hasOwn(a, k)) continue;
    if (JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null)) out.push({ field: k, from: b[k] ?? null, to: a[k] ?? null });
  }
  return out;
}

/** A finding's history: the audit trail's entries about it, oldest first. */
export async function findingHistory(id: string, c?: Conn) {
  const list = await rows<AuditRow>(
    sql`select seq, at, actor_email, action, before, after from audit_log where entity_type = 'finding' and entity_id = ${id} order by seq`,
    c,
  );
  return list.map((e) => ({
    seq: Number(e.seq),
    at: iso(e.at),
    actor: e.actor_email,
    action: e.action,
    changes: e.action === "finding.raised" ? [] : changes(e.before, e.after),
  }));
}

/** GET /api/v1/findings/{id}: the finding with its history. */
export async function getFinding(actor: Actor, id: string, now = new Date()) {
  authorize(actor, "inventory.read");
  const r = await loadFinding(id);
  return { ...findingView(r, now), history: await findingHistory(r.id) };
}

export type FindingsFilter = {
  model?: string;
  status?: FindingStatus | "active";
  severity?: Severity;
  overdue?: boolean;
  limit?: number;
  cursor?: string;
};

const Cursor = z.object({ rank: z.number(), due: z.string(), id: z.string() });

/** The order of a list: active before the rest, earliest due first. */
const RANK = sql`case when f.status in ('open', 'in_remediation') then 0 when f.status = 'risk_accepted' then 1 else 2 end`;

/** GET /api/v1/findings: filtered by model, status (as it stands today), severity and overdue. */
export async function listFindings(actor: Actor, q: FindingsFilter, now = new Date()) {
  authorize(actor, "inventory.read");
  const today = utcDay(now);
  const expired = sql`(f.status = 'risk_accepted' and (f.risk_accepted_until is null or f.risk_accepted_until < ${today}::date))`;
  const active = sql`(f.status in ('open', 'in_remediation') or ${expired})`;
  const where: SQL[] = [sql`true`];
  if (q.model) where.push(sql`m.name = ${q.model}`);
  if (q.severity) where.push(sql`f.severity = ${q.severity}`);
  if (q.status === "active") where.push(active);
  else if (q.status === "open") where.push(sql`(f.status = 'open' or ${expired})`);
  else if (q.status === "risk_accepted") where.push(sql`(f.status = 'risk_accepted' and not ${expired})`);
  else if (q.status) where.push(sql`f.status = ${q.status}`);
  if (q.overdue !== undefined)
    where.push(q.overdue ? sql`(${active} and f.due_date < ${today}::date)` : sql`not (${active} and f.due_date < ${today}::date)`);
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, Cursor);
  if (after) where.push(sql`(${RANK}, f.due_date, f.id) > (${after.rank}, ${after.due}::date, ${after.id}::uuid)`);
  const list = await rows<FindingRow>(sql`${FINDING_SELECT} where ${sql.join(where, sql` and `)}
    order by ${RANK}, f.due_date, f.id limit ${limit + 1}`);
  const page = list.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => findingView(r, now)),
    nextCursor: list.length > limit && last ? encodeCursor({ rank: rankOf(last.status), due: last.due_date, id: last.id }) : null,
  };
}

const rankOf = (s: FindingStatus) => (s === "open" || s === "in_remediation" ? 0 : s === "risk_accepted" ? 1 : 2);

/** The model's findings with their history, as they stand at `asOf` (the release evidence pack's findings.json). */
export async function modelFindingsWithHistory(modelId: number, asOf: Date) {
  const list = await rows<FindingRow>(sql`${FINDING_SELECT} where f.model_id = ${modelId} order by f.created_at, f.id`);
  return Promise.all(list.map(async (r) => ({ ...findingView(r, asOf), history: await findingHistory(r.id) })));
}
