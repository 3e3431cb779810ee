import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { conn, currentRequestId, getDb } from "@/db/client";
import { type SecurityEventKind, securityEvents } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { log } from "../log";
import { UNKNOWN_ADDRESS } from "./address";

export type SecurityEventInput = {
  kind: SecurityEventKind;
  /** Who, when known: the email typed at sign-in, the token's user, the denied actor. */
  email?: string | null;
  /** A token's id (tok_…), or tokenHint() of an unknown one; never the secret. */
  token?: string | null;
  method?: string | null;
  path?: string | null;
  reason: string;
  /** The request's id; the current request context's, else a new one. */
  requestId?: string | null;
  /** The client address (lib/security/address.ts); refused sign-ins and tokens are counted per address and minute. */
  address?: string | null;
};

/**
 * Kinds anyone can cause without an account: one row per client address, minute and reason, counting them, so a
 * flood of wrong passwords or made-up tokens adds a row a minute, not a row a request, and cannot bury the rest.
 */
const AGGREGATED: ReadonlySet<SecurityEventKind> = new Set(["sign_in_refused", "token_refused"]);

const clip = (s: string | null | undefined, n: number) => (s == null || s === "" ? null : s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * What may be kept of a bearer token nobody knows: at most its first 8 characters and never more than a quarter of
 * it ("stw_AbCd…"), enough to tell which stale credential a pipeline sends, far too little to use.
 */
export function tokenHint(secret: string): string {
  return `${secret.slice(0, Math.min(8, Math.floor(secret.length / 4)))}…`;
}

async function write(e: SecurityEventInput): Promise<void> {
  try {
    // The database itself, never conn(): the refused request's transaction (if any) rolls back, the refusal stays.
    const db = await getDb();
    const now = new Date();
    const row = {
      at: now,
      kind: e.kind,
      email: clip(e.email?.trim().toLowerCase(), 320),
      token: clip(e.token, 40),
      method: clip(e.method, 10),
      path: clip(e.path, 300),
      reason: clip(e.reason, 300) ?? e.kind,
      requestId: clip(e.requestId, 100) ?? currentRequestId() ?? randomUUID(),
      address: clip(e.address, 64),
    };
    if (AGGREGATED.has(e.kind)) {
      // The first event of the minute keeps its details (who, which token, path, request id); the rest count. The row's
      // `at` is its minute (the table is partitioned by `at`, so the aggregate key holds it; last_at is the last event).
      const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
      await db
        .insert(securityEvents)
        .values({ ...row, at: minute, address: row.address ?? UNKNOWN_ADDRESS, minute, lastAt: now })
        .onConflictDoUpdate({
          target: [securityEvents.kind, securityEvents.address, securityEvents.minute, securityEvents.reason, securityEvents.at],
          set: { count: sql`${securityEvents.count} + 1`, lastAt: now },
        });
    } else await db.insert(securityEvents).values(row);
    // Rows past STEWARD_RETAIN_SECURITY_DAYS (90) leave with their day's partition (lib/ops/retention.ts).
  } catch (err) {
    log("error", "could not record a security event", {
      kind: e.kind,
      requestId: e.requestId ?? currentRequestId(),
      error: err instanceof Error ? err.message : String(err),
    });
  }
}

/**
 * One row in the security log. Never throws (a failure is logged) and never joins the caller's transaction. Called
 * outside a transaction it waits for the insert; inside one (PGlite has a single connection, which the transaction
 * holds) it does not wait, and the row is written as soon as the connection is free.
 */
export async function recordSecurityEvent(e: SecurityEventInput): Promise<void> {
  let inTransaction = false;
  try {
    inTransaction = (await conn()) !== (await getDb());
  } catch {
    /* the store is down: write() logs it */
  }
  if (inTransaction) {
    void write(e);
    return;
  }
  await write(e);
}

/**
 * A refused bearer token: the 401 it answers with (or the 429 when its address has sent too many unknown tokens), and
 * what the security log keeps of it.
 */
export class RefusedToken extends AppError {
  constructor(
    message: string,
    readonly refusal: { reason: string; token: string | null; email: string | null; address?: string | null },
    limited?: { retryAfter: number },
  ) {
    super(
      limited ? "rate_limited" : "unauthenticated",
      limited ? 429 : 401,
      message,
      [],
      limited ? { "Retry-After": String(limited.retryAfter) } : {},
    );
  }
}

/**
 * For server pages: log that this signed-in actor was refused the page at `path` (a permission denial, like an API
 * 403), then render nothing. Called from the page's refusal branch: `{await recordPageRefusal(actor, "/admin", "…")}`.
 */
export async function recordPageRefusal(actor: Actor, path: string, reason: string): Promise<null> {
  await recordSecurityEvent({
    kind: "permission_denied",
    email: actor.email,
    token: actor.tokenId ?? null,
    method: "GET",
    path,
    reason: `page: ${reason}`,
  });
  return null;
}
