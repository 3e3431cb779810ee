import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { conn } from "@/db/client";
import { sessions, users } from "@/db/schema";
import type { Actor } from "./actor";
import type { Role } from "./roles";

export const SESSION_HOURS = 12;

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

/** The user behind a browser session, checked against the database on every request. */
export async function actorFromSession(id: string): Promise<Actor | null> {
  const db = await conn();
  const [r] = await db
    .select({ u: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date())));
  if (!r || r.u.disabled) return null;
  return { type: "user", userId: r.u.id, email: r.u.email, name: r.u.name, roles: r.u.roles as Role[], sessionId: id };
}
