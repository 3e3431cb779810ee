import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx, transact } from "@/db/client";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { badRequest, notFound } from "../errors";
import { parseTime } from "../time";
import { incidentDetail, incidentView, loadIncident } from "./read";
import type { CreateIncident, UpdateIncident } from "./schemas";

const at = (s: string | undefined | null) => (s ? parseTime(s).toISOString() : null);

/** POST /api/v1/incidents: by hand, or from an alert (its model, version, title and firing time fill what is not given). */
export async function createIncident(actor: Actor, input: CreateIncident, now = new Date()) {
  authorize(actor, "incident.create");
  return transact(async (tx) => {
    let modelId: number | null = null;
    let versionId: number | null = null;
    let title = input.title;
    let startedAt = at(input.startedAt);
    let severity = input.severity;
    if (input.alertId) {
      const [a] = await rows<{
        model_id: number;
        version_id: number | null;
        title: string;
        fired_at: string | Date;
        severity: string;
        model: string;
      }>(
        sql`select a.model_id, a.version_id, a.title, a.fired_at, a.severity, m.name as model from alerts a join models m on m.id = a.model_id where a.id = ${input.alertId}::uuid`,
        tx,
      );
      if (!a) throw badRequest(`No alert ${input.alertId} exists.`, [{ path: "alertId", message: "is not an alert" }]);
      if (input.model && input.model !== a.model)
        throw badRequest(`The alert is about ${a.model}, not ${input.model}.`, [
          { path: "model", message: "differs from the alert's model" },
        ]);
      modelId = a.model_id;
      versionId = a.version_id;
      title ??= a.title;
      startedAt ??= new Date(a.fired_at).toISOString();
      severity ??= a.severity === "page" ? "high" : "medium";
    }
    if (input.model && modelId === null) {
      const [m] = await rows<{ id: number }>(sql`select id from models where name = ${input.model}`, tx);
      if (!m) throw notFound(`The model ${input.model}`);
      modelId = m.id;
    }
    if (modelId === null) throw badRequest("Name the model, or the alert.", [{ path: "model", message: "is required" }]);
    if (input.version) {
      const [v] = await rows<{ id: number }>(
        sql`select id from model_versions where model_id = ${modelId} and version = ${input.version}`,
        tx,
      );
      if (!v)
        throw badRequest(`The model has no version ${input.version}.`, [{ path: "version", message: "is not a version of this model" }]);
      versionId = v.id;
    }
    const detectedAt = at(input.detectedAt) ?? now.toISOString();
    const [i] = await rows<{ id: string }>(
      sql`insert into incidents (model_id, version_id, alert_id, title, severity, started_at, detected_at, impact, decisions_affected,
          decisions_affected_count, created_by, created_at, updated_at)
        values (${modelId}, ${versionId}, ${input.alertId ?? null}::uuid, ${title ?? ""}, ${severity ?? "medium"}, ${startedAt}::timestamptz,
          ${detectedAt}::timestamptz, ${input.impact || null}, ${input.decisionsAffected || null}, ${input.decisionsAffectedCount ?? null},
          ${actor.email}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
        returning id`,
      tx,
    );
    const first = input.alertId ? `Recorded from the alert “${title}”.` : "Incident recorded.";
    await tx.execute(
      sql`insert into incident_timeline (incident_id, ts, text, author) values (${i.id}::uuid, ${now.toISOString()}::timestamptz, ${first}, ${actor.email})`,
    );
    const view = await incidentDetail(i.id, now, tx);
    await appendAudit(tx, actor, "incident.created", { type: "incident", id: i.id }, null, view);
    return view;
  });
}

async function lockIncident(tx: Tx, id: string) {
  const r = await loadIncident(id, tx);
  await tx.execute(sql`select id from incidents where id = ${r.id}::uuid for update`);
  return r;
}

const REPORT_FIELDS = ["seriousCategory", "awareAt", "reported"] as const;

