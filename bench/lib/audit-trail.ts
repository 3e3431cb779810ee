// A synthetic audit trail, computed as appendAudit would write it: each entry chained to the one before (lib/audit/
// chain.ts) and its leaf pushed onto the Merkle tree (lib/audit/merkle.ts), with the tree rows that push completes.
// Shared by bench/backup.ts (BENCH_STORE=audit: batches of inserts) and bench/seed.ts (COPY).
import { type AuditEntry, entryHash, GENESIS_HASH, leafInput } from "../../lib/audit/chain";
import { Frontier, leafHash } from "../../lib/audit/merkle";

export type TrailRow = {
  entry: AuditEntry;
  /** The audit_tree rows this entry completes: its leaf (level 0) and every node above it that it closes. */
  tree: { level: number; index: number; hash: Buffer }[];
};

export type TrailShape = {
  /** The first entry's time (ms); entries follow `stepMs` apart. */
  startMs: number;
  stepMs: number;
  /** Entity, action and change of entry `seq` (defaults: backup.ts's model versions of 500 models). */
  entryOf?: (seq: number) => Pick<AuditEntry, "actor" | "action" | "entity" | "before" | "after">;
};

const defaultEntry = (seq: number): Pick<AuditEntry, "actor" | "action" | "entity" | "before" | "after"> => ({
  actor: { type: "user", id: String(1 + (seq % 7)), email: `user${seq % 7}@example.com` },
  action: seq % 3 ? "version.updated" : "model.updated",
  entity: { type: "model_version", id: `model-${seq % 500}@${seq % 11}.0` },
  before: { stage: "staging" },
  after: { stage: "production", note: `change ${seq}` },
});

/** Entries 1…n of a valid chain, with their tree rows, in order. */
export function* auditTrail(n: number, shape: TrailShape): Generator<TrailRow> {
  const entryOf = shape.entryOf ?? defaultEntry;
  const f = new Frontier();
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const draft: Omit<AuditEntry, "hash"> = {
      seq,
      at: new Date(shape.startMs + seq * shape.stepMs).toISOString(),
      ...entryOf(seq),
      requestId: null,
      prevHash: prev,
    };
    const entry: AuditEntry = { ...draft, hash: entryHash(draft) };
    prev = entry.hash;
    yield { entry, tree: f.push(leafHash(leafInput(entry))) };
  }
}
