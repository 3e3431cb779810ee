import "server-only";
import { desc, eq, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { conn, rows, transact } from "@/db/client";
import { attestations, models } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize, modelSubject } from "../auth/policy";
import { notFound } from "../errors";
import type { RiskTier } from "../inventory/schemas";
import { currentReviewPolicy } from "./review-policy";
import { addMonths, UPCOMING_DAYS } from "./schedule";
import { ATTESTATION_STATEMENT, type Attestation, type AttestationDue, type SubmitAttestation } from "./schemas";

type Row = typeof attestations.$inferSelect;
export const attestationView = (r: Row, model: string): Attestation => ({
  id: r.id,
  model,
  attestedBy: r.attestedBy,
  statement: r.statement,
  comment: r.comment,
  attestedAt: r.attestedAt.toISOString(),
});

const DAY = 86_400_000;

/**
 * When each production model's owner must next attest: one period (the review policy's `attestationMonths`) after
 * the last attestation, or, with none yet, from when the model first reached production. Outstanding once due.
 */
export async function attestationsDue(
  now: Date,
  only?: { modelId?: number; owner?: string },
): Promise<(AttestationDue & { modelId: number })[]> {
  const policy = await currentReviewPolicy();
  const where: SQL[] = [sql`exists (select 1 from model_versions v where v.model_id = m.id and v.stage = 'production')`];
  if (only?.modelId !== undefined) where.push(sql`m.id = ${only.modelId}`);
  // "Mine" is a view filter (the list a person works through), not a permission: writing is decided by the policy.
  if (only?.owner !== undefined) where.push(sql`lower(m.owner) = lower(${only.owner})`);
  const found = await rows<{
    id: number;
    name: string;
    owner: string;
    risk_tier: RiskTier;
    first_production: string | Date | null;
    last: string | Date | null;
  }>(sql`
    select m.id, m.name, m.owner, m.risk_tier,
      least(
        (select min(r.decided_at) from releases r where r.model_id = m.id and r.status = 'approved' and r.target_stage = 'production'),
        (select min(v.stage_changed_at) from model_versions v where v.model_id = m.id and v.stage = 'production')
      ) as first_production,
      (select max(a.attested_at) from attestations a where a.model_id = m.id) as last
    from models m where ${sql.join(where, sql` and `)} order by m.name`);
  return found.map((r) => {
    const last = r.last ? new Date(r.last) : null;
    const due = last ? addMonths(last, policy.rules.attestationMonths) : new Date(r.first_production ?? now);
    const state: AttestationDue["state"] =
      due.getTime() <= now.getTime() ? "outstanding" : due.getTime() - now.getTime() <= UPCOMING_DAYS * DAY ? "upcoming" : "current";
    return {
      modelId: Number(r.id),
      model: r.name,
      owner: r.owner,
      tier: r.risk_tier,
      dueAt: due.toISOString(),
      lastAttestedAt: last ? last.toISOString() : null,
      state,
    };
  });
}

/** GET /api/v1/attestations: compliance's list (outstanding by default; `status=all` every production model's). */
export async function listAttestations(
  actor: Actor,
  q: { status?: "outstanding" | "all" },
  now = new Date(),
): Promise<{ items: AttestationDue[] }> {
  authorize(actor, "attestations.read");
  const all = await attestationsDue(now);
  return { items: all.filter((a) => q.status === "all" || a.state === "outstanding").map(({ modelId: _, ...a }) => a) };
}

/** The caller's own models' outstanding attestations ("My work"). */
export async function myOutstandingAttestations(actor: Actor, now = new Date()): Promise<AttestationDue[]> {
  authorize(actor, "inventory.read");
  return (await attestationsDue(now, { owner: actor.email })).filter((a) => a.state !== "current").map(({ modelId: _, ...a }) => a);
}

/** POST /api/v1/models/{name}/attestations: the owner (or an admin) attests the model's records; audited. */
export async function submitAttestation(
  actor: Actor,
  name: string,
  input: z.infer<typeof SubmitAttestation>,
  clock: { now?: Date } = {},
): Promise<Attestation> {
  authorize(actor, "attestation.submit");
  return transact(async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, name)).for("update");
    if (!m) throw notFound(`The model ${name}`);
    authorize(actor, "attestation.submit", modelSubject(m));
    const [r] = await tx
      .insert(attestations)
      .values({
        modelId: m.id,
        attestedBy: actor.email,
        statement: ATTESTATION_STATEMENT,
        comment: input.comment || null,
        attestedAt: clock.now ?? new Date(),
      })
      .returning();
    const v = attestationView(r, m.name);
    await appendAudit(tx, actor, "attestation.submitted", { type: "attestation", id: r.id }, null, v);
    return v;
  });
}

/** A model's attestations, newest first. */
export async function modelAttestations(modelId: number, model: string): Promise<Attestation[]> {
  const db = await conn();
  const rs = await db.select().from(attestations).where(eq(attestations.modelId, modelId)).orderBy(desc(attestations.attestedAt)).limit(20);
  return rs.map((r) => attestationView(r, model));
}
