import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx, transact } from "@/db/client";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize, modelSubject } from "../auth/policy";
import { badRequest, notFound } from "../errors";
import { findingSubject, findingView, loadFinding } from "./read";
import type { RaiseFinding, UpdateFinding } from "./schemas";
import { addDays, assertTransition, DEFAULT_DAYS_TO_DUE, utcDay } from "./status";

/** The user an owner email names (400 naming `path` when there is none). */
async function knownUser(tx: Tx, email: string, path: string): Promise<string> {
  const [u] = await rows<{ email: string }>(sql`select email from users where lower(email) = lower(${email}) and not disabled`, tx);
  if (!u) throw badRequest(`No active user has the email ${email}.`, [{ path, message: "is not a user of this portal" }]);
  return u.email;
}

/** POST /api/v1/findings (reviewer, compliance): raise a finding against a model and optionally a version, release, review or incident. */
export async function raiseFinding(actor: Actor, input: RaiseFinding, now = new Date()) {
  authorize(actor, "finding.raise");
  return transact(async (tx) => {
    const [m] = await rows<{ id: number; owner: string; maintainers: string[] | null }>(
      sql`select id, owner, maintainers from models where name = ${input.model}`,
      tx,
    );
    if (!m) throw notFound(`The model ${input.model}`);
    authorize(actor, "finding.raise", modelSubject(m));
    let versionId: number | null = null;
    if (input.version) {
      const [v] = await rows<{ id: number }>(
        sql`select id from model_versions where model_id = ${m.id} and version = ${input.version}`,
        tx,
      );
      if (!v) throw notFound(`Version ${input.version} of the model ${input.model}`);
      versionId = v.id;
    }
    if (input.releaseId) {
      const [r] = await rows<{ version_id: number }>(
        sql`select version_id from releases where id = ${input.releaseId}::uuid and model_id = ${m.id}`,
        tx,
      );
      if (!r)
        throw badRequest(`No release ${input.releaseId} of ${input.model} exists.`, [
          { path: "releaseId", message: "is not a release of this model" },
        ]);
      // A finding on a release is about the version it would ship.
      versionId ??= r.version_id;
    }
    if (input.reviewId) {
      const [r] = await rows<{ id: string }>(
        sql`select id from model_reviews where id = ${input.reviewId}::uuid and model_id = ${m.id}`,
        tx,
      );
      if (!r)
        throw badRequest(`No periodic review ${input.reviewId} of ${input.model} exists.`, [
          { path: "reviewId", message: "is not a review of this model" },
        ]);
    }
    if (input.incidentId) {
      const [i] = await rows<{ id: string }>(sql`select id from incidents where id = ${input.incidentId}::uuid and model_id = ${m.id}`, tx);
      if (!i)
        throw badRequest(`No incident ${input.incidentId} of ${input.model} exists.`, [
          { path: "incidentId", message: "is not an incident of this model" },
        ]);
    }
    const owner = await knownUser(tx, input.owner ?? m.owner, "owner");
    const dueDate = input.dueDate ?? addDays(utcDay(now), DEFAULT_DAYS_TO_DUE[input.severity]);
    const [f] = await rows<{ id: string }>(
      sql`insert into findings (model_id, version_id, release_id, review_id, severity, title, description, owner, due_date, remediation_plan, raised_by, created_at, updated_at)
        values (${m.id}, ${versionId}, ${input.releaseId ?? null}::uuid, ${input.reviewId ?? null}::uuid, ${input.severity}, ${input.title},
          ${input.description}, ${owner}, ${dueDate}::date, ${input.remediationPlan || null}, ${actor.email}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
        returning id`,
      tx,
    );
    if (input.incidentId)
      await tx.execute(
        sql`insert into incident_findings (incident_id, finding_id, linked_by) values (${input.incidentId}::uuid, ${f.id}::uuid, ${actor.email})`,
      );
    const view = findingView(await loadFinding(f.id, tx), now);
    await appendAudit(tx, actor, "finding.raised", { type: "finding", id: f.id }, null, view);
    return view;
  });
}

/** Lock the row, check the policy against it, and return it. */
async function lockFinding(tx: Tx, actor: Actor, id: string, action: "finding.update" | "finding.close" | "finding.acceptRisk") {
  const r = await loadFinding(id, tx);
  await tx.execute(sql`select id from findings where id = ${r.id}::uuid for update`);
  authorize(actor, action, findingSubject(r));
  return r;
}

