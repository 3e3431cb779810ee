import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** An audit entry as API.md defines it. */
export type AuditEntry = {
  seq: number;
  at: string;
  actor: { type: "user" | "token" | "system"; id: string; email: string | null };
  action: string;
  entity: { type: string; id: string };
  before: unknown;
  after: unknown;
  requestId: string | null;
  prevHash: string;
  hash: string;
};

export const GENESIS_HASH = "0".repeat(64);

/** hash = sha256_hex(prevHash + "\n" + JCS(entry without "hash")), RFC 8785 canonical JSON. */
export function entryHash(entry: Omit<AuditEntry, "hash">): string {
  const { hash: _ignored, ...rest } = entry as AuditEntry;
  const canonical = canonicalize(rest);
  if (canonical === undefined) throw new Error("audit entry cannot be canonicalised");
  return createHash("sha256").update(`${entry.prevHash}\n${canonical}`).digest("hex");
}

export type VerifyResult =
  | { ok: true; entries: number; head: { seq: number; hash: string } | null }
  | { ok: false; firstBadSeq: number; reason: string; entries: number };

/** A point the chain continues from: the genesis (seq 0), or the head of an archive whose entries were removed. */
export type ChainPoint = { seq: number; hash: string };

/**
 * Checks a stream of entries on its own: seq counts up from 1 (or from just after `start`) with no gap, each
 * prevHash is the hash before it, and each hash is recomputed. Needs no database, so an export can be verified by
 * anyone. firstBadSeq is the lowest seq at which the stream departs from an intact chain: a missing seq is named
 * itself, not the entry found in its place.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prevHash: string;
  private count = 0;
  private failure: { firstBadSeq: number; reason: string } | null = null;

  constructor(private readonly start: ChainPoint = { seq: 0, hash: GENESIS_HASH }) {
    this.expectedSeq = start.seq + 1;
    this.prevHash = start.hash;
  }

  push(entry: AuditEntry): boolean {
    if (this.failure) return false;
    const seq = entry.seq;
    const fail = (reason: string, at = seq) => {
      this.failure = { firstBadSeq: at, reason };
      return false;
    };
    if (typeof seq !== "number" || !Number.isInteger(seq)) return fail(`entry ${this.count + 1} has no integer seq`, this.expectedSeq);
    if (seq > this.expectedSeq) return fail(`seq ${this.expectedSeq} is missing: found ${seq} next`, this.expectedSeq);
    if (seq < this.expectedSeq) return fail(`seq ${seq} appears again (or out of order) where ${this.expectedSeq} was expected`);
    if (entry.prevHash !== this.prevHash) return fail(`prevHash of seq ${seq} does not match the hash of the entry before`);
    if (entryHash(entry) !== entry.hash) return fail(`hash of seq ${seq} does not match its content`);
    this.prevHash = entry.hash;
    this.expectedSeq++;
    this.count++;
    return true;
  }

  result(): VerifyResult {
    if (this.failure) return { ok: false, ...this.failure, entries: this.count };
    return {
      ok: true,
      entries: this.count,
      head: this.count || this.start.seq ? { seq: this.expectedSeq - 1, hash: this.prevHash } : null,
    };
  }
}

/** The entry's leaf in the Merkle tree (API.md, audit transparency): the UTF-8 of its JCS, hash included, as exported. */
export function leafInput(entry: AuditEntry): Buffer {
  const canonical = canonicalize(entry);
  if (canonical === undefined) throw new Error("audit entry cannot be canonicalised");
  return Buffer.from(canonical, "utf8");
}