/** PATCH /api/v1/incidents/{id}: anyone who may record incidents; the serious-incident fields need incident.report. */
export async function updateIncident(actor: Actor, id: string, input: UpdateIncident, now = new Date()) {
  authorize(actor, "incident.update");
  if (REPORT_FIELDS.some((k) => input[k] !== undefined)) authorize(actor, "incident.report");
  return transact(async (tx) => {
    const r = await lockIncident(tx, id);
    const before = incidentView(r, now);
    const pick = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
    const status = input.status ?? r.status;
    const resolvedAt =
      input.resolvedAt !== undefined
        ? at(input.resolvedAt)
        : status === "resolved"
          ? r.resolved_at
            ? new Date(r.resolved_at).toISOString()
            : now.toISOString()
          : null;
    const serious = pick(input.seriousCategory, r.serious_category);
    const awareAt = serious ? (at(input.awareAt) ?? (r.aware_at ? new Date(r.aware_at).toISOString() : null)) : null;
    const reportedAt = input.reported === undefined ? r.reported_at : input.reported ? now.toISOString() : null;
    await tx.execute(sql`update incidents set
        title = ${pick(input.title, r.title)}, severity = ${pick(input.severity, r.severity)}, status = ${status},
        started_at = ${at(input.startedAt) ?? new Date(r.started_at).toISOString()}::timestamptz,
        detected_at = ${at(input.detectedAt) ?? new Date(r.detected_at).toISOString()}::timestamptz,
        resolved_at = ${resolvedAt}::timestamptz, impact = ${pick(input.impact, r.impact)},
        decisions_affected = ${pick(input.decisionsAffected, r.decisions_affected)},
        decisions_affected_count = ${pick(input.decisionsAffectedCount, r.decisions_affected_count)},
        root_cause = ${pick(input.rootCause, r.root_cause)}, serious_category = ${serious}, aware_at = ${awareAt}::timestamptz,
        reported_at = ${reportedAt ? new Date(reportedAt).toISOString() : null}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
      where id = ${r.id}::uuid`);
    for (const fid of input.linkFindings ?? []) {
      const [f] = await rows<{ id: string }>(sql`select id from findings where id = ${fid}::uuid and model_id = ${r.model_id}`, tx);
      if (!f)
        throw badRequest(`No finding ${fid} of ${r.model} exists.`, [
          { path: "linkFindings", message: `${fid} is not a finding of this model` },
        ]);
      await tx.execute(
        sql`insert into incident_findings (incident_id, finding_id, linked_by) values (${r.id}::uuid, ${fid}::uuid, ${actor.email}) on conflict do nothing`,
      );
    }
    const after = await incidentDetail(r.id, now, tx);
    const action = input.seriousCategory ? "incident.marked_serious" : input.reported ? "incident.reported" : "incident.updated";
    await appendAudit(tx, actor, action, { type: "incident", id: r.id }, before, after);
    return after;
  });
}

/** POST /api/v1/incidents/{id}/timeline: append an entry (author: the caller). */
export async function addTimelineEntry(actor: Actor, id: string, input: { text: string; ts?: string }, now = new Date()) {
  authorize(actor, "incident.update");
  return transact(async (tx) => {
    const r = await lockIncident(tx, id);
    const ts = at(input.ts) ?? now.toISOString();
    const [e] = await rows<{ id: number }>(
      sql`insert into incident_timeline (incident_id, ts, text, author) values (${r.id}::uuid, ${ts}::timestamptz, ${input.text}, ${actor.email}) returning id`,
      tx,
    );
    await tx.execute(sql`update incidents set updated_at = ${now.toISOString()}::timestamptz where id = ${r.id}::uuid`);
    const entry = { id: Number(e.id), ts, text: input.text, author: actor.email };
    await appendAudit(tx, actor, "incident.timeline_added", { type: "incident", id: r.id }, null, entry);
    return entry;
  });
}