/** PATCH /api/v1/findings/{id}: the owner, a steward of the model or an admin works the finding. */
export async function updateFinding(actor: Actor, id: string, input: UpdateFinding, now = new Date()) {
  authorize(actor, "finding.update");
  return transact(async (tx) => {
    const r = await lockFinding(tx, actor, id, "finding.update");
    const facts = { status: r.status, riskAcceptedUntil: r.risk_accepted_until };
    // Any change to a closed finding is refused; a move of status is checked against the machine.
    if (input.status) assertTransition(facts, input.status, now);
    else if (r.status === "closed") assertTransition(facts, "in_remediation", now);
    const before = findingView(r, now);
    const owner = input.owner ? await knownUser(tx, input.owner, "owner") : r.owner;
    const status = input.status ?? r.status;
    await tx.execute(sql`update findings set
        remediation_plan = ${input.remediationPlan === undefined ? r.remediation_plan : input.remediationPlan || null},
        due_date = ${input.dueDate ?? r.due_date}::date, owner = ${owner}, status = ${status},
        ready_for_validation = ${input.readyForValidation ?? (input.status ? false : r.ready_for_validation)},
        risk_accepted_until = ${status === "risk_accepted" ? r.risk_accepted_until : null}::date,
        updated_at = ${now.toISOString()}::timestamptz
      where id = ${r.id}::uuid`);
    const after = findingView(await loadFinding(r.id, tx), now);
    const action = input.readyForValidation
      ? "finding.ready_for_validation"
      : input.status
        ? "finding.remediation_started"
        : "finding.updated";
    await appendAudit(tx, actor, action, { type: "finding", id: r.id }, before, after);
    return after;
  });
}

/** POST /api/v1/findings/{id}/close: compliance, or a reviewer independent of the model, validates the remediation. */
export async function closeFinding(actor: Actor, id: string, input: { validationComment: string }, now = new Date()) {
  authorize(actor, "finding.close");
  return transact(async (tx) => {
    const r = await lockFinding(tx, actor, id, "finding.close");
    assertTransition({ status: r.status, riskAcceptedUntil: r.risk_accepted_until }, "closed", now);
    const before = findingView(r, now);
    await tx.execute(sql`update findings set status = 'closed', closed_by = ${actor.email}, closed_at = ${now.toISOString()}::timestamptz,
        validation_comment = ${input.validationComment}, ready_for_validation = false, updated_at = ${now.toISOString()}::timestamptz
      where id = ${r.id}::uuid`);
    const after = findingView(await loadFinding(r.id, tx), now);
    await appendAudit(tx, actor, "finding.closed", { type: "finding", id: r.id }, before, after);
    return after;
  });
}

/** POST /api/v1/findings/{id}/accept-risk: compliance accepts the risk through a date, saying why. */
export async function acceptFindingRisk(actor: Actor, id: string, input: { until: string; justification: string }, now = new Date()) {
  authorize(actor, "finding.acceptRisk");
  if (input.until <= utcDay(now))
    throw badRequest("An acceptance must run past today.", [{ path: "until", message: "is not after today" }]);
  if (input.until > addDays(utcDay(now), 366))
    throw badRequest("An acceptance lasts at most a year; accept it again when it lapses.", [
      { path: "until", message: "is more than a year away" },
    ]);
  return transact(async (tx) => {
    const r = await lockFinding(tx, actor, id, "finding.acceptRisk");
    assertTransition({ status: r.status, riskAcceptedUntil: r.risk_accepted_until }, "risk_accepted", now);
    const before = findingView(r, now);
    await tx.execute(sql`update findings set status = 'risk_accepted', risk_accepted_until = ${input.until}::date,
        risk_justification = ${input.justification}, risk_accepted_by = ${actor.email}, risk_accepted_at = ${now.toISOString()}::timestamptz,
        ready_for_validation = false, updated_at = ${now.toISOString()}::timestamptz
      where id = ${r.id}::uuid`);
    const after = findingView(await loadFinding(r.id, tx), now);
    await appendAudit(tx, actor, "finding.risk_accepted", { type: "finding", id: r.id }, before, after);
    return after;
  });
}
