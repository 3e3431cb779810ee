import "server-only";
import { and, asc, between, eq, inArray, lte, or, sql } from "drizzle-orm";
import { conn } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { AuditEntry } from "../audit/chain";
import { toEntry } from "../audit/read";
import { type ChainLink, MAX_LINKS } from "./proof";

export type PackSubject = {
  releaseId: string;
  model: string;
  version: string;
  policyVersion: number;
  /**
   * A closed release's decision: the model's periodic reviews and findings (issue 21) are in the pack as they stood
   * then (reviews.json, findings.json), so their audit entries are cut there too. Null for an open release: all.
   */
  riskUntil?: Date | null;
};

/**
 * Every audit entry about a release, in seq order: the release itself, its version (and the stage changes the
 * release caused, the archiving of the version it replaced among them), the version's cards, evaluations and bias
 * audits, the model, the saving of the policy version it was judged under, and the model's periodic reviews and
 * findings (up to `riskUntil`).
 */
export async function entriesAbout(s: PackSubject): Promise<AuditEntry[]> {
  const db = await conn();
  const versionKey = `${s.model}/${s.version}`;
  const list = await db
    .select()
    .from(auditLog)
    .where(
      or(
        and(eq(auditLog.entityType, "release"), eq(auditLog.entityId, s.releaseId)),
        and(inArray(auditLog.entityType, ["version", "card"]), eq(auditLog.entityId, versionKey)),
        and(eq(auditLog.entityType, "version"), sql`${auditLog.after}->>'releaseId' = ${s.releaseId}`),
        and(eq(auditLog.entityType, "model"), eq(auditLog.entityId, s.model)),
        and(
          inArray(auditLog.entityType, ["evaluation", "bias_audit"]),
          sql`${auditLog.after}->>'model' = ${s.model} and ${auditLog.after}->>'version' = ${s.version}`,
        ),
        and(eq(auditLog.entityType, "policy"), sql`${auditLog.after}->>'version' = ${String(s.policyVersion)}`),
        and(
          inArray(auditLog.entityType, ["review", "finding"]),
          sql`${auditLog.after}->>'model' = ${s.model}`,
          s.riskUntil ? lte(auditLog.at, s.riskUntil) : undefined,
        ),
      ),
    )
    .orderBy(asc(auditLog.seq));
  return list.map(toEntry);
}

/** The links of the chain from one seq to another, or null when the stretch is longer than MAX_LINKS. */
export async function chainLinks(fromSeq: number, toSeq: number): Promise<ChainLink[] | null> {
  if (toSeq - fromSeq + 1 > MAX_LINKS) return null;
  const db = await conn();
  return db
    .select({ seq: auditLog.seq, prevHash: auditLog.prevHash, hash: auditLog.hash })
    .from(auditLog)
    .where(between(auditLog.seq, fromSeq, toSeq))
    .orderBy(asc(auditLog.seq));
}
