import "server-only";
import { desc, eq } from "drizzle-orm";
import { type Conn, conn } from "@/db/client";
import { auditArchives, auditLog } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { AppError } from "../errors";
import { type ChainPoint, GENESIS_HASH } from "./chain";
import { type Checkpoint, readCheckpointKey, signCheckpoint } from "./checkpoint";

// The two ends of the chain in the database.

/**
 * Where the chain in the database starts: the genesis, or, once entries up to an archive's head were removed
 * (docs/RETENTION.md), that archive's {seq, hash}. Undefined when the first entry is not seq 1 and no archive ends
 * just before it: the verifier then reports the missing entries.
 */
export async function chainStart(c?: Conn): Promise<ChainPoint | undefined> {
  const db = c ?? (await conn());
  const [first] = await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(auditLog.seq).limit(1);
  if (!first || first.seq === 1) return undefined;
  const [archive] = await db
    .select({ seq: auditArchives.seq, hash: auditArchives.hash })
    .from(auditArchives)
    .where(eq(auditArchives.seq, first.seq - 1))
    .orderBy(desc(auditArchives.id))
    .limit(1);
  return archive;
}

/** GET /api/v1/audit/checkpoint: the head of the chain, signed. 503 when no key is configured. */
export async function headCheckpoint(actor: Actor): Promise<Checkpoint> {
  authorize(actor, "audit.read");
  const k = readCheckpointKey();
  if ("error" in k) throw new AppError("not_configured", 503, `Signed checkpoints are not available: ${k.error}`);
  const db = await conn();
  const [head] = await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return signCheckpoint(head ?? { seq: 0, hash: GENESIS_HASH }, k.key);
}
