import type { Role, Scope } from "./roles";

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
  /** Tokens only: when the token expires (null: never). A token it mints may not outlive it. */
  tokenExpiresAt?: Date | null;
  /** Browser sessions only: the session's id (idempotency keys are scoped to it; a password change keeps this one and ends the others). */
  sessionId?: string;
};

export const SYSTEM: Actor = { type: "system", userId: 0, email: "system", name: "Steward", roles: ["admin"] };

/** Who did it, as the audit trail records it. */
export function auditActor(actor: Actor): { type: Actor["type"]; id: string; email: string } {
  return {
    type: actor.type,
    id: actor.type === "token" ? String(actor.tokenId) : actor.type === "system" ? "system" : String(actor.userId),
    email: actor.email,
  };
}
