import "server-only";
import { and, asc, eq, gt, gte, lte, type SQL, sql } from "drizzle-orm";
import { conn } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { type AuditEntry, ChainVerifier, type VerifyResult } from "./chain";
import { chainStart } from "./head";

type Row = typeof auditLog.$inferSelect;

export function toEntry(r: Row): AuditEntry {
  return {
    seq: r.seq,
    at: r.at.toISOString(),
    actor: { type: r.actorType as AuditEntry["actor"]["type"], id: r.actorId, email: r.actorEmail },
    action: r.action,
    entity: { type: r.entityType, id: r.entityId },
    before: r.before ?? null,
    after: r.after ?? null,
    requestId: r.requestId,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

export type AuditFilter = {
  from?: Date;
  to?: Date;
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Everything about one model: the model, its versions and cards, their evaluations and bias audits, its releases. */
  model?: string;
  /** One release's own history: its entries and the stage changes it caused. */
  release?: string;
};

function aboutModel(m: string): SQL {
  const prefix = `${m}/`;
  return sql`(
    (${auditLog.entityType} = 'model' and ${auditLog.entityId} = ${m})
    or (${auditLog.entityType} in ('version', 'card') and left(${auditLog.entityId}, ${prefix.length}) = ${prefix})
    or (${auditLog.entityType} in ('evaluation', 'bias_audit') and ${auditLog.after}->>'model' = ${m})
    or (${auditLog.entityType} = 'release' and ${auditLog.entityId} in (
      select r.id::text from releases r join models mm on mm.id = r.model_id where mm.name = ${m}))
  )`;
}

function aboutRelease(id: string): SQL {
  return sql`(
    (${auditLog.entityType} = 'release' and ${auditLog.entityId} = ${id})
    or (${auditLog.entityType} = 'version' and ${auditLog.after}->>'releaseId' = ${id})
  )`;
}

function where(f: AuditFilter, afterSeq: number): SQL | undefined {
  const c: SQL[] = [gt(auditLog.seq, afterSeq)];
  if (f.from) c.push(gte(auditLog.at, f.from));
  if (f.to) c.push(lte(auditLog.at, f.to));
  if (f.actor) c.push(f.actor.includes("@") ? eq(auditLog.actorEmail, f.actor) : eq(auditLog.actorId, f.actor));
  if (f.action) c.push(eq(auditLog.action, f.action));
  if (f.entityType) c.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) c.push(eq(auditLog.entityId, f.entityId));
  if (f.model) c.push(aboutModel(f.model));
  if (f.release) c.push(aboutRelease(f.release));
  return and(...c);
}

/** One page of entries in seq order, after the given seq. */
export async function listAudit(actor: Actor, f: AuditFilter, afterSeq: number, limit: number) {
  authorize(actor, "audit.read");
  const db = await conn();
  const page = await db.select().from(auditLog).where(where(f, afterSeq)).orderBy(asc(auditLog.seq)).limit(limit + 1);
  const items = page.slice(0, limit).map(toEntry);
  return { items, nextSeq: page.length > limit ? items[items.length - 1].seq : null };
}

/**
 * Every matching entry, read in keyset batches so memory stays constant whatever the size of the trail.
 * Permission is checked before the first row is read.
 */
export async function* streamAudit(actor: Actor, f: AuditFilter, batch = 1000): AsyncGenerator<AuditEntry> {
  authorize(actor, "audit.read");
  let after = 0;
  for (;;) {
    const db = await conn();
    const page = await db.select().from(auditLog).where(where(f, after)).orderBy(asc(auditLog.seq)).limit(batch);
    for (const r of page) yield toEntry(r);
    if (page.length < batch) return;
    after = page[page.length - 1].seq;
  }
}

/** Recompute the whole chain from the database, from the genesis or from the archive its first entry continues. */
export async function verifyAudit(actor: Actor): Promise<VerifyResult> {
  authorize(actor, "audit.read");
  const v = new ChainVerifier(await chainStart());
  for await (const e of streamAudit(actor, {}, 2000)) if (!v.push(e)) break;
  return v.result();
}
