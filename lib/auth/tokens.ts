import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { z as zod } from "zod";
import { decodeCursor, encodeCursor, type Page } from "../api/pagination";
import { conn, transact } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { appendAudit } from "../audit/append";
import { forbidden, notFound } from "../errors";
import { iso, parseTime } from "../time";
import { type Actor, can } from "./actor";
import type { Role, Scope } from "./roles";
import type { CreateToken } from "./schemas";
import type { z } from "zod";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const newId = () => `tok_${randomBytes(9).toString("base64url")}`;

type TokenRow = typeof apiTokens.$inferSelect;
const tokenView = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes as Scope[],
  expiresAt: iso(t.expiresAt),
  revokedAt: iso(t.revokedAt),
  lastUsedAt: iso(t.lastUsedAt),
  createdAt: t.createdAt.toISOString(),
});
export type TokenView = ReturnType<typeof tokenView>;

/** Admins act for anyone; everyone else only for themself, and a token never mints scopes it lacks. */
async function checkTokenOwner(actor: Actor, email: string) {
  const db = await conn();
  const [owner] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  const isSelf = owner && owner.id === actor.userId;
  if (!isSelf && !can(actor, "users.manage")) {
    // Do not reveal whether the user exists to someone who may not manage users.
    throw forbidden("Only an admin can manage another user's tokens.");
  }
  if (!owner) throw notFound(`The user ${email}`);
  return owner;
}

export async function listTokens(actor: Actor, email: string): Promise<TokenView[]> {
  const owner = await checkTokenOwner(actor, email);
  const db = await conn();
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, owner.id)).orderBy(desc(apiTokens.createdAt));
  return rows.map(tokenView);
}

/** One page of a user's tokens, newest first, for the API's ?limit= and ?cursor=. */
export async function listTokensPage(actor: Actor, email: string, limit: number, cursor?: string): Promise<Page<TokenView>> {
  const owner = await checkTokenOwner(actor, email);
  const c = decodeCursor(cursor, zod.object({ at: zod.string(), id: zod.string() }));
  // Keyset on the millisecond the cursor can carry (created_at itself holds microseconds).
  const at = sql`date_trunc('milliseconds', ${apiTokens.createdAt})`;
  const db = await conn();
  const rows = await db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.userId, owner.id),
        c ? sql`(${at}, ${apiTokens.id}) < (${c.at}::timestamptz, ${c.id})` : undefined,
      ),
    )
    .orderBy(desc(at), desc(apiTokens.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(tokenView);
  const last = rows[limit - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null };
}

export async function issueToken(actor: Actor, email: string, input: z.infer<typeof CreateToken>) {
  const owner = await checkTokenOwner(actor, email);
  if (owner.disabled) throw forbidden(`The user ${owner.email} is disabled.`);
  if (actor.type === "token" && input.scopes.some((s) => !actor.scopes?.includes(s)))
    throw forbidden("A token cannot issue a token with scopes it does not hold itself.");
  const token = `stw_${randomBytes(32).toString("base64url")}`;
  const expiresAt = input.expiresAt ? parseTime(input.expiresAt) : null;
  return transact(async (tx) => {
    const [t] = await tx
      .insert(apiTokens)
      .values({ id: newId(), userId: owner.id, name: input.name, scopes: [...new Set(input.scopes)], tokenHash: hashToken(token), expiresAt })
      .returning();
    const view = tokenView(t);
    await appendAudit(tx, actor, "token.created", { type: "token", id: t.id }, null, { ...view, user: owner.email });
    return { id: t.id, name: t.name, scopes: t.scopes as Scope[], expiresAt: iso(t.expiresAt), token };
  });
}

export async function revokeToken(actor: Actor, id: string): Promise<TokenView> {
  return transact(async (tx) => {
    const [t] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).for("update");
    if (!t || (t.userId !== actor.userId && !can(actor, "users.manage"))) throw notFound(`The token ${id}`);
    if (t.revokedAt) return tokenView(t);
    const [after] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
    await appendAudit(tx, actor, "token.revoked", { type: "token", id }, tokenView(t), tokenView(after));
    return tokenView(after);
  });
}

export type TokenRefusal = { reason: "unknown token" | "revoked token" | "expired token" | "user disabled"; tokenId: string | null; email: string | null };

/** The actor a bearer token stands for, or why it is refused: unknown, revoked, expired, or its user disabled. */
export async function resolveToken(token: string): Promise<{ actor: Actor } | { refused: TokenRefusal }> {
  const db = await conn();
  const [r] = await db
    .select({ t: apiTokens, u: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashToken(token)));
  if (!r) return { refused: { reason: "unknown token", tokenId: null, email: null } };
  const known = { tokenId: r.t.id, email: r.u.email };
  if (r.t.revokedAt) return { refused: { reason: "revoked token", ...known } };
  if (r.u.disabled) return { refused: { reason: "user disabled", ...known } };
  if (r.t.expiresAt && r.t.expiresAt.getTime() <= Date.now()) return { refused: { reason: "expired token", ...known } };
  if (!r.t.lastUsedAt || Date.now() - r.t.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, r.t.id));
  }
  return {
    actor: {
      type: "token",
      userId: r.u.id,
      email: r.u.email,
      name: r.u.name,
      roles: r.u.roles as Role[],
      scopes: r.t.scopes as Scope[],
      tokenId: r.t.id,
    },
  };
}

/** The actor a bearer token stands for, or null when it is unknown, revoked, expired, or its user disabled. */
export async function actorFromToken(token: string): Promise<Actor | null> {
  const r = await resolveToken(token);
  return "actor" in r ? r.actor : null;
}

/** Register a known string as an admin-scoped token of the given user, once (bootstrap). */
export async function registerBootstrapToken(userId: number, token: string): Promise<boolean> {
  return transact(async (tx) => {
    const [exists] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token)));
    if (exists) return false;
    const [t] = await tx
      .insert(apiTokens)
      .values({ id: newId(), userId, name: "bootstrap", scopes: ["read", "write", "admin"], tokenHash: hashToken(token) })
      .returning();
    const [u] = await tx.select().from(users).where(eq(users.id, userId));
    await appendAudit(
      tx,
      { type: "system", userId: 0, email: "system", name: "Steward", roles: ["admin"] },
      "token.created",
      { type: "token", id: t.id },
      null,
      { ...tokenView(t), user: u?.email },
    );
    return true;
  });
}
