// The key that signs the audit log's checkpoints (Ed25519, C2SP signed note) and the log's origin line. Pure: reads
// an environment given to it. README ("Audit transparency") shows how to make a key.
import { type NoteSigner, parsePrivateKey, signerFromSeed, verifierKey } from "./note";

export const SIGNING_KEY_VAR = "AUDIT_SIGNING_KEY";
export const ORIGIN_VAR = "AUDIT_LOG_ORIGIN";
const MIN_DISTINCT_BYTES = 16;
/** Seeds published as examples (golang.org/x/mod/sumdb/note's test key): anyone can sign with them. */
const PUBLISHED_SEEDS = new Set(["810a1402d5146c8d84f2443330f54080ebf98ee17d9c74f6252fc5d5c7283173"]);

type Env = Record<string, string | undefined>;

/** The origin line (and key name): AUDIT_LOG_ORIGIN, else the host of NEXTAUTH_URL + "/steward-audit". */
export function logOrigin(env: Env = process.env): string {
  if (env[ORIGIN_VAR]) return env[ORIGIN_VAR] as string;
  let host = "localhost";
  try {
    if (env.NEXTAUTH_URL) host = new URL(env.NEXTAUTH_URL).host;
  } catch {
    /* a malformed NEXTAUTH_URL is reported where sign-in uses it */
  }
  return `${host}/steward-audit`;
}

export type LogKey = { signer: NoteSigner; origin: string; verifierKey: string };

function weakSeed(seed: Buffer): string | null {
  if (PUBLISHED_SEEDS.has(seed.toString("hex"))) return "it is a published example key";
  if (new Set(seed).size < MIN_DISTINCT_BYTES) return `its 32 bytes hold only ${new Set(seed).size} distinct values: it is not random`;
  return null;
}

/**
 * The signing key from AUDIT_SIGNING_KEY: base64 (or base64url) of a random 32-byte Ed25519 seed, named by the origin;
 * or a golang.org/x/mod/sumdb/note private key (PRIVATE+KEY+name+id+key), whose name must then be the origin.
 * A missing, malformed or weak key is an error naming the variable.
 */
export function readSigningKey(env: Env = process.env): LogKey | { error: string } {
  const raw = env[SIGNING_KEY_VAR]?.trim();
  const how = "make one with `node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"`";
  if (!raw) return { error: `${SIGNING_KEY_VAR} is not set: signed audit checkpoints need an Ed25519 key (${how}).` };
  let signer: NoteSigner;
  let seed: Buffer;
  if (raw.startsWith("PRIVATE+KEY+")) {
    const s = parsePrivateKey(raw);
    if ("error" in s) return { error: `${SIGNING_KEY_VAR} is not a valid note private key: ${s.error}.` };
    if (env[ORIGIN_VAR] && env[ORIGIN_VAR] !== s.name)
      return { error: `${SIGNING_KEY_VAR} is named ${s.name}, but ${ORIGIN_VAR} is ${env[ORIGIN_VAR]}: they must be the same.` };
    signer = s;
    // PRIVATE+KEY+<name>+<id>+<base64>: the key is what follows the fourth plus (base64 may hold more).
    let at = -1;
    for (let i = 0; i < 4; i++) at = raw.indexOf("+", at + 1);
    seed = Buffer.from(raw.slice(at + 1), "base64").subarray(1);
  } else {
    if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(raw)) return { error: `${SIGNING_KEY_VAR} must be base64 of 32 random bytes (${how}).` };
    seed = Buffer.from(raw.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (seed.length !== 32) return { error: `${SIGNING_KEY_VAR} is ${seed.length} bytes, not 32 (${how}).` };
    try {
      signer = signerFromSeed(logOrigin(env), seed);
    } catch (e) {
      return { error: `${ORIGIN_VAR} cannot name a key: ${(e as Error).message}.` };
    }
  }
  const weak = weakSeed(seed);
  if (weak) return { error: `${SIGNING_KEY_VAR} is weak: ${weak} (${how}).` };
  return { signer, origin: signer.name, verifierKey: verifierKey(signer) };
}

/** At start-up: in production a missing or weak key stops the portal (the message says what to set); elsewhere null. */
export function signingKeyRefusal(env: Env = process.env): string | null {
  if (env.NODE_ENV !== "production") return null;
  const k = readSigningKey(env);
  return "error" in k ? `Refusing to start: ${k.error}` : null;
}
