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

/**
 * Checks a stream of entries on its own: seq counts up from 1 with no gap, each prevHash is the hash before it,
 * and each hash is recomputed. Needs no database, so an export can be verified by anyone.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private count = 0;
  private failure: { firstBadSeq: number; reason: string } | null = null;

  push(entry: AuditEntry): boolean {
    if (this.failure) return false;
    const seq = entry.seq;
    const fail = (reason: string) => {
      this.failure = { firstBadSeq: typeof seq === "number" ? seq : this.expectedSeq, reason };
      return false;
    };
    if (typeof seq !== "number" || !Number.isInteger(seq)) return fail(`entry ${this.count + 1} has no integer seq`);
    if (seq !== this.expectedSeq)
      return fail(
        seq > this.expectedSeq
          ? `seq ${this.expectedSeq} is missing: found ${seq} next`
          : `seq ${seq} appears where ${this.expectedSeq} was expected`,
      );
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
      head: this.count ? { seq: this.expectedSeq - 1, hash: this.prevHash } : null,
    };
  }
}
