import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const SECURITY_EVENT_KINDS = ["sign_in_refused", "token_refused", "permission_denied"] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/**
 * The security log: refused sign-ins, refused bearer tokens and permission denials (lib/security/record.ts). A
 * permission denial (an API 403 or a refused page) is one row each; a refused sign-in or token, which anyone can send
 * without an account, is one row per client address, minute and reason, counting them (`count`), so a flood cannot
 * bury the rest. Written outside the refused request's transaction, so the refusal survives its
 * rollback; partitioned by day of `at`, whole days dropped past the retention (90 days by default, lib/ops/retention.ts). Never holds a password or a token's secret.
 */
export const securityEvents = pgTable(
  "security_events",
  {
    id: integer("id").notNull().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    kind: text("kind").$type<SecurityEventKind>().notNull(),
    /** Who, when known: the email typed at sign-in, the token's user, or the denied actor. */
    email: text("email"),
    /** The token's id (tok_…) when it is known, else the first characters of what was sent, ending in "…". */
    token: text("token"),
    method: text("method"),
    path: text("path"),
    reason: text("reason").notNull(),
    requestId: text("request_id").notNull(),
    /** The client address (lib/security/address.ts), when known. */
    address: text("address"),
    /** Aggregated rows only: the minute they count, and the last event counted. Null for a one-event row. */
    minute: timestamp("minute", { withTimezone: true }),
    lastAt: timestamp("last_at", { withTimezone: true }),
    /** How many events the row stands for (1 for a one-event row). */
    count: integer("count").notNull().default(1),
  },
  (t) => [
    // Partitioned by day of `at` (db/migrations/0023_retention_partitions.sql): every unique key includes it. An
    // aggregated row's `at` is its minute, so adding `at` to the aggregate key changes nothing.
    primaryKey({ name: "security_events_pkey", columns: [t.id, t.at] }),
    index("security_events_at_idx").on(t.at),
    // Nulls are distinct, so one-event rows (minute null) never collide.
    uniqueIndex("security_events_aggregate_uq").on(t.kind, t.address, t.minute, t.reason, t.at),
    check("security_events_kind_ck", sql`${t.kind} in ('sign_in_refused', 'token_refused', 'permission_denied')`),
  ],
);
