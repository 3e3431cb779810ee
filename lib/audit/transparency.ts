import "server-only";
import { desc, eq, lte } from "drizzle-orm";
import { conn } from "@/db/client";
import { auditCheckpoints, auditCosignatures, auditLog } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { AppError, badRequest } from "../errors";
import { consistencyRanges, inclusionRanges, nodesFor, resolveRanges } from "./merkle";
import { checkpointText, signNote } from "./note";
import { toEntry } from "./read";
import { type LogKey, readSigningKey, SIGNING_KEY_VAR } from "./signing";
import { fetchNodes, rangeHashes, rootAt, treeSize } from "./tree";

// The audit log as a transparency log (API.md, "Audit transparency"): signed checkpoints, inclusion and consistency
// proofs, for compliance and admins like the trail itself.

let cached: { raw: string | undefined; origin: string | undefined; key: LogKey } | null = null;

/** The configured log key (parsed once per value), or 503 naming AUDIT_SIGNING_KEY. */
export function logKey(): LogKey {
  const raw = process.env[SIGNING_KEY_VAR];
  const origin = process.env.AUDIT_LOG_ORIGIN;
  if (cached && cached.raw === raw && cached.origin === origin) return cached.key;
  const k = readSigningKey();
  if ("error" in k) throw new AppError("not_configured", 503, `Signed checkpoints are not available: ${k.error}`);
  cached = { raw, origin, key: k };
  return k;
}

/** The tree's size and root now, read together (a root at a given size never changes). */
export async function treeHead(): Promise<{ size: number; root: Buffer }> {
  const db = await conn();
  const size = await treeSize(db);
  return { size, root: await rootAt(db, size) };
}

/** GET /api/v1/audit/checkpoint (text/plain): the tree head as a tlog checkpoint, a C2SP note signed with Ed25519. */
export async function signedCheckpoint(actor: Actor): Promise<string> {
  authorize(actor, "audit.read");
  const k = logKey();
  const { size, root } = await treeHead();
  return signNote(checkpointText(k.origin, size, root), [k.signer]);
}

/** GET /api/v1/audit/checkpoint/key: the verifier key, <name>+<id>+base64(0x01 ‖ public key). */
export function checkpointVerifierKey(actor: Actor): string {
  authorize(actor, "audit.read");
  return logKey().verifierKey;
}

function checkSize(size: number | undefined, have: number, field: string): number {
  const n = size ?? have;
  if (n > have) throw badRequest(`The tree has ${have} entries; ${field} ${n} is past it.`, [{ path: field, message: `at most ${have}` }]);
  return n;
}

/** GET /api/v1/audit/{seq}/proof?size=N: the inclusion path of entry seq in the tree of size N (default: now). */
export async function inclusionProof(actor: Actor, seqText: string, size?: number) {
  authorize(actor, "audit.read");
  if (!/^[1-9][0-9]{0,15}$/.test(seqText))
    throw badRequest("seq must be a whole number from 1.", [{ path: "seq", message: "a whole number from 1" }]);
  const seq = Number(seqText);
  const db = await conn();
  const have = await treeSize(db);
  if (seq > have) throw new AppError("not_found", 404, `Audit entry ${seq} is not in the tree (it has ${have} entries).`);
  const treeSizeN = checkSize(size, have, "size");
  if (seq > treeSizeN)
    throw badRequest(`Entry ${seq} is not in the tree of size ${treeSizeN}.`, [{ path: "size", message: `at least ${seq}` }]);
  const hashes = await rangeHashes(db, inclusionRanges(seq - 1, treeSizeN));
  return { leafIndex: seq - 1, treeSize: treeSizeN, hashes: hashes.map((h) => h.toString("base64")) };
}

/** GET /api/v1/audit/consistency?from=M&to=N: the proof that the tree of size N extends the tree of size M. */
export async function consistencyProof(actor: Actor, from: number, to: number) {
  authorize(actor, "audit.read");
  if (from > to) throw badRequest(`from (${from}) is past to (${to}).`, [{ path: "from", message: `at most to (${to})` }]);
  const db = await conn();
  const have = await treeSize(db);
  checkSize(to, have, "to");
  const hashes = await rangeHashes(db, consistencyRanges(from, to));
  return { from, to, hashes: hashes.map((h) => h.toString("base64")) };
}

