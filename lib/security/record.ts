import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { conn, currentRequestId, getDb } from "@/db/client";
import { type SecurityEventKind, securityEvents } from "@/db/schema";
import { AppError } from "../errors";
import { log } from "../log";

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
};

const PRUNE_EVERY_MS = 3_600_000;
const g = globalThis as unknown as { __stewardSecurityPrunedAt?: number };

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
    await db.insert(securityEvents).values({
      kind: e.kind,
      email: clip(e.email?.trim().toLowerCase(), 320),
      token: clip(e.token, 40),
      method: clip(e.method, 10),
      path: clip(e.path, 300),
      reason: clip(e.reason, 300) ?? e.kind,
      requestId: clip(e.requestId, 100) ?? currentRequestId() ?? randomUUID(),
    });
    // Housekeeping, at most once an hour per process: the log keeps 90 days.
    const now = Date.now();
    if (now - (g.__stewardSecurityPrunedAt ?? 0) >= PRUNE_EVERY_MS) {
      g.__stewardSecurityPrunedAt = now;
      await db.delete(securityEvents).where(sql`${securityEvents.at} < now() - interval '90 days'`);
    }
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

/** A refused bearer token: the 401 it answers with, and what the security log keeps of it. */
export class RefusedToken extends AppError {
  constructor(
    message: string,
    readonly refusal: { reason: string; token: string | null; email: string | null },
  ) {
    super("unauthenticated", 401, message);
  }
}
