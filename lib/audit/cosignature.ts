// Witness cosignatures (c2sp.org/tlog-cosignature, the Ed25519 type "cosignature/v1") and the witness protocol's
// add-checkpoint request and answers (c2sp.org/tlog-witness), pure, with node:crypto alone. A witness is named, holds
// an Ed25519 key (its verifier key has signature type 0x04) and answers at a submission prefix; it cosigns a
// checkpoint only if it extends the last one it cosigned for the log, so history rewritten after a checkpoint left
// the building can no longer be cosigned, and a checkpoint the witness holds no longer verifies against the trail.
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { badKeyName, keyId, type NoteSignature, parseNote } from "./note";

export const COSIGNATURE_V1 = 0x04;
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519 = Buffer.from("302a300506032b6570032100", "hex");
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type Cosigner = { name: string; keyId: Buffer; publicKey: Buffer };
export type CosignatureVerifier = Cosigner & { vkey: string };
export type Cosignature = { name: string; keyId: string; timestamp: number; line: string };

/** The message a cosignature/v1 signs: the header, the time, then the checkpoint's note text (no signatures). */
export const cosignedMessage = (checkpointText: string, timestamp: number) =>
  Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, "utf8");

/** A witness's verifier key: <name>+<hex key ID>+base64(0x04 ‖ 32-byte Ed25519 key). */
export function parseCosignerKey(vkey: string): CosignatureVerifier | { error: string } {
  const s = vkey.trim();
  const a = s.indexOf("+");
  const b = a < 0 ? -1 : s.indexOf("+", a + 1);
  if (a < 0 || b < 0) return { error: "a witness key is <name>+<key id hex>+<base64 key>" };
  const name = s.slice(0, a);
  const id = s.slice(a + 1, b);
  const key = s.slice(b + 1);
  const bad = badKeyName(name);
  if (bad) return { error: bad };
  if (!/^[0-9a-f]{8}$/.test(id)) return { error: "the key ID is not 8 lower-case hex digits" };
  if (key.length % 4 !== 0 || !B64.test(key)) return { error: "the key is not base64" };
  const raw = Buffer.from(key, "base64");
  if (raw.length !== 33) return { error: "the key is not base64 of 33 bytes" };
  if (raw[0] !== COSIGNATURE_V1)
    return { error: `signature type 0x${raw[0].toString(16).padStart(2, "0")} is not an Ed25519 cosignature (0x04)` };
  const publicKey = Buffer.from(raw.subarray(1));
  const kid = keyId(name, publicKey, COSIGNATURE_V1);
  if (kid.toString("hex") !== id) return { error: `the key ID ${id} does not match the name and key (${kid.toString("hex")})` };
  return { name, keyId: kid, publicKey, vkey: s };
}

export const cosignerKeyString = (c: Cosigner) =>
  `${c.name}+${c.keyId.toString("hex")}+${Buffer.concat([Buffer.from([COSIGNATURE_V1]), c.publicKey]).toString("base64")}`;

/** A cosigner from a 32-byte seed (witnesses in tests and the demo; a real witness keeps its own key). */
export function cosignerFromSeed(name: string, seed: Uint8Array): Cosigner & { cosign(checkpointText: string, timestamp: number): string } {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const publicKey = Buffer.from(spki.subarray(spki.length - 32));
  const kid = keyId(name, publicKey, COSIGNATURE_V1);
  return {
    name,
    keyId: kid,
    publicKey,
    cosign(checkpointText, timestamp) {
      const ts = Buffer.alloc(8);
      ts.writeBigUInt64BE(BigInt(timestamp));
      const sig = sign(null, cosignedMessage(checkpointText, timestamp), privateKey);
      return `— ${name} ${Buffer.concat([kid, ts, sig]).toString("base64")}\n`;
    },
  };
}

/** The timestamp and Ed25519 signature a cosignature line carries after its key ID, or null when it is not 72 bytes. */
export function splitTimestamped(sig: NoteSignature): { timestamp: number; signature: Buffer } | null {
  if (sig.signature.length !== 8 + 64) return null;
  const t = sig.signature.readBigUInt64BE(0);
  if (t > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { timestamp: Number(t), signature: sig.signature.subarray(8) };
}

/**
 * The cosignatures among `lines` (signature lines as a witness answers, or a cosigned checkpoint's) made by the
 * witness `w` over `checkpointText`. Lines of other keys are ignored, as the protocol says; a line of this key that
 * does not verify is an error.
 */
export function verifyCosignatures(checkpointText: string, lines: string, w: CosignatureVerifier): Cosignature[] | { error: string } {
  const parsed = parseNote(`${checkpointText}\n${lines}`);
  if ("error" in parsed) return parsed;
  if (parsed.text !== checkpointText) return { error: "the cosignature lines do not follow the checkpoint" };
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, w.publicKey]), format: "der", type: "spki" });
  const out: Cosignature[] = [];
  for (const s of parsed.signatures) {
    if (s.name !== w.name || s.keyId !== w.keyId.toString("hex")) continue;
    const ts = splitTimestamped(s);
    if (!ts) return { error: `the cosignature of ${w.name} is not a timestamp and an Ed25519 signature` };
    if (ts.timestamp === 0) return { error: `the cosignature of ${w.name} has no timestamp` };
    if (!verify(null, cosignedMessage(checkpointText, ts.timestamp), key, ts.signature))
      return { error: `the cosignature of ${w.name} (key ${s.keyId}) does not verify over this checkpoint` };
    out.push({ name: s.name, keyId: s.keyId, timestamp: ts.timestamp, line: s.line });
  }
  return out;
}

/** The body of POST <prefix>/add-checkpoint: "old N", the consistency proof's hashes, a blank line, the signed checkpoint. */
export function addCheckpointBody(oldSize: number, proof: readonly Uint8Array[], signedCheckpoint: string): string {
  if (proof.length > 63) throw new RangeError("at most 63 consistency proof lines");
  return `old ${oldSize}\n${proof.map((h) => `${Buffer.from(h).toString("base64")}\n`).join("")}\n${signedCheckpoint}`;
}

/** The add-checkpoint request as a witness reads it; null fields name what is malformed. */
export function parseAddCheckpoint(body: string): { oldSize: number; proof: Buffer[]; checkpoint: string } | { error: string } {
  const blank = body.indexOf("\n\n");
  if (blank < 0) return { error: "no blank line before the checkpoint" };
  const head = body.slice(0, blank).split("\n");
  const m = /^old (0|[1-9][0-9]{0,15})$/.exec(head[0] ?? "");
  if (!m) return { error: "the first line is not `old <size>`" };
  const proof: Buffer[] = [];
  for (const line of head.slice(1)) {
    if (line.length !== 44 || !B64.test(line)) return { error: "a consistency proof line is not base64 of 32 bytes" };
    proof.push(Buffer.from(line, "base64"));
  }
  if (proof.length > 63) return { error: "more than 63 consistency proof lines" };
  return { oldSize: Number(m[1]), proof, checkpoint: body.slice(blank + 2) };
}

/** A 409 answer's body: the size of the last checkpoint the witness cosigned, then a newline. */
export function parseConflictSize(body: string): number | null {
  const m = /^(0|[1-9][0-9]{0,15})\n?$/.exec(body);
  return m ? Number(m[1]) : null;
}
