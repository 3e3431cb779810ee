import "server-only";
import { eq } from "drizzle-orm";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { transact } from "@/db/client";
import { users } from "@/db/schema";
import { appendAudit } from "../audit/append";
import { forbidden } from "../errors";
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

/** The identity provider is the source of roles: they are refreshed at every sign-in. */
export async function upsertOidcUser(profile: Record<string, unknown>) {
  const email = String(profile.email ?? "").toLowerCase();
  if (!email) throw forbidden("The identity provider sent no email claim.");
  const roles = rolesFromClaims(profile);
  const name = String(profile.name ?? email);
  return transact(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.email, email)).for("update");
    if (before?.disabled) throw forbidden("This account is disabled.");
    if (before) {
      const same = before.roles.join() === roles.join() && before.name === name;
      if (same) return before;
      const [u] = await tx.update(users).set({ roles, name, updatedAt: new Date() }).where(eq(users.id, before.id)).returning();
      await appendAudit(tx, SYSTEM, "user.updated", { type: "user", id: email }, { roles: before.roles, name: before.name }, { roles, name, source: "oidc" });
      return u;
    }
    const [u] = await tx.insert(users).values({ email, name, roles }).returning();
    await appendAudit(tx, SYSTEM, "user.created", { type: "user", id: email }, null, { email, name, roles, source: "oidc" });
    return u;
  });
}
