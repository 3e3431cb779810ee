import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { z as zod } from "zod";
import { conn, transact } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { decodeCursor, encodeCursor, type Page } from "../api/pagination";
import { appendAudit } from "../audit/append";
import { forbidden, notFound } from "../errors";
import { isoOrNull, parseTime } from "../time";
import type { Actor } from "./actor";
import { authorize, decide } from "./policy";
import type { Role, Scope } from "./roles";
import type { CreateToken } from "./schemas";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const newId = () => `tok_${randomBytes(9).toString("base64url")}`;

type TokenRow = typeof apiTokens.$inferSelect;
const tokenView = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes as Scope[],
  expiresAt: isoOrNull(t.expiresAt),
  revokedAt: isoOrNull(t.revokedAt),
  lastUsedAt: isoOrNull(t.lastUsedAt),
  createdAt: t.createdAt.toISOString(),
});
export type TokenView = ReturnType<typeof tokenView>;

/**
 * The user whose tokens these are, once the policy allows the action: anyone for themself, an admin-scoped admin for
 * anyone. Someone refused learns nothing of whether the user exists (403 before the lookup's 404).
 */
async function tokenOwner(actor: Actor, action: "token.read" | "token.create", email: string) {
  authorize(actor, action, { kind: "user", email });
  const db = await conn();
  const [owner] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  if (!owner) throw notFound(`The user ${email}`);
  return owner;
}

export async function listTokens(actor: Actor, email: string): Promise<TokenView[]> {
  const owner = await tokenOwner(actor, "token.read", email);
  const db = await conn();
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, owner.id)).orderBy(desc(apiTokens.createdAt));
  return rows.map(tokenView);
}

/** One page of a user's tokens, newest first, for the API's ?limit= and ?cursor=. */
export async function listTokensPage(actor: Actor, email: string, limit: number, cursor?: string): Promise<Page<TokenView>> {
  const owner = await tokenOwner(actor, "token.read", email);
  const c = decodeCursor(cursor, zod.object({ at: zod.string(), id: zod.string() }));
  // Keyset on the millisecond the cursor can carry (created_at itself holds microseconds).
  const at = sql`date_trunc('milliseconds', ${apiTokens.createdAt})`;
  const db = await conn();
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, owner.id), c ? sql`(${at}, ${apiTokens.id}) < (${c.at}::timestamptz, ${c.id})` : undefined))
    .orderBy(desc(at), desc(apiTokens.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(tokenView);
  const last = rows[limit - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null };
}

export async function issueToken(actor: Actor, email: string, input: z.infer<typeof CreateToken>) {
  const expiresAt = input.expiresAt ? parseTime(input.expiresAt) : null;
  // Narrowing is the policy's too: never broader, nor longer-lived, than the credential minting it.
  authorize(actor, "token.create", { kind: "user", email, newToken: { scopes: input.scopes, expiresAt } });
  const owner = await tokenOwner(actor, "token.create", email);
  if (owner.disabled) throw forbidden(`The user ${owner.email} is disabled.`);
  const token = `stw_${randomBytes(32).toString("base64url")}`;
  return transact(async (tx) => {
    const [t] = await tx
      .insert(apiTokens)
      .values({
        id: newId(),
        userId: owner.id,
        name: input.name,
        scopes: [...new Set(input.scopes)],
        tokenHash: hashToken(token),
        expiresAt,
      })
      .returning();
    const view = tokenView(t);
    await appendAudit(tx, actor, "token.created", { type: "token", id: t.id }, null, { ...view, user: owner.email });
    return { id: t.id, name: t.name, scopes: t.scopes as Scope[], expiresAt: isoOrNull(t.expiresAt), token };
  });
}

export async function revokeToken(actor: Actor, id: string): Promise<TokenView> {
  return transact(async (tx) => {
    authorize(actor, "token.revoke");
    const [row] = await tx
      .select({ t: apiTokens, email: users.email })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.id, id))
      .for("update", { of: apiTokens });
    // Someone who may not revoke it learns nothing of whether it exists.
    if (!row || !decide(actor, "token.revoke", { kind: "user", email: row.email }).allow) {
      if (row && decide(actor, "token.read", { kind: "user", email: row.email }).allow)
        authorize(actor, "token.revoke", { kind: "user", email: row.email });
      throw notFound(`The token ${id}`);
    }
    const t = row.t;
    if (t.revokedAt) return tokenView(t);
    const [after] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
    await appendAudit(tx, actor, "token.revoked", { type: "token", id }, tokenView(t), tokenView(after));
    return tokenView(after);
  });
}

export type TokenRefusal = {
  reason: "unknown token" | "revoked token" | "expired token" | "user disabled";
  tokenId: string | null;
  email: string | null;
};

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
      tokenExpiresAt: r.t.expiresAt,
    },
  };
}

/** Register a known string as an admin-scoped token of the given user, once (bootstrap). */
export async function registerBootstrapToken(userId: number, token: string): Promise<boolean> {
  return transact(async (tx) => {
    const [exists] = await tx
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, hashToken(token)));
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
