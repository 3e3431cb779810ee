import "server-only";
import { and, asc, eq, gt, gte, lte, type SQL, sql } from "drizzle-orm";
import { conn, readConn } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { type AuditEntry, ChainVerifier, leafInput, type VerifyResult } from "./chain";
import { chainStart } from "./head";
import { Frontier, leafHash, nodeKey, rangeNodes } from "./merkle";
import { openCheckpoint, parseVerifierKey } from "./note";
import { publishedRoots } from "./publish";
import { readSigningKey } from "./signing";
import { fetchNodes } from "./tree";

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
  const db = await readConn();
  const page = await db
    .select()
    .from(auditLog)
    .where(where(f, afterSeq))
    .orderBy(asc(auditLog.seq))
    .limit(limit + 1);
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
    const db = await readConn();
    const page = await db.select().from(auditLog).where(where(f, after)).orderBy(asc(auditLog.seq)).limit(batch);
    for (const r of page) yield toEntry(r);
    if (page.length < batch) return;
    after = page[page.length - 1].seq;
  }
}

/** What `audit verify` adds to the chain's result: the published checkpoints the trail was held to. */
export type PublishedCheck = { checked: number; latestSize: number | null; note?: string };
export type AuditVerifyResult = VerifyResult & { published?: PublishedCheck };

/** The tree's edge at `size` from its stored nodes (a trail continuing an archive), or null when they are missing. */
async function storedFrontier(size: number): Promise<Frontier | null> {
  const ids = rangeNodes(0, size);
  const found = await fetchNodes(await conn(), ids);
  const edge = ids.map((n) => found.get(nodeKey(n)));
  return edge.every((h) => h) ? new Frontier(size, edge as Buffer[]) : null;
}

/**
 * Recompute the whole chain from the database, from the genesis or from the archive its first entry continues, and
 * hold it to every checkpoint the portal published (to webhooks and witnesses): the Merkle root of the first N
 * entries, recomputed from the entries themselves (not from the stored tree, which a rewrite could rebuild too), must
 * be the root each published checkpoint of size N signed. So a trail rewritten after a checkpoint left the building is
 * caught even when its chain was recomputed and its tree rebuilt.
 */
export async function verifyAudit(actor: Actor): Promise<AuditVerifyResult> {
  authorize(actor, "audit.read");
  const start = await chainStart();
  const v = new ChainVerifier(start);
  const published = await publishedRoots();
  const tree = start && start.seq > 0 ? await storedFrontier(start.seq) : new Frontier();
  const signing = readSigningKey();
  const verifier = "error" in signing ? null : parseVerifierKey(signing.verifierKey);
  let next = 0;
  while (next < published.length && tree && published[next].size <= tree.size) next++;
  let okSize = tree?.size ?? 0;
  let checked = 0;
  let failure: { firstBadSeq: number; reason: string } | null = null;
  const checkAt = () => {
    while (!failure && tree && next < published.length && published[next].size === tree.size) {
      const cp = published[next++];
      const at = cp.publishedAt.toISOString();
      if (verifier && !("error" in verifier)) {
        const opened = openCheckpoint(cp.note, [verifier]);
        if ("error" in opened)
          failure = {
            firstBadSeq: okSize + 1,
            reason: `the checkpoint of size ${cp.size} published at ${at} does not verify with the log's key: ${opened.error}`,
          };
      }
      if (!failure && !tree.root().equals(cp.root))
        failure = {
          firstBadSeq: okSize + 1,
          reason: `the entries up to seq ${cp.size} no longer give the Merkle root the checkpoint published at ${at} signed (${cp.root.toString("base64")}): history between seq ${okSize + 1} and ${cp.size} was rewritten after it left the building`,
        };
      if (!failure) {
        checked++;
        okSize = cp.size;
      }
    }
  };
  for await (const e of streamAudit(actor, {}, 2000)) {
    if (!v.push(e)) break;
    tree?.push(leafHash(leafInput(e)));
    checkAt();
    if (failure) break;
  }
  const r = v.result();
  if (!r.ok) return r;
  // Assigned inside checkAt(), which the compiler does not follow.
  const bad = failure as { firstBadSeq: number; reason: string } | null;
  if (bad) return { ok: false, ...bad, entries: r.entries };
  const latest = published.length ? published[published.length - 1] : null;
  if (latest && tree && latest.size > tree.size)
    return {
      ok: false,
      firstBadSeq: tree.size + 1,
      reason: `a checkpoint of size ${latest.size} was published at ${latest.publishedAt.toISOString()}, but the trail holds ${tree.size} entries: seq ${tree.size + 1} to ${latest.size} were removed`,
      entries: r.entries,
    };
  return {
    ...r,
    published: {
      checked,
      latestSize: latest?.size ?? null,
      ...(tree
        ? {}
        : {
            note: "The entries before the archive this trail continues have no stored tree nodes, so published checkpoints were not checked.",
          }),
    },
  };
}
