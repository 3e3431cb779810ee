// The chain proof of an evidence pack, pure. The entries about a release are scattered through the trail, so on
// their own each can only show that its hash recomputes from its content and prevHash. The links of every entry
// between the first and the last included one (seq, prevHash, hash: no content) show more: that they sit in one
// unbroken stretch of the chain, whose last hash can be compared with the live trail. Nothing here depends on when
// the pack is made, so the proof is the same bytes each time.
import { type AuditEntry, entryHash, GENESIS_HASH } from "../audit/chain";

export type ChainLink = { seq: number; prevHash: string; hash: string };

export type PackProof = {
  algorithm: string;
  genesisHash: string;
  covers: { entries: number; firstSeq: number | null; lastSeq: number | null };
  entries: (ChainLink & { action: string })[];
  segment:
    | { complete: true; fromSeq: number; toSeq: number; links: ChainLink[] }
    | { complete: false; fromSeq: number | null; toSeq: number | null; reason: string };
};

export const HASH_RULE =
  'hash = sha256_hex(prevHash + "\\n" + JCS(entry without "hash")), JCS as RFC 8785; the prevHash of seq 1 is 64 zeros';

/** Past this many entries between the first and the last included one, the links are left out (and the proof says so). */
export const MAX_LINKS = 20_000;

export function buildProof(entries: AuditEntry[], links: ChainLink[] | null): PackProof {
  const firstSeq = entries.length ? entries[0].seq : null;
  const lastSeq = entries.length ? entries[entries.length - 1].seq : null;
  const span = firstSeq === null || lastSeq === null ? 0 : lastSeq - firstSeq + 1;
  let segment: PackProof["segment"];
  if (firstSeq === null || lastSeq === null)
    segment = { complete: false, fromSeq: null, toSeq: null, reason: "No audit entry is about this release." };
  else if (links === null)
    segment = {
      complete: false,
      fromSeq: firstSeq,
      toSeq: lastSeq,
      reason: `The stretch holds ${span} entries, more than ${MAX_LINKS}; its links are left out.`,
    };
  else if (links.length !== span || links.some((l, i) => l.seq !== firstSeq + i))
    segment = {
      complete: false,
      fromSeq: firstSeq,
      toSeq: lastSeq,
      reason: `The store holds ${links.length} of the ${span} entries of this stretch.`,
    };
  else segment = { complete: true, fromSeq: firstSeq, toSeq: lastSeq, links };
  return {
    algorithm: HASH_RULE,
    genesisHash: GENESIS_HASH,
    covers: { entries: entries.length, firstSeq, lastSeq },
    entries: entries.map((e) => ({ seq: e.seq, action: e.action, prevHash: e.prevHash, hash: e.hash })),
    segment,
  };
}

export type ProofCheck = { ok: true; entries: number; linked: boolean } | { ok: false; seq: number | null; reason: string };

/** Check a pack's entries against its proof: each hash recomputes, and (when the segment is complete) the links chain. */
export function checkProof(entries: AuditEntry[], proof: PackProof): ProofCheck {
  if (entries.length !== proof.entries.length)
    return { ok: false, seq: null, reason: `${entries.length} entries, but the proof covers ${proof.entries.length}` };
  for (const [i, e] of entries.entries()) {
    const p = proof.entries[i];
    if (i > 0 && e.seq <= entries[i - 1].seq) return { ok: false, seq: e.seq, reason: `seq ${e.seq} is out of order` };
    if (p.seq !== e.seq || p.prevHash !== e.prevHash || p.hash !== e.hash)
      return { ok: false, seq: e.seq, reason: `seq ${e.seq} differs from the proof` };
    if (entryHash(e) !== e.hash) return { ok: false, seq: e.seq, reason: `the hash of seq ${e.seq} does not match its content` };
  }
  if (!proof.segment.complete) return { ok: true, entries: entries.length, linked: false };
  const { links, fromSeq, toSeq } = proof.segment;
  const bySeq = new Map<number, ChainLink>();
  for (const [i, l] of links.entries()) {
    if (l.seq !== fromSeq + i) return { ok: false, seq: l.seq, reason: `link ${i + 1} has seq ${l.seq}, not ${fromSeq + i}` };
    if (i > 0 && l.prevHash !== links[i - 1].hash)
      return { ok: false, seq: l.seq, reason: `the prevHash of seq ${l.seq} is not the hash of seq ${l.seq - 1}` };
    bySeq.set(l.seq, l);
  }
  if (links[links.length - 1]?.seq !== toSeq) return { ok: false, seq: toSeq, reason: `the links stop before seq ${toSeq}` };
  for (const e of entries) {
    const l = bySeq.get(e.seq);
    if (!l || l.hash !== e.hash || l.prevHash !== e.prevHash)
      return { ok: false, seq: e.seq, reason: `seq ${e.seq} is not the entry the chain holds at that seq` };
  }
  return { ok: true, entries: entries.length, linked: true };
}
