import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const SECURITY_EVENT_KINDS = ["sign_in_refused", "token_refused", "permission_denied"] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/**
 * The security log: refused sign-ins, refused bearer tokens and permission denials, one row each
 * (lib/security/record.ts). Written outside the refused request's transaction, so the refusal survives its
 * rollback; rows older than 90 days are pruned. Never holds a password or a token's secret.
 */
export const securityEvents = pgTable(
  "security_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
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
  },
  (t) => [
    index("security_events_at_idx").on(t.at),
    check("security_events_kind_ck", sql`${t.kind} in ('sign_in_refused', 'token_refused', 'permission_denied')`),
  ],
);
