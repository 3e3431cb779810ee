import "server-only";
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

// argon2id (the library's default algorithm), OWASP's second recommended parameter set.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * How many argon2 verifications this process ran: what a refusal costs is one of them, whatever the reason, and the
 * tests count them (a count, unlike a time, does not depend on how loaded the machine is).
 */
export const argon2Verifications = { count: 0 };

const g = globalThis as unknown as { __stewardDummyHash?: Promise<string> };
/** A hash of a random password nobody knows, made once per process with the same parameters as real ones. */
const dummyHash = () => (g.__stewardDummyHash ??= hashPassword(randomBytes(24).toString("base64url")));

/**
 * Whether the password matches the stored hash. Without a hash (an unknown email, a single-sign-on account) it still
 * runs one argon2 verification, against a dummy hash, and answers false: a refusal costs the same time either way,
 * so the time taken does not tell whether an email has an account.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  try {
    if (!stored) {
      argon2Verifications.count++;
      await verify(await dummyHash(), password);
      return false;
    }
    argon2Verifications.count++;
    return await verify(stored, password);
  } catch {
    return false;
  }
}
