import "server-only";
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { getDb, rows } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { recordRun } from "../health/workers";
import { log } from "../log";

/** A limit: at most `max` hits per subject in a window of `windowSeconds`, opened by the window's first hit. */
export type Limit = { name: string; max: number; windowSeconds: number };

/** API.md, Trust rules (v1.1), Rate limits. */
export const SIGN_IN_PER_EMAIL: Limit = { name: "sign-in:email", max: 5, windowSeconds: 15 * 60 };
export const SIGN_IN_PER_ADDRESS: Limit = { name: "sign-in:address", max: 50, windowSeconds: 15 * 60 };
export const UNKNOWN_TOKENS_PER_ADDRESS: Limit = { name: "token:address", max: 20, windowSeconds: 60 };

export type Hit = {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Whether this hit is within the limit. */
  allowed: boolean;
  /** Whole seconds until the window ends (at least 1): what Retry-After says. */
  retryAfter: number;
};

/** The row key: a long subject (an email typed by anyone) is kept as its digest. */
const keyOf = (limit: Limit, subject: string) =>
  `${limit.name}:${subject.length > 200 ? `sha256:${createHash("sha256").update(subject).digest("hex")}` : subject}`;

const PRUNE_EVERY_MS = 3_600_000;
const g = globalThis as unknown as { __stewardLimitsPrunedAt?: number };

/**
 * Count one hit against a limit and say whether it is allowed, in one statement: the upsert takes the row's lock, so
 * parallel hits are counted one after the other and exactly `max` of them see a count within the limit, whatever
 * instance they reach. Written on the database itself (never a caller's transaction), so a rollback keeps the count.
 * A window ends `windowSeconds` after its first hit; the next hit opens a new one.
 */
export async function hit(limit: Limit, subject: string): Promise<Hit> {
  const db = await getDb();
  const key = keyOf(limit, subject);
  const expired = sql`${rateLimits.windowStart} <= now() - ${limit.windowSeconds}::int * interval '1 second'`;
  const [r] = await rows<{ hits: number; retry_after: number }>(
    sql`insert into ${rateLimits} (key, window_start, hits) values (${key}, now(), 1)
        on conflict (key) do update set
          window_start = case when ${expired} then now() else ${rateLimits.windowStart} end,
          hits = case when ${expired} then 1 else ${rateLimits.hits} + 1 end
        returning hits, ceil(extract(epoch from (window_start + ${limit.windowSeconds}::int * interval '1 second' - now())))::int as retry_after`,
    db,
  );
  void prune();
  const hits = Number(r.hits);
  return { hits, allowed: hits <= limit.max, retryAfter: Math.max(1, Number(r.retry_after)) };
}

/** Take one hit back (a sign-in that succeeded was counted in advance), never below zero. */
export async function unhit(limit: Limit, subject: string): Promise<void> {
  const db = await getDb();
  await db
    .update(rateLimits)
    .set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)` })
    .where(eq(rateLimits.key, keyOf(limit, subject)));
}

/** Forget a subject's hits (a successful sign-in clears its email's failures). */
export async function reset(limit: Limit, subject: string): Promise<void> {
  const db = await getDb();
  await db.delete(rateLimits).where(eq(rateLimits.key, keyOf(limit, subject)));
}

/** Housekeeping, at most once an hour per process: windows that ended more than an hour ago count nothing. */
async function prune(): Promise<void> {
  const now = Date.now();
  if (now - (g.__stewardLimitsPrunedAt ?? 0) < PRUNE_EVERY_MS) return;
  g.__stewardLimitsPrunedAt = now;
  try {
    const db = await getDb();
    await recordRun("pruning", () => db.delete(rateLimits).where(sql`${rateLimits.windowStart} < now() - interval '2 hours'`), {
      failure: "Pruning rate-limit windows failed",
    });
  } catch (e) {
    log("warn", "could not prune rate limits", { error: e instanceof Error ? e.message : String(e) });
  }
}
