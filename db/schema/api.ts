import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Responses to POSTs sent with an Idempotency-Key, stored in the same transaction as the write they answer. The
 * principal is the credential (a token, or a user's browser session) and the key is scoped to it, the method and the
 * path; records live 24 hours. A response that carried a secret is stored without it: `body` then holds only
 * `{id}` and `withheld` is set, and a retry gets 409 replay_unavailable.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    principal: text("principal").notNull(),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    body: jsonb("body").notNull(),
    /** The response carried a secret, which was not kept. */
    withheld: text("withheld"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.method, t.path, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);
