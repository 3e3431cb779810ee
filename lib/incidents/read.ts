import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Conn, rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { notFound } from "../errors";
import { FINDING_SELECT, type FindingRow, findingView } from "../findings/read";
import type { Severity } from "../findings/status";
import { iso, isoOrNull } from "../time";
import { reportDeadline, type SeriousCategory } from "./deadline";
import type { IncidentView } from "./schemas";

export type IncidentRow = {
  id: string;
  model_id: number;
  model: string;
  version: string | null;
  version_id: number | null;
  alert_id: string | null;
  title: string;
  severity: Severity;
  status: "open" | "mitigated" | "resolved";
  started_at: string | Date;
  detected_at: string | Date;
  resolved_at: string | Date | null;
  impact: string | null;
  decisions_affected: string | null;
  decisions_affected_count: number | null;
  root_cause: string | null;
  serious_category: SeriousCategory | null;
  aware_at: string | Date | null;
  reported_at: string | Date | null;
  created_by: string;
  created_at: string | Date;
  updated_at: string | Date;
};

const SELECT = sql`select i.*, m.name as model, v.version from incidents i join models m on m.id = i.model_id
  left join model_versions v on v.id = i.version_id`;

export function incidentView(r: IncidentRow, now: Date): IncidentView {
  const aware = r.aware_at ?? r.detected_at;
  return {
    id: r.id,
    model: r.model,
    version: r.version,
    alertId: r.alert_id,
    title: r.title,
    severity: r.severity,
    status: r.status,
    startedAt: iso(r.started_at),
    detectedAt: iso(r.detected_at),
    resolvedAt: isoOrNull(r.resolved_at),
    impact: r.impact,
    decisionsAffected: r.decisions_affected,
    decisionsAffectedCount: r.decisions_affected_count === null ? null : Number(r.decisions_affected_count),
    rootCause: r.root_cause,
    seriousCategory: r.serious_category,
    awareAt: r.serious_category ? iso(aware) : null,
    reportedAt: isoOrNull(r.reported_at),
    deadline: r.serious_category ? reportDeadline(r.serious_category, new Date(aware), now) : null,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export async function loadIncident(id: string, c?: Conn): Promise<IncidentRow> {
  if (!z.uuid().safeParse(id).success) throw notFound(`The incident ${id}`);
  const [r] = await rows<IncidentRow>(sql`${SELECT} where i.id = ${id}::uuid`, c);
  if (!r) throw notFound(`The incident ${id}`);
  return r;
}

export async function incidentTimeline(id: string, c?: Conn) {
  const list = await rows<{ id: number; ts: string | Date; text: string; author: string }>(
    sql`select id, ts, text, author from incident_timeline where incident_id = ${id}::uuid order by ts, id`,
    c,
  );
  return list.map((t) => ({ id: Number(t.id), ts: iso(t.ts), text: t.text, author: t.author }));
}

export async function incidentFindings(id: string, now: Date, c?: Conn) {
  const list = await rows<FindingRow>(
    sql`${FINDING_SELECT} where f.id in (select finding_id from incident_findings where incident_id = ${id}::uuid) order by f.created_at`,
    c,
  );
  return list.map((r) => {
    const v = findingView(r, now);
    return { id: v.id, title: v.title, severity: v.severity, status: v.status, dueDate: v.dueDate };
  });
}

export async function incidentDetail(id: string, now: Date, c?: Conn) {
  const r = await loadIncident(id, c);
  return { ...incidentView(r, now), timeline: await incidentTimeline(r.id, c), findings: await incidentFindings(r.id, now, c) };
}

/** GET /api/v1/incidents/{id}. */
export async function getIncident(actor: Actor, id: string, now = new Date()) {
  authorize(actor, "inventory.read");
  return incidentDetail(id, now);
}

/** GET /api/v1/incidents: newest first; filters model, status, serious. */
export async function listIncidents(
  actor: Actor,
  q: { model?: string; status?: string; serious?: boolean; limit?: number },
  now = new Date(),
) {
  authorize(actor, "inventory.read");
  const where: SQL[] = [sql`true`];
  if (q.model) where.push(sql`m.name = ${q.model}`);
  if (q.status) where.push(sql`i.status = ${q.status}`);
  if (q.serious !== undefined) where.push(q.serious ? sql`i.serious_category is not null` : sql`i.serious_category is null`);
  const list = await rows<IncidentRow>(
    sql`${SELECT} where ${sql.join(where, sql` and `)} order by i.started_at desc, i.id limit ${q.limit ?? 50}`,
  );
  return { items: list.map((r) => incidentView(r, now)), nextCursor: null };
}