/**
 * GET /api/v1/audit/{seq}/proof?format=bundle (the "prove" download of /audit): the entry, its inclusion path, the
 * checkpoint it is proved against and the verifier key, in one file that `npm run portal -- audit verify-proof FILE
 * --key KEY` checks offline. The checkpoint is the latest published one that holds the entry, with its witnesses'
 * cosignatures; when none does yet, the tree head now, signed.
 */
export async function proofBundle(actor: Actor, seqText: string) {
  authorize(actor, "audit.read");
  const k = logKey();
  if (!/^[1-9][0-9]{0,15}$/.test(seqText))
    throw badRequest("seq must be a whole number from 1.", [{ path: "seq", message: "a whole number from 1" }]);
  const seq = Number(seqText);
  const db = await conn();
  const [row] = await db.select().from(auditLog).where(eq(auditLog.seq, seq));
  if (!row) throw new AppError("not_found", 404, `Audit entry ${seq} is not in the trail.`);
  const have = await treeSize(db);
  if (seq > have) throw new AppError("not_found", 404, `Audit entry ${seq} is not in the tree yet (it has ${have} entries).`);
  const [pub] = await db
    .select()
    .from(auditCheckpoints)
    .where(lte(auditCheckpoints.size, have))
    .orderBy(desc(auditCheckpoints.size))
    .limit(1);
  let checkpoint: string;
  let size: number;
  let published: string | null = null;
  if (pub && pub.size >= seq) {
    const cos = await db
      .select({ line: auditCosignatures.line })
      .from(auditCosignatures)
      .where(eq(auditCosignatures.size, pub.size))
      .orderBy(auditCosignatures.witness);
    checkpoint = pub.note + cos.map((c) => c.line).join("");
    size = pub.size;
    published = pub.publishedAt.toISOString();
  } else {
    size = have;
    checkpoint = signNote(checkpointText(k.origin, size, await rootAt(db, size)), [k.signer]);
  }
  const hashes = await rangeHashes(db, inclusionRanges(seq - 1, size));
  return {
    entry: toEntry(row),
    proof: { leafIndex: seq - 1, treeSize: size, hashes: hashes.map((h) => h.toString("base64")) },
    checkpoint,
    key: k.verifierKey,
    publishedAt: published,
    howToVerify:
      "npm run portal -- audit verify-proof THIS_FILE --key KEY (KEY: the verifier key you hold, from GET /api/v1/audit/checkpoint/key, not the one in this file)",
  };
}

/** An evidence pack's proofs: every entry's inclusion path in the tree of `treeSize` entries, which `checkpoint` signs. */
export type PackInclusion =
  | { signed: true; treeSize: number; checkpoint: string; key: string; proofs: { seq: number; leafIndex: number; hashes: string[] }[] }
  | { signed: false; reason: string };

/**
 * The inclusion proofs of a pack's entries against a checkpoint of the tree whose last leaf is the last of them, so
 * the same release gives the same proofs and signature (Ed25519 is deterministic) whenever the pack is made. A later
 * checkpoint extends it: `GET /api/v1/audit/consistency?from=<treeSize>&to=<its size>`. No authorisation here: the
 * pack's caller (lib/compliance/pack.ts) has asked the policy for audit.read.
 */
export async function packInclusion(seqs: number[]): Promise<PackInclusion> {
  if (!seqs.length) return { signed: false, reason: "No audit entry is about this release." };
  let k: LogKey;
  try {
    k = logKey();
  } catch (e) {
    return { signed: false, reason: e instanceof Error ? e.message : String(e) };
  }
  const db = await conn();
  const size = Math.max(...seqs);
  const have = await treeSize(db);
  if (have < size) return { signed: false, reason: `The Merkle tree holds ${have} entries, not yet seq ${size}.` };
  const root = await rootAt(db, size);
  const plans = seqs.map((seq) => ({ seq, ranges: inclusionRanges(seq - 1, size) }));
  const nodes = await fetchNodes(db, nodesFor(plans.flatMap((p) => p.ranges)));
  return {
    signed: true,
    treeSize: size,
    checkpoint: signNote(checkpointText(k.origin, size, root), [k.signer]),
    key: k.verifierKey,
    proofs: plans.map((p) => ({
      seq: p.seq,
      leafIndex: p.seq - 1,
      hashes: resolveRanges(p.ranges, nodes).map((h) => h.toString("base64")),
    })),
  };
}
