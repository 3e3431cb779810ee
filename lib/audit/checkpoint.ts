import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";
import { z } from "zod";
import { type AuditEntry, type ChainPoint, ChainVerifier, GENESIS_HASH } from "./chain";

/**
 * Signed checkpoints of the chain head. The chain alone proves that an export was not edited in the middle, but
 * not that its tail was not cut, nor that it was not re-chained from some point on: anyone can recompute sha256.
 * A checkpoint {seq, hash} signed with a key the database never holds, saved by compliance outside the database,
 * pins the head: an export must contain that entry with that hash.
 */

export const CHECKPOINT_KEY_VAR = "AUDIT_CHECKPOINT_KEY";
export const MIN_KEY_LENGTH = 32;
/** Domain separation: a checkpoint signature can never be confused with another HMAC made with the same key. */
const SIGNING_CONTEXT = "steward-audit-checkpoint-v1";

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, "64 lower-case hex digits");
export const CheckpointSchema = z
  .object({
    seq: z.number().int().min(0),
    hash: Hex64,
    at: z.string(),
    keyId: z.string().regex(/^[0-9a-f]{8}$/, "8 lower-case hex digits"),
    signature: Hex64,
  })
  .meta({ id: "AuditCheckpoint", description: "HMAC-SHA256 over the JCS of {seq, hash, at, keyId} (see docs/RETENTION.md)" });
export type Checkpoint = z.infer<typeof CheckpointSchema>;

export type CheckpointKey = { key: string; keyId: string };

/** sha256 of the key, first 8 hex digits: names the key without revealing it. */
export function keyIdOf(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** The key from the environment, or a message saying what to set. */
export function readCheckpointKey(env: Record<string, string | undefined> = process.env): CheckpointKey | { error: string } {
  const key = env[CHECKPOINT_KEY_VAR];
  if (!key)
    return {
      error: `${CHECKPOINT_KEY_VAR} is not set: signed audit checkpoints need a secret of at least ${MIN_KEY_LENGTH} characters in ${CHECKPOINT_KEY_VAR}.`,
    };
  if (key.length < MIN_KEY_LENGTH)
    return { error: `${CHECKPOINT_KEY_VAR} is too short (${key.length} characters): it must be at least ${MIN_KEY_LENGTH}.` };
  return { key, keyId: keyIdOf(key) };
}

function mac(cp: Omit<Checkpoint, "signature">, key: string): string {
  const body = canonicalize({ seq: cp.seq, hash: cp.hash, at: cp.at, keyId: cp.keyId });
  return createHmac("sha256", key).update(`${SIGNING_CONTEXT}\n${body}`).digest("hex");
}

export function signCheckpoint(head: ChainPoint, key: string, at = new Date().toISOString()): Checkpoint {
  const draft = { seq: head.seq, hash: head.hash, at, keyId: keyIdOf(key) };
  return { ...draft, signature: mac(draft, key) };
}

/** Why the checkpoint cannot be trusted with this key, or null when its signature is good. */
export function checkSignature(cp: Checkpoint, key: string): { wrongKey: boolean; reason: string } | null {
  const keyId = keyIdOf(key);
  if (cp.keyId !== keyId)
    return {
      wrongKey: true,
      reason: `the checkpoint was signed with key ${cp.keyId}, but ${CHECKPOINT_KEY_VAR} is key ${keyId}: set the key that signed it`,
    };
  const good = Buffer.from(mac(cp, key), "hex");
  const given = Buffer.from(cp.signature, "hex");
  if (good.length !== given.length || !timingSafeEqual(good, given))
    return { wrongKey: false, reason: `the checkpoint's signature does not match its content (key ${keyId}): it was altered` };
  return null;
}

/** Parse a checkpoint file's text, or say what is wrong with it. */
export function parseCheckpoint(text: string): Checkpoint | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: "it is not JSON" };
  }
  const r = CheckpointSchema.safeParse(raw);
  if (!r.success) return { error: r.error.issues.map((i) => `${i.path.join(".") || "checkpoint"}: ${i.message}`).join("; ") };
  return r.data;
}

export type ExportVerdict =
  | { ok: true; entries: number; head: ChainPoint | null; checkpoint: ChainPoint | null }
  | { ok: false; firstBadSeq: number; reason: string; entries: number };

/**
 * Verify an NDJSON export, a line at a time (constant memory): the chain from `after` (an archive's checkpoint; the
 * genesis if absent) and, with `checkpoint`, that the export holds the entry the checkpoint signed, with its hash.
 * Signatures are checked by the caller, which holds the key.
 */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  opts: { checkpoint?: Checkpoint; after?: ChainPoint } = {},
): Promise<ExportVerdict> {
  const start = opts.after ?? { seq: 0, hash: GENESIS_HASH };
  const v = new ChainVerifier(start);
  const cp = opts.checkpoint;
  let seenAtCheckpoint: string | null = cp && cp.seq === start.seq ? start.hash : null;
  let line = 0;
  let lastSeq = start.seq;
  const bad = (reason: string): ExportVerdict => ({ ok: false, firstBadSeq: lastSeq + 1, reason, entries: v.result().entries });
  for await (const text of lines) {
    line++;
    if (!text.trim()) continue;
    let e: unknown;
    try {
      e = JSON.parse(text);
    } catch {
      return bad(`line ${line} is not JSON`);
    }
    if (typeof e !== "object" || e === null || Array.isArray(e)) return bad(`line ${line} is not an audit entry`);
    const entry = e as AuditEntry;
    if (!v.push(entry)) break;
    lastSeq = entry.seq;
    if (cp && entry.seq === cp.seq) seenAtCheckpoint = entry.hash;
  }
  const r = v.result();
  if (!r.ok) return r;
  if (!cp) return { ...r, checkpoint: null };
  const end = r.head?.seq ?? start.seq;
  if (cp.seq < start.seq)
    return {
      ok: false,
      firstBadSeq: cp.seq,
      reason: `the checkpoint signs seq ${cp.seq}, before this export's start (seq ${start.seq + 1})`,
      entries: r.entries,
    };
  if (seenAtCheckpoint === null)
    return {
      ok: false,
      firstBadSeq: end + 1,
      reason: `the checkpoint signs seq ${cp.seq}, but the export ends at seq ${end}: ${end + 1 === cp.seq ? `seq ${cp.seq} is` : `seqs ${end + 1}..${cp.seq} are`} missing (the tail was cut)`,
      entries: r.entries,
    };
  if (seenAtCheckpoint !== cp.hash)
    return {
      ok: false,
      firstBadSeq: cp.seq,
      reason: `seq ${cp.seq} has hash ${seenAtCheckpoint.slice(0, 12)}…, but the checkpoint signs ${cp.hash.slice(0, 12)}…: the chain was rewritten at or before seq ${cp.seq}`,
      entries: r.entries,
    };
  return { ...r, checkpoint: { seq: cp.seq, hash: cp.hash } };
}
