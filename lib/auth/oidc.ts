import "server-only";
import { eq } from "drizzle-orm";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { transact } from "@/db/client";
import { users } from "@/db/schema";
import { appendAudit } from "../audit/append";
import { AppError } from "../errors";
import { SYSTEM } from "./actor";
import { isRole, type Role } from "./roles";

/** An OIDC provider when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set; roles from OIDC_ROLES_CLAIM. */
export function oidcProvider(): OAuthConfig<Record<string, unknown>> | null {
  const issuer = process.env.OIDC_ISSUER;
  const clientId = process.env.OIDC_CLIENT_ID;
  const clientSecret = process.env.OIDC_CLIENT_SECRET;
  if (!issuer || !clientId || !clientSecret) return null;
  return {
    id: "oidc",
    name: process.env.OIDC_NAME ?? "single sign-on",
    type: "oauth",
    wellKnown: `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    clientId,
    clientSecret,
    profile(p) {
      return { id: String(p.sub), email: String(p.email ?? ""), name: String(p.name ?? p.email ?? p.sub) };
    },
  };
}

/** Roles from the claim named by OIDC_ROLES_CLAIM (default "roles"): an array or a space/comma separated string. */
export function rolesFromClaims(claims: Record<string, unknown>, claimName = process.env.OIDC_ROLES_CLAIM ?? "roles"): Role[] {
  let v: unknown = claims;
  for (const part of claimName.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  const list = Array.isArray(v) ? v.map(String) : typeof v === "string" ? v.split(/[\s,]+/) : [];
  const roles = [...new Set(list.map((r) => r.trim().toLowerCase()).filter(isRole))];
  return roles.length ? roles : (process.env.OIDC_DEFAULT_ROLES ?? "viewer").split(",").filter(isRole);
}

/** OIDC_ROLES_FROM_IDP=1: the identity provider owns roles, refreshed at every sign-in. Otherwise they are Steward's. */
export const rolesFromIdp = () => process.env.OIDC_ROLES_FROM_IDP === "1" || process.env.OIDC_ROLES_FROM_IDP === "true";

/** A refused single sign-on; `loginError` is the code /login explains in words (app/login/page.tsx). */
export class OidcRefused extends AppError {
  constructor(
    readonly loginError: "AccessDenied" | "EmailUnverified" | "OAuthAccountNotLinked",
    message: string,
  ) {
    super("forbidden", 403, message);
  }
}

/**
 * The Steward user an OIDC sign-in stands for, created on the first one. Refused: an identity whose email the provider
 * has not verified (`email_verified` must be true), a disabled account, and an existing account with a password that
 * single sign-on was never linked to (`oidc_linked`: set when OIDC created the account, on the first sign-in of an
 * account without a password, or by an admin with PATCH /api/v1/users/{email} {"oidcLinked": true}), so whoever
 * controls an email at the provider cannot take over a local account. Roles come from the provider when the user is
 * created; after that an admin's grants stand, unless OIDC_ROLES_FROM_IDP=1 says the provider owns them, when they are
 * refreshed at every sign-in.
 */
export async function upsertOidcUser(profile: Record<string, unknown>) {
  const email = String(profile.email ?? "").toLowerCase();
  if (!email) throw new OidcRefused("AccessDenied", "The identity provider sent no email claim.");
  // Some providers send the claim as a string.
  if (profile.email_verified !== true && profile.email_verified !== "true")
    throw new OidcRefused("EmailUnverified", "The identity provider has not verified this email address.");
  const roles = rolesFromClaims(profile);
  const name = String(profile.name ?? email);
  return transact(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.email, email)).for("update");
    if (before?.disabled) throw new OidcRefused("AccessDenied", "This account is disabled.");
    if (before) {
      if (before.passwordHash && !before.oidcLinked)
        throw new OidcRefused("OAuthAccountNotLinked", "This email belongs to a password account that single sign-on is not linked to.");
      const nextRoles = rolesFromIdp() ? roles : (before.roles as Role[]);
      const same = before.roles.join() === nextRoles.join() && before.name === name && before.oidcLinked;
      if (same) return before;
      const [u] = await tx
        .update(users)
        .set({ roles: nextRoles, name, oidcLinked: true, updatedAt: new Date() })
        .where(eq(users.id, before.id))
        .returning();
      await appendAudit(
        tx,
        SYSTEM,
        "user.updated",
        { type: "user", id: email },
        { roles: before.roles, name: before.name, oidcLinked: before.oidcLinked },
        { roles: nextRoles, name, oidcLinked: true, source: "oidc" },
      );
      return u;
    }
    const [u] = await tx.insert(users).values({ email, name, roles, oidcLinked: true }).returning();
    await appendAudit(tx, SYSTEM, "user.created", { type: "user", id: email }, null, { email, name, roles, source: "oidc" });
    return u;
  });
}
