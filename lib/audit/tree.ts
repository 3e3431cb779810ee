import "server-only";
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import { type Conn, conn, type Tx, transact } from "@/db/client";
import { auditLog, auditTree } from "@/db/schema";
import { log } from "../log";
import { type AuditEntry, leafInput } from "./chain";
import { AUDIT_LOCK } from "./lock";
import {
  EMPTY_ROOT,
  Frontier,
  leafHash,
  type NodeId,
  nodeHash,
  nodeKey,
  nodesFor,
  type Range,
  rangeNodes,
  resolveRanges,
  type StoredNode,
} from "./merkle";
import { toEntry } from "./read";

// The Merkle tree in the store (table audit_tree: every complete subtree, by (level, idx)). Appends write a leaf and
// the nodes it completes in the entry's transaction; a root or a proof reads O(log n) rows by primary key.

/** The stored hashes of these complete subtrees, in one query. */
export async function fetchNodes(c: Conn, ids: NodeId[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (!ids.length) return out;
  // Integers this module computed, never user text: inlined so the planner sees an OR of primary-key lookups.
  const list = sql.raw(ids.map((n) => `(${Math.trunc(n.level)},${Math.trunc(n.index)})`).join(","));
  const found = await c
    .select({ level: auditTree.level, idx: auditTree.idx, hash: auditTree.hash })
    .from(auditTree)
    .where(sql`(${auditTree.level}, ${auditTree.idx}) in (${list})`);
  for (const r of found) out.set(nodeKey({ level: r.level, index: Number(r.idx) }), r.hash);
  return out;
}

/** How many leaves the stored tree has. */
export async function treeSize(c?: Conn): Promise<number> {
  const db = c ?? (await conn());
  const [r] = await db
    .select({ n: sql<number>`coalesce(max(${auditTree.idx}) + 1, 0)`.mapWith(Number) })
    .from(auditTree)
    .where(eq(auditTree.level, 0));
  return r?.n ?? 0;
}

/** The hashes of these ranges of the stored tree; throws naming a node that is not stored. */
export async function rangeHashes(c: Conn, ranges: Range[]): Promise<Buffer[]> {
  return resolveRanges(ranges, await fetchNodes(c, nodesFor(ranges)));
}

export async function rootAt(c: Conn, size: number): Promise<Buffer> {
  return size === 0 ? EMPTY_ROOT : (await rangeHashes(c, [[0, size]]))[0];
}

async function insertNodes(tx: Tx, nodes: StoredNode[]) {
  for (let i = 0; i < nodes.length; i += 1000)
    await tx.insert(auditTree).values(nodes.slice(i, i + 1000).map((n) => ({ level: n.level, idx: n.index, hash: n.hash })));
}

let warned = false;

/**
 * Bring the stored tree up to `upTo` leaves from the entries in audit_log (a trail from before the tree, or a tree
 * that fell behind). Under the audit lock, which the caller holds. At most `max` leaves per call.
 */
export async function catchUp(
  tx: Tx,
  upTo: number,
  max = Number.POSITIVE_INFINITY,
): Promise<{ ok: true; size: number } | { ok: false; reason: string }> {
  const size = await treeSize(tx);
  if (size >= upTo) return { ok: true, size };
  const edgeIds = rangeNodes(0, size);
  const edge = await fetchNodes(tx, edgeIds);
  const f = new Frontier(
    size,
    edgeIds.map((n) => {
      const h = edge.get(nodeKey(n));
      if (!h) throw new Error(`audit_tree is missing node level ${n.level} index ${n.index}`);
      return h;
    }),
  );
  const end = Math.min(upTo, size + max);
  let next = size + 1;
  while (next <= end) {
    const batch = await tx
      .select()
      .from(auditLog)
      .where(and(gt(auditLog.seq, next - 1), lte(auditLog.seq, Math.min(end, next + 1999))))
      .orderBy(asc(auditLog.seq));
    if (!batch.length || batch[0].seq !== next)
      return {
        ok: false,
        reason: `entry seq ${next} is not in audit_log (removed before the tree was built): the tree cannot be built past ${next - 1} leaves`,
      };
    const made: StoredNode[] = [];
    for (const r of batch) {
      if (r.seq !== f.size + 1) return { ok: false, reason: `entry seq ${f.size + 1} is missing from audit_log` };
      made.push(...f.push(leafHash(leafInput(toEntry(r)))));
    }
    await insertNodes(tx, made);
    next = f.size + 1;
  }
  return { ok: true, size: f.size };
}

/**
 * Called by appendAudit, in its transaction and under its lock, after the entry is inserted: write the entry's leaf
 * and the nodes it completes. Reads the left siblings it needs (and the previous leaf, which shows the tree is
 * current) in one query; a tree behind the trail is caught up first.
 */
export async function appendLeaf(tx: Tx, entry: AuditEntry): Promise<void> {
  const i = entry.seq - 1;
  const need: NodeId[] = [];
  if (i > 0) need.push({ level: 0, index: i - 1 });
  for (let level = 0, index = i; index % 2 === 1; level++, index = (index - 1) / 2) if (level > 0) need.push({ level, index: index - 1 });
  let have = await fetchNodes(tx, need);
  if (have.size !== need.length) {
    const r = await catchUp(tx, i);
    if (!r.ok) {
      if (!warned) log("warn", "the audit Merkle tree cannot be maintained", { reason: r.reason });
      warned = true;
      return;
    }
    have = await fetchNodes(tx, need);
  }
  // Only the left siblings this leaf completes are needed, not the whole edge: `have` holds them.
  let cur: StoredNode = { level: 0, index: i, hash: leafHash(leafInput(entry)) };
  const made = [cur];
  while (cur.index % 2 === 1) {
    const left = have.get(nodeKey({ level: cur.level, index: cur.index - 1 })) as Buffer;
    cur = { level: cur.level + 1, index: (cur.index - 1) / 2, hash: nodeHash(left, cur.hash) };
    made.push(cur);
  }
  await tx.insert(auditTree).values(made.map((n) => ({ level: n.level, idx: n.index, hash: n.hash })));
}

/**
 * PGlite only: the tree's right edge as this process left it after its last append, with the entry it ended on. PGlite
 * is one process running one transaction at a time, so the edge cannot change behind it, except by a rollback, which
 * the next append sees: the head it reads is then not the entry the edge ended on, and the edge is read again.
 */
type Edge = { size: number; lastHash: string; frontier: Frontier };
const EDGE = globalThis as unknown as { __stewardAuditEdge?: Edge | null };

/** Forget the cached edge (tests that remove tree rows behind the application's back). */
export function forgetTreeEdge(): void {
  EDGE.__stewardAuditEdge = null;
}

/** The stored tree's edge at `size`, or null when a node of it is missing (a tree behind the trail). */
async function readEdge(c: Conn, size: number): Promise<Frontier | null> {
  const ids = rangeNodes(0, size);
  const found = await fetchNodes(c, ids);
  const edge = ids.map((n) => found.get(nodeKey(n)));
  return edge.every((h) => h) ? new Frontier(size, edge as Buffer[]) : null;
}

/**
 * On PGlite, appendAudit's write with the edge in memory: the leaf's completed nodes are hashed here, and the entry
 * and its nodes go in as one plain statement (no recursive walk over audit_tree, whose cost on PGlite is CPU). Returns
 * false when the edge is not known to be current, and the caller takes insertEntryWithLeaf.
 */
export async function insertEntryWithCachedEdge(tx: Tx, e: AuditEntry, head: { seq: number; hash: string } | undefined): Promise<boolean> {
  const edge = EDGE.__stewardAuditEdge;
  if (!edge || !head || edge.size !== head.seq || edge.lastHash !== head.hash || e.seq !== head.seq + 1) return false;
  const next = edge.frontier.clone();
  const made = next.push(leafHash(leafInput(e)));
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const nodes = sql.join(
    made.map((n) => sql`(${n.level}::smallint, ${n.index}::bigint, decode(${n.hash.toString("hex")}, 'hex'))`),
    sql`, `,
  );
  await tx.execute(sql`
    with entry as (
      insert into audit_log (seq, at, actor_type, actor_id, actor_email, action, entity_type, entity_id, before, after, request_id, prev_hash, hash)
      values (${e.seq}, ${e.at}::timestamptz, ${e.actor.type}, ${e.actor.id}, ${e.actor.email}, ${e.action}, ${e.entity.type}, ${e.entity.id},
              ${json(e.before)}::jsonb, ${json(e.after)}::jsonb, ${e.requestId}, ${e.prevHash}, ${e.hash})
    )
    insert into audit_tree (level, idx, hash) values ${nodes}`);
  EDGE.__stewardAuditEdge = { size: e.seq, lastHash: e.hash, frontier: next };
  return true;
}

/** After an append by the SQL path on PGlite: read the edge once, so the next appends can use it. */
export async function rememberEdge(tx: Tx, e: AuditEntry): Promise<void> {
  const frontier = await readEdge(tx, e.seq);
  EDGE.__stewardAuditEdge = frontier ? { size: e.seq, lastHash: e.hash, frontier } : null;
}

/**
 * appendAudit's write: the entry into audit_log and its leaf, with every node the leaf completes, into audit_tree, in
 * ONE statement (so the tree adds no round trip to an append): a recursive CTE walks up from the leaf while the node is
 * a right child, hashing with its stored left sibling (sha256 in SQL: 0x01 ‖ left ‖ right). The tree's nodes are
 * only written if the previous leaf is stored: nodes are always written with the leaf that completes them, so then
 * every sibling is there. Otherwise (a trail from before the tree, a tree behind) nothing goes into audit_tree, the
 * tree is caught up from audit_log and the leaf appended by appendLeaf.
 */
export async function insertEntryWithLeaf(tx: Tx, e: AuditEntry): Promise<void> {
  const i = e.seq - 1;
  const leaf = leafHash(leafInput(e)).toString("hex");
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const res = await tx.execute(sql`
    with recursive entry as (
      insert into audit_log (seq, at, actor_type, actor_id, actor_email, action, entity_type, entity_id, before, after, request_id, prev_hash, hash)
      values (${e.seq}, ${e.at}::timestamptz, ${e.actor.type}, ${e.actor.id}, ${e.actor.email}, ${e.action}, ${e.entity.type}, ${e.entity.id},
              ${json(e.before)}::jsonb, ${json(e.after)}::jsonb, ${e.requestId}, ${e.prevHash}, ${e.hash})
    ),
    up(level, idx, hash) as (
      select 0, ${i}::bigint, decode(${leaf}, 'hex')
      union all
      select u.level + 1, (u.idx - 1) / 2, sha256('\x01'::bytea || l.hash || u.hash)
      from up u join audit_tree l on l.level = u.level and l.idx = u.idx - 1
      where u.idx % 2 = 1
    )
    insert into audit_tree (level, idx, hash)
    select level::smallint, idx, hash from up
    where ${i}::bigint = 0 or exists (select 1 from audit_tree where level = 0 and idx = ${i}::bigint - 1)
    returning level`);
  const written = (res as unknown as { rows: unknown[] }).rows.length;
  if (written === 0) await appendLeaf(tx, e);
}

/** At start-up: build the tree for a trail that has entries the tree lacks, in transactions of 10,000 leaves. */
export async function backfillTree(): Promise<{ ok: true; size: number; added: number } | { ok: false; reason: string }> {
  const before = await treeSize();
  for (;;) {
    const r = await transact(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
      const [head] = await tx.select({ seq: sql<number>`coalesce(max(${auditLog.seq}), 0)`.mapWith(Number) }).from(auditLog);
      const r = await catchUp(tx, head?.seq ?? 0, 10_000);
      return r.ok ? { ...r, done: r.size >= (head?.seq ?? 0) } : r;
    });
    if (!r.ok) return r;
    if (r.done) return { ok: true, size: r.size, added: r.size - before };
  }
}
