import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { conn } from "@/db/client";
import { sessions, users } from "@/db/schema";
import type { Actor } from "./actor";
import type { Role } from "./roles";

/** A session's absolute lifetime. */
export const SESSION_HOURS = 12;
/** A session unused for this long ends (SESSION_IDLE_MINUTES). */
export const DEFAULT_IDLE_MINUTES = 60;
/** last_seen_at is written at most this often per session, so a busy page costs no write per request. */
const SEEN_EVERY_MS = 60_000;

/** SESSION_IDLE_MINUTES, read at each check (1 minute to SESSION_HOURS; the default when unset or not a number). */
export function idleMinutes(): number {
  const n = Number.parseInt(process.env.SESSION_IDLE_MINUTES ?? "", 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, SESSION_HOURS * 60) : DEFAULT_IDLE_MINUTES;
}

export async function createSession(userId: number): Promise<string> {
  const db = await conn();
  const id = randomBytes(24).toString("base64url");
  await db.insert(sessions).values({ id, userId, expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000) });
  // Housekeeping: expired rows are of no use to anyone.
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  return id;
}

export async function endSession(id: string): Promise<void> {
  const db = await conn();
  await db.delete(sessions).where(eq(sessions.id, id));
}

/**
 * The user behind a browser session, checked against the database on every request: the row must exist, be within
 * its 12 hours, have been used within the idle timeout, and its user be enabled. An idle session is deleted; a live
 * one has its last-seen time moved on (at most once a minute).
 */
export async function actorFromSession(id: string): Promise<Actor | null> {
  const db = await conn();
  const now = Date.now();
  const [r] = await db
    .select({ u: users, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date(now))));
  if (!r || r.u.disabled) return null;
  if (now - r.lastSeenAt.getTime() > idleMinutes() * 60_000) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now - r.lastSeenAt.getTime() >= SEEN_EVERY_MS)
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.id, id));
  return { type: "user", userId: r.u.id, email: r.u.email, name: r.u.name, roles: r.u.roles as Role[], sessionId: id };
}
