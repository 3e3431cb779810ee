import { forbidden } from "../errors";
import { PERMISSIONS, type Permission, type Role, type Scope } from "./roles";

export type Actor = {
  type: "user" | "token" | "system";
  /** users.id for users and tokens; 0 for the system. */
  userId: number;
  email: string;
  name: string;
  roles: Role[];
  /** Present only for tokens. */
  scopes?: Scope[];
  tokenId?: string;
  /** Present only for a browser session: its id (a password change keeps this one and ends the others). */
  sessionId?: string;
};

export const SYSTEM: Actor = { type: "system", userId: 0, email: "system", name: "Steward", roles: ["admin"] };

export function can(actor: Actor, permission: Permission): boolean {
  const p = PERMISSIONS[permission];
  if (actor.type === "system") return true;
  if (!actor.roles.some((r) => (p.roles as readonly Role[]).includes(r))) return false;
  if (actor.type === "token" && !actor.scopes?.includes(p.scope)) return false;
  return true;
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.type === "system" || actor.roles.includes(role);
}

/** Throw 403 unless the actor holds the permission. Every domain function calls this (or a finer check) first. */
export function authorize(actor: Actor, permission: Permission): void {
  if (can(actor, permission)) return;
  const p = PERMISSIONS[permission];
  const roleOk = actor.roles.some((r) => (p.roles as readonly Role[]).includes(r));
  throw forbidden(
    roleOk
      ? `This token lacks the '${p.scope}' scope needed here.`
      : `This needs one of the roles: ${p.roles.join(", ")}.`,
  );
}

/** Who did it, as the audit trail records it. */
export function auditActor(actor: Actor): { type: Actor["type"]; id: string; email: string } {
  return {
    type: actor.type,
    id: actor.type === "token" ? String(actor.tokenId) : actor.type === "system" ? "system" : String(actor.userId),
    email: actor.email,
  };
}
