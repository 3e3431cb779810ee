import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

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
export const auditArchives = pgTable("audit_archives", {
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
}, (t) => [index("audit_archives_seq_idx").on(t.seq)]);
