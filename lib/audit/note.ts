// C2SP signed notes (c2sp.org/signed-note) with Ed25519, and tlog checkpoints (c2sp.org/tlog-checkpoint), pure and
// with node:crypto alone. The same encoding as golang.org/x/mod/sumdb/note: note.test.ts checks it against that
// package's published vectors and the C2SP examples.
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";

export const ED25519 = 0x01;
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519 = Buffer.from("302a300506032b6570032100", "hex");

/** Key names: non-empty, no Unicode space, no plus (and, here, printable: nothing below U+0021). */
export function badKeyName(name: string): string | null {
  if (!name) return "the key name is empty";
  if (name.includes("+")) return "the key name contains '+'";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\s\u0000-\u001f\u007f]/u.test(name)) return "the key name contains a space or a control character";
  return null;
}

/** key ID = SHA-256(key name ‖ 0x0A ‖ type ‖ public key)[:4] */
export function keyId(name: string, publicKey: Uint8Array, type = ED25519): Buffer {
  return createHash("sha256")
    .update(name, "utf8")
    .update(Buffer.from([0x0a, type]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

export type NoteSigner = { name: string; keyId: Buffer; publicKey: Buffer; sign(message: Buffer): Buffer };
export type NoteVerifier = { name: string; keyId: Buffer; publicKey: Buffer; verify(message: Buffer, signature: Buffer): boolean };

export function ed25519FromSeed(seed: Uint8Array): { privateKey: KeyObject; publicKey: Buffer } {
  if (seed.length !== 32) throw new RangeError("an Ed25519 seed is 32 bytes");
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return { privateKey, publicKey: Buffer.from(spki.subarray(spki.length - 32)) };
}

export function signerFromSeed(name: string, seed: Uint8Array): NoteSigner {
  const bad = badKeyName(name);
  if (bad) throw new Error(bad);
  const { privateKey, publicKey } = ed25519FromSeed(seed);
  return { name, keyId: keyId(name, publicKey), publicKey, sign: (m) => sign(null, m, privateKey) };
}

export function verifierFromPublicKey(name: string, publicKey: Uint8Array): NoteVerifier {
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: "der", type: "spki" });
  return {
    name,
    keyId: keyId(name, publicKey),
    publicKey: Buffer.from(publicKey),
    verify: (m, s) => s.length === 64 && verify(null, m, key, s),
  };
}

/** The verifier key: <name>+<hex key ID>+base64(0x01 ‖ public key). */
export const verifierKey = (v: { name: string; keyId: Buffer; publicKey: Buffer }) =>
  `${v.name}+${v.keyId.toString("hex")}+${Buffer.concat([Buffer.from([ED25519]), v.publicKey]).toString("base64")}`;

/** Split at the first n - 1 plus signs (base64, the last part, may hold more). */
function splitN(s: string, n: number): string[] | null {
  const out: string[] = [];
  let rest = s;
  for (let i = 0; i < n - 1; i++) {
    const at = rest.indexOf("+");
    if (at < 0) return null;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  out.push(rest);
  return out;
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
const decodeB64 = (s: string): Buffer | null => (s.length % 4 === 0 && B64.test(s) ? Buffer.from(s, "base64") : null);

/** Parse a verifier key; refuses any other type, a wrong length, or a key ID that does not match. */
export function parseVerifierKey(vkey: string): NoteVerifier | { error: string } {
  const parts = splitN(vkey.trim(), 3);
  if (!parts) return { error: "a verifier key is <name>+<key id hex>+<base64 key>" };
  const [name, id, key] = parts;
  const bad = badKeyName(name);
  if (bad) return { error: bad };
  if (!/^[0-9a-f]{8}$/.test(id)) return { error: "the key ID is not 8 lower-case hex digits" };
  const raw = decodeB64(key);
  if (!raw || raw.length !== 33) return { error: "the key is not base64 of 33 bytes" };
  if (raw[0] !== ED25519) return { error: `signature type 0x${raw[0].toString(16).padStart(2, "0")} is not Ed25519 (0x01)` };
  const v = verifierFromPublicKey(name, raw.subarray(1));
  if (v.keyId.toString("hex") !== id) return { error: `the key ID ${id} does not match the name and key (${v.keyId.toString("hex")})` };
  return v;
}

/** golang.org/x/mod/sumdb/note's private key: PRIVATE+KEY+<name>+<hex id>+base64(0x01 ‖ 32-byte seed). */
export function parsePrivateKey(skey: string): NoteSigner | { error: string } {
  const parts = splitN(skey.trim(), 5);
  if (!parts || parts[0] !== "PRIVATE" || parts[1] !== "KEY") return { error: "not PRIVATE+KEY+<name>+<id>+<key>" };
  const [, , name, id, key] = parts;
  const bad = badKeyName(name);
  if (bad) return { error: bad };
  const raw = decodeB64(key);
  if (!raw || raw.length !== 33 || raw[0] !== ED25519) return { error: "the key is not base64 of 0x01 and a 32-byte Ed25519 seed" };
  const s = signerFromSeed(name, raw.subarray(1));
  if (s.keyId.toString("hex") !== id) return { error: `the key ID ${id} does not match the name and key` };
  return s;
}

export const privateKeyString = (name: string, seed: Uint8Array) => {
  const s = signerFromSeed(name, seed);
  return `PRIVATE+KEY+${name}+${s.keyId.toString("hex")}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString("base64")}`;
};

function badText(text: string): string | null {
  if (!text.endsWith("\n")) return "the note text does not end with a newline";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the spec forbids exactly these
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) return "the note contains a control character";
  return null;
}

/** A signed note: the text, a blank line, then one signature line per signer. */
export function signNote(text: string, signers: NoteSigner[], keep: string[] = []): string {
  const bad = badText(text);
  if (bad) throw new Error(bad);
  const msg = Buffer.from(text, "utf8");
  const lines = signers.map((s) => `— ${s.name} ${Buffer.concat([s.keyId, s.sign(msg)]).toString("base64")}\n`);
  return `${text}\n${[...keep, ...lines].join("")}`;
}

export type NoteSignature = { name: string; keyId: string; signature: Buffer; line: string };
export const MAX_NOTE_BYTES = 1 << 20;
export const MAX_SIGNATURES = 100;

/** Split a signed note into its text and signature lines, or say what is malformed. Verifies nothing. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } | { error: string } {
  if (Buffer.byteLength(note, "utf8") > MAX_NOTE_BYTES) return { error: "the note is larger than 1 MiB" };
  if (note.includes("\r")) return { error: "the note contains a carriage return (it must use \\n line ends only)" };
  const split = note.lastIndexOf("\n\n");
  if (split < 0) return { error: "the note has no blank line before its signatures" };
  const text = note.slice(0, split + 1);
  const bad = badText(text);
  if (bad) return { error: bad };
  const sigText = note.slice(split + 2);
  if (!sigText.endsWith("\n")) return { error: "the last signature line does not end with a newline" };
  const signatures: NoteSignature[] = [];
  for (const line of sigText.slice(0, -1).split("\n")) {
    if (signatures.length >= MAX_SIGNATURES) return { error: `more than ${MAX_SIGNATURES} signatures` };
    if (!line.startsWith("— "))
      return { error: `a signature line does not start with an em dash and a space: ${JSON.stringify(line.slice(0, 40))}` };
    const rest = line.slice(2);
    const space = rest.indexOf(" ");
    if (space <= 0) return { error: "a signature line has no key name" };
    const name = rest.slice(0, space);
    const raw = decodeB64(rest.slice(space + 1));
    if (badKeyName(name) || !raw || raw.length < 5) return { error: `the signature line of ${JSON.stringify(name)} is malformed` };
    signatures.push({ name, keyId: raw.subarray(0, 4).toString("hex"), signature: raw.subarray(4), line: `${line}\n` });
  }
  if (!signatures.length) return { error: "the note has no signature" };
  return { text, signatures };
}

export type OpenedNote = { text: string; verifiedBy: string[]; signatures: NoteSignature[] };

/**
 * Open a signed note with the keys one trusts: signatures by unknown keys are ignored; a known key's signature
 * must verify; at least one must. The reason names the key that failed.
 */
export function openNote(note: string, verifiers: NoteVerifier[]): OpenedNote | { error: string } {
  const parsed = parseNote(note);
  if ("error" in parsed) return parsed;
  const msg = Buffer.from(parsed.text, "utf8");
  const verifiedBy: string[] = [];
  for (const s of parsed.signatures) {
    const v = verifiers.find((k) => k.name === s.name && k.keyId.toString("hex") === s.keyId);
    if (!v) continue;
    if (!v.verify(msg, s.signature))
      return { error: `the signature of ${s.name} (key ${s.keyId}) does not verify: the note was altered or signed by another key` };
    verifiedBy.push(`${s.name}+${s.keyId}`);
  }
  if (!verifiedBy.length) {
    const seen = parsed.signatures.map((s) => `${s.name}+${s.keyId}`).join(", ");
    const want = verifiers.map((v) => `${v.name}+${v.keyId.toString("hex")}`).join(", ");
    return { error: `no signature by a trusted key: the note is signed by ${seen}, the key given is ${want}` };
  }
  return { ...parsed, verifiedBy };
}

// ---- tlog checkpoints ----------------------------------------------------------------------------------------------

export type CheckpointBody = { origin: string; size: number; root: Buffer; extensions: string[] };

export function checkpointText(origin: string, size: number, root: Uint8Array): string {
  const bad = badKeyName(origin);
  if (bad) throw new Error(`origin: ${bad}`);
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError("tree size");
  return `${origin}\n${size}\n${Buffer.from(root).toString("base64")}\n`;
}

/** The checkpoint in a note's text: origin, size (decimal, no leading zero), base64 root; extension lines kept. */
export function parseCheckpointText(text: string): CheckpointBody | { error: string } {
  const lines = text.split("\n");
  if (lines.pop() !== "") return { error: "the checkpoint does not end with a newline" };
  if (lines.length < 3) return { error: "a checkpoint has at least three lines: origin, tree size, root hash" };
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (!origin) return { error: "the origin line is empty" };
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText))
    return { error: `the tree size ${JSON.stringify(sizeText.slice(0, 30))} is not a decimal number without leading zeros` };
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return { error: "the tree size is too large" };
  const root = decodeB64(rootText);
  if (!root || root.length !== 32) return { error: "the root hash is not base64 of 32 bytes" };
  if (extensions.some((l) => !l)) return { error: "an extension line is empty" };
  return { origin, size, root, extensions };
}

export type VerifiedCheckpoint = CheckpointBody & { note: string; verifiedBy: string[]; signatures: NoteSignature[] };

/** Open a signed checkpoint with the trusted keys and parse it; the origin must be the one expected when given. */
export function openCheckpoint(note: string, verifiers: NoteVerifier[], origin?: string): VerifiedCheckpoint | { error: string } {
  const opened = openNote(note, verifiers);
  if ("error" in opened) return opened;
  const body = parseCheckpointText(opened.text);
  if ("error" in body) return body;
  if (origin !== undefined && body.origin !== origin) return { error: `the checkpoint's origin is ${body.origin}, not ${origin}` };
  return { ...body, note, verifiedBy: opened.verifiedBy, signatures: opened.signatures };
}
