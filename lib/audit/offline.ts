// Offline verification of the audit log as a transparency log, pure (no database): what `npm run portal -- audit
// verify | verify-proof | consistent` run. Each failure names what failed.
import { type AuditEntry, ChainVerifier, entryHash, leafInput } from "./chain";
import { Frontier, leafHash, verifyConsistency, verifyInclusion } from "./merkle";
import { type NoteVerifier, openCheckpoint, parseVerifierKey, type VerifiedCheckpoint } from "./note";

export type Verdict<T> = ({ ok: true } & T) | { ok: false; what: string; reason: string };

/** A verifier key given as the key itself or in a file's first line. */
export function verifierFrom(text: string): NoteVerifier | { error: string } {
  const line = text.split("\n").find((l) => l.trim()) ?? "";
  return parseVerifierKey(line.trim());
}

/** Open a signed checkpoint with the trusted key; a failure names the signature. */
export function checkCheckpoint(note: string, key: NoteVerifier, label = "checkpoint"): Verdict<{ cp: VerifiedCheckpoint }> {
  const cp = openCheckpoint(note, [key]);
  if ("error" in cp) return { ok: false, what: `${label} signature`, reason: cp.error };
  if (cp.origin !== key.name)
    return { ok: false, what: `${label} origin`, reason: `the checkpoint's origin ${cp.origin} is not the key's name ${key.name}` };
  return { ok: true, cp };
}

/**
 * An NDJSON export against a signed checkpoint: the chain holds, the export has at least the checkpoint's entries,
 * and the Merkle root of its first cp.size entries is the checkpoint's root.
 */
export async function verifyExportAgainst(
  lines: AsyncIterable<string> | Iterable<string>,
  cp: VerifiedCheckpoint,
): Promise<Verdict<{ entries: number; size: number }>> {
  const chain = new ChainVerifier();
  const tree = new Frontier();
  let root: Buffer | null = cp.size === 0 ? tree.root() : null;
  let line = 0;
  for await (const text of lines) {
    line++;
    if (!text.trim()) continue;
    let e: AuditEntry;
    try {
      e = JSON.parse(text);
    } catch {
      return { ok: false, what: "export", reason: `line ${line} is not JSON` };
    }
    if (typeof e !== "object" || e === null || Array.isArray(e))
      return { ok: false, what: "export", reason: `line ${line} is not an audit entry` };
    if (!chain.push(e)) break;
    tree.push(leafHash(leafInput(e)));
    if (tree.size === cp.size) root = tree.root();
  }
  const r = chain.result();
  if (!r.ok) return { ok: false, what: `chain at seq ${r.firstBadSeq}`, reason: r.reason };
  if (root === null)
    return {
      ok: false,
      what: "tail",
      reason: `the checkpoint signs ${cp.size} entries, but the export holds ${r.entries}: seq ${r.entries + 1}..${cp.size} are missing (the tail was cut)`,
    };
  if (!root.equals(cp.root))
    return {
      ok: false,
      what: "Merkle root",
      reason: `the root of the export's first ${cp.size} entries is ${root.toString("base64")}, not the signed ${cp.root.toString("base64")}: the trail was rewritten (its chain recomputed) before seq ${cp.size + 1}`,
    };
  return { ok: true, entries: r.entries, size: cp.size };
}

export type InclusionProofJson = { leafIndex: number; treeSize: number; hashes: string[] };

const B64_HASH = /^[A-Za-z0-9+/]{43}=$/;
function proofHashes(p: unknown): Buffer[] | null {
  if (!p || typeof p !== "object") return null;
  const hashes = (p as { hashes?: unknown }).hashes;
  if (!Array.isArray(hashes) || hashes.length > 64 || !hashes.every((h) => typeof h === "string" && B64_HASH.test(h))) return null;
  return hashes.map((h) => Buffer.from(h, "base64"));
}

/** One entry, its inclusion proof and a verified checkpoint: the entry is in the log the checkpoint signs. */
export function verifyEntryProof(
  entry: AuditEntry,
  proof: InclusionProofJson,
  cp: VerifiedCheckpoint,
): Verdict<{ seq: number; size: number }> {
  if (!entry || typeof entry !== "object" || typeof entry.seq !== "number")
    return { ok: false, what: "entry", reason: "it is not an audit entry" };
  if (entryHash(entry) !== entry.hash)
    return { ok: false, what: `entry seq ${entry.seq}`, reason: "its hash does not match its content: it was edited" };
  const hashes = proofHashes(proof);
  if (!hashes) return { ok: false, what: "proof", reason: "hashes must be a list of base64 SHA-256 hashes" };
  if (proof.leafIndex !== entry.seq - 1)
    return {
      ok: false,
      what: "proof",
      reason: `the proof is for leaf ${proof.leafIndex}, but entry seq ${entry.seq} is leaf ${entry.seq - 1}`,
    };
  if (proof.treeSize !== cp.size)
    return { ok: false, what: "proof", reason: `the proof is for a tree of ${proof.treeSize}, the checkpoint signs ${cp.size}` };
  const why = verifyInclusion(entry.seq - 1, cp.size, leafHash(leafInput(entry)), hashes, cp.root);
  if (why) return { ok: false, what: `inclusion of seq ${entry.seq}`, reason: why };
  return { ok: true, seq: entry.seq, size: cp.size };
}

/** A newer checkpoint extends an older one, by a consistency proof ({from, to, hashes}) or the export both come from. */
export function verifyConsistent(
  older: VerifiedCheckpoint,
  newer: VerifiedCheckpoint,
  proof: unknown,
): Verdict<{ from: number; to: number }> {
  const hashes = proofHashes(proof);
  if (!hashes) return { ok: false, what: "consistency proof", reason: "hashes must be a list of base64 SHA-256 hashes" };
  const p = proof as { from?: unknown; to?: unknown };
  if (p.from !== older.size || p.to !== newer.size)
    return {
      ok: false,
      what: "consistency proof",
      reason: `the proof is from ${String(p.from)} to ${String(p.to)}, the checkpoints are of ${older.size} and ${newer.size}`,
    };
  const why = verifyConsistency(older.size, newer.size, hashes, older.root, newer.root);
  if (why) return { ok: false, what: "consistency", reason: why };
  return { ok: true, from: older.size, to: newer.size };
}
