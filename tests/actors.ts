// The people (and tokens) store tests act as: one factory, so every test spells an actor the same way.
import type { Actor } from "@/lib/auth/actor";
import type { Role, Scope } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";

/** A signed-in user: `person("Chen", ["contributor"], 1)` is chen@example.com. */
export function person(name: string, roles: Role[], userId: number, email = `${name.toLowerCase()}@example.com`): Actor {
  return { type: "user", userId, email, name, roles };
}

/** The same person acting through an API token with these scopes. */
export function tokenOf(actor: Actor, scopes: Scope[], tokenId = "t1"): Actor {
  return { ...actor, type: "token", tokenId, scopes };
}

/**
 * The AppError a promise was refused with; fails the test when it resolves or throws anything else. Assert its status
 * and code beside: `expect((await refused(p)).status).toBe(403)`.
 */
export async function refused(p: Promise<unknown>): Promise<AppError> {
  const outcome = await p.then(
    () => ({ ok: true as const }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  if (outcome.ok) throw new Error("expected a refusal, but the call succeeded");
  if (outcome.e instanceof AppError) return outcome.e;
  throw outcome.e;
}
