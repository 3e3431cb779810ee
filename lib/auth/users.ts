import "server-only";
import { and, asc, eq, gt, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { z as zod } from "zod";
import { conn, transact } from "@/db/client";
import { apiTokens, sessions, users } from "@/db/schema";
import { decodeCursor, encodeCursor, type Page } from "../api/pagination";
import { appendAudit } from "../audit/append";
import { AppError, conflict, notFound, pgCode } from "../errors";
import { UNKNOWN_ADDRESS } from "../security/address";
import { hit, reset, SIGN_IN_PER_ADDRESS, SIGN_IN_PER_EMAIL, unhit } from "../security/limits";
import type { Actor } from "./actor";
import { hashPassword, verifyPassword } from "./password";
import { authorize, refuseSelfLockout } from "./policy";
import type { Role } from "./roles";
import type { CreateUser, UpdateUser } from "./schemas";

type UserRow = typeof users.$inferSelect;
export type UserView = { email: string; name: string; roles: Role[]; disabled: boolean; createdAt: string };

export const userView = (u: UserRow): UserView => ({
  email: u.email,
  name: u.name,
  roles: u.roles as Role[],
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
});

export async function listUsers(actor: Actor): Promise<UserView[]> {
  authorize(actor, "users.manage");
  const db = await conn();
  return (await db.select().from(users).orderBy(asc(users.email))).map(userView);
}

/** One page of users by email, for the API's ?limit= and ?cursor=. */
export async function listUsersPage(actor: Actor, limit: number, cursor?: string): Promise<Page<UserView>> {
  authorize(actor, "users.manage");
  const after = decodeCursor(cursor, zod.object({ email: zod.string() }))?.email;
  const db = await conn();
  const rows = await db
    .select()
    .from(users)
    .where(after ? gt(users.email, after) : undefined)
    .orderBy(asc(users.email))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(userView);
  return { items, nextCursor: rows.length > limit ? encodeCursor({ email: items[items.length - 1].email }) : null };
}

export async function createUser(actor: Actor, input: z.infer<typeof CreateUser>): Promise<UserView> {
  authorize(actor, "users.manage");
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return transact(async (tx) => {
    try {
      const [u] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, roles: [...new Set(input.roles)], passwordHash })
        .returning();
      const view = userView(u);
      await appendAudit(tx, actor, "user.created", { type: "user", id: u.email }, null, view);
      return view;
    } catch (e) {
      if (pgCode(e) === "23505") throw conflict(`A user with the email ${input.email} exists already.`, "exists");
      throw e;
    }
  });
}

export async function updateUser(actor: Actor, email: string, input: z.infer<typeof UpdateUser>): Promise<UserView> {
  authorize(actor, "users.manage");
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return transact(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.email, email.toLowerCase())).for("update");
    if (!before) throw notFound(`The user ${email}`);
    const lockout = refuseSelfLockout(actor, before.email, input);
    if (lockout) throw new AppError("self_lockout", 422, lockout);
    const [u] = await tx
      .update(users)
      .set({
        name: input.name ?? before.name,
        roles: input.roles ? [...new Set(input.roles)] : before.roles,
        disabled: input.disabled ?? before.disabled,
        oidcLinked: input.oidcLinked ?? before.oidcLinked,
        ...(passwordHash ? { passwordHash } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, before.id))
      .returning();
    // A new password ends every other session of the user (the one making the change, if it is theirs, stays): whoever
    // knew the old one is signed out. Their API tokens are separate credentials and stay.
    if (passwordHash)
      await tx.delete(sessions).where(and(eq(sessions.userId, u.id), actor.sessionId ? ne(sessions.id, actor.sessionId) : undefined));
    // Disabling ends every session and token at once; resolving them checks `disabled` too, but drop them anyway.
    if (u.disabled && !before.disabled) {
      await tx.delete(sessions).where(eq(sessions.userId, u.id));
      await tx
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiTokens.userId, u.id), sql`${apiTokens.revokedAt} is null`));
    }
    const action = u.disabled && !before.disabled ? "user.disabled" : !u.disabled && before.disabled ? "user.enabled" : "user.updated";
    const after = {
      ...userView(u),
      passwordChanged: passwordHash ? true : undefined,
      oidcLinked: u.oidcLinked !== before.oidcLinked ? u.oidcLinked : undefined,
    };
    await appendAudit(tx, actor, action, { type: "user", id: u.email }, userView(before), after);
    return userView(u);
  });
}

export const MAX_FAILURES = SIGN_IN_PER_EMAIL.max;

/**
 * A refused sign-in. `reason` says which check refused it, for the security log only: the message never tells
 * the person signing in whether the email exists.
 */
export class SignInRefused extends AppError {
  constructor(
    readonly reason: "rate limited" | "unknown user" | "account disabled" | "wrong password" | "no password (single sign-on only)",
    code: string,
    status: number,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(code, status, message, [], headers);
  }
}

const rateLimited = (retryAfter: number, what: string) =>
  new SignInRefused(
    "rate limited",
    "rate_limited",
    429,
    `Too many failed sign-ins ${what}. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
    { "Retry-After": String(retryAfter) },
  );

/**
 * Check an email and password, from a client address (lib/security/address.ts). Every attempt is counted as a failure
 * before the password is looked at, per email (5 per 15 minutes) and per address (50 per 15 minutes), by one atomic
 * upsert each (lib/security/limits.ts): an attempt past either limit is refused, even with the right password, and
 * parallel attempts cannot all pass the gate before the count reaches the limit. A success then clears its email's
 * count and takes its own attempt back from the address's. An unknown email, a disabled account and a single-sign-on
 * account run an argon2 verification too (against a dummy hash), so the time taken tells nothing.
 */
export async function authenticate(emailRaw: string, password: string, address: string = UNKNOWN_ADDRESS): Promise<UserRow> {
  const email = emailRaw.trim().toLowerCase();
  const perEmail = await hit(SIGN_IN_PER_EMAIL, email);
  const perAddress = await hit(SIGN_IN_PER_ADDRESS, address);
  if (!perEmail.allowed) throw rateLimited(perEmail.retryAfter, "for this email");
  if (!perAddress.allowed) throw rateLimited(perAddress.retryAfter, "from your network address");
  const db = await conn();
  const [u] = await db.select().from(users).where(eq(users.email, email));
  const usable = u && !u.disabled && u.passwordHash ? u : null;
  const matches = await verifyPassword(usable?.passwordHash ?? null, password);
  const refusal = !u
    ? "unknown user"
    : u.disabled
      ? "account disabled"
      : !u.passwordHash
        ? "no password (single sign-on only)"
        : matches
          ? null
          : "wrong password";
  if (refusal || !u)
    throw new SignInRefused(
      refusal ?? "unknown user",
      "invalid_credentials",
      401,
      "The email or password is wrong, or the account is disabled.",
    );
  await reset(SIGN_IN_PER_EMAIL, email);
  await unhit(SIGN_IN_PER_ADDRESS, address);
  return u;
}

export async function findUserByEmail(email: string): Promise<UserRow | undefined> {
  const db = await conn();
  const [u] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return u;
}
