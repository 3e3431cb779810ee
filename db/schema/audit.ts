import { bigint, bigserial, customType, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

/** Append-only, hash-chained. Triggers in migration 0001 refuse UPDATE, DELETE and TRUNCATE. */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id").notNull(),
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_action_idx").on(t.action),
  ],
);

/**
 * Archives of the trail's oldest entries (`npm run portal -- audit archive`): each records the head it covers and
 * the file it was written to. Entries are removed only by the manual step in docs/RETENTION.md, and only up to an
 * archive's seq; the chain then continues from that archive's hash. Append-only like audit_log (migration 0005).
 */
export const auditArchives = pgTable(
  "audit_archives",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The archive's head: its last entry. */
    seq: bigint("seq", { mode: "number" }).notNull(),
    hash: text("hash").notNull(),
    firstSeq: bigint("first_seq", { mode: "number" }).notNull(),
    entries: integer("entries").notNull(),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    /** The signed checkpoint of the head, as written beside the file. */
    checkpoint: jsonb("checkpoint").notNull(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("audit_archives_seq_idx").on(t.seq)],
);

const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => Buffer.from(v),
  toDriver: (v) => v,
});

/**
 * The Merkle tree over the trail (RFC 9162; lib/audit/merkle.ts, tree.ts): every complete subtree, a row each. The
 * node at (level L, idx i) is the hash of leaves [i·2^L, (i+1)·2^L); leaf i is the entry seq i + 1. Written with each
 * entry in its transaction (the leaf and the nodes it completes), so the root at any size and any proof are O(log n)
 * rows by primary key. Kept when old entries are archived and removed, so proofs still reach them. Append-only.
 */
export const auditTree = pgTable(
  "audit_tree",
  {
    level: smallint("level").notNull(),
    idx: bigint("idx", { mode: "number" }).notNull(),
    hash: bytea("hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] })],
);

/**
 * Checkpoints the portal published (lib/audit/publish.ts): signed with the log key, sent to the `audit.checkpoint`
 * webhooks and the witnesses. `audit verify` holds the trail to the latest one, so history rewritten after a checkpoint
 * left the building is caught. Append-only by trigger, like the trail.
 */
export const auditCheckpoints = pgTable("audit_checkpoints", {
  size: bigint("size", { mode: "number" }).primaryKey(),
  root: bytea("root").notNull(),
  /** The signed note as published (the log's signature only; cosignatures are in audit_cosignatures). */
  note: text("note").notNull(),
  publishedAt: timestamp("published_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** A witness's cosignature of a published checkpoint (c2sp.org/tlog-cosignature), verified before it is stored. */
export const auditCosignatures = pgTable(
  "audit_cosignatures",
  {
    size: bigint("size", { mode: "number" }).notNull(),
    /** The witness's verifier key (name+key id+key). */
    witness: text("witness").notNull(),
    line: text("line").notNull(),
    signedAt: timestamp("signed_at", { withTimezone: true, precision: 3 }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.size, t.witness] })],
);

/** What the portal knows of each configured witness: the last size it cosigned, and the last attempt's outcome. */
export const auditWitnesses = pgTable("audit_witnesses", {
  witness: text("witness").primaryKey(),
  url: text("url").notNull(),
  cosignedSize: bigint("cosigned_size", { mode: "number" }),
  lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true, precision: 3 }),
  lastError: text("last_error"),
});
