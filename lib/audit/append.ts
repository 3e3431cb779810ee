import "server-only";
import { desc, sql } from "drizzle-orm";
import { currentRequestId, driverName, type Tx } from "@/db/client";
import { auditLog } from "@/db/schema";
import { type Actor, auditActor } from "../auth/actor";
import { type AuditEntry, entryHash, GENESIS_HASH } from "./chain";
// Serialises appends across every connection and every web instance: no fork, no gap in seq, one tree.
import { AUDIT_LOCK } from "./lock";
import { insertEntryWithCachedEdge, insertEntryWithLeaf, rememberEdge } from "./tree";

/** JSON round trip, so what we hash is exactly what jsonb gives back (no undefined, Dates as strings). */
function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/**
 * Append one entry to the chain. Must be called inside the transaction of the change it records,
 * so the change and its entry commit together or not at all.
 */
export async function appendAudit(
  tx: Tx,
  actor: Actor,
  action: string,
  entity: { type: string; id: string },
  before: unknown,
  after: unknown,
): Promise<AuditEntry> {
  // On a server, concurrent appends queue on this lock. PGlite runs one transaction at a time on its one connection
  // (its transaction() is exclusive), so there the lock would only cost a statement.
  if (driverName() === "postgres") await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [head] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const a = auditActor(actor);
  const draft: Omit<AuditEntry, "hash"> = {
    seq: (head?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    actor: { type: a.type, id: a.id, email: a.email },
    action,
    entity: { type: entity.type, id: entity.id },
    before: plain(before),
    after: plain(after),
    requestId: currentRequestId() ?? null,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const entry: AuditEntry = { ...draft, hash: entryHash(draft) };
  // The entry, its leaf in the Merkle tree and the nodes the leaf completes: one statement, in the change's transaction.
  // PGlite hashes the nodes from the tree's edge it keeps in memory (tree.ts), when that edge is known to be current.
  if (driverName() === "postgres") await insertEntryWithLeaf(tx, entry);
  else if (!(await insertEntryWithCachedEdge(tx, entry, head))) {
    await insertEntryWithLeaf(tx, entry);
    await rememberEdge(tx, entry);
  }
  return entry;
}
