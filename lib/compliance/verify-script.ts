// audit/verify.mjs of an evidence pack: checks the pack's audit extract with Node alone, no portal and no packages.
// Its canonical JSON is RFC 8785 for what audit entries hold (objects, arrays, strings, finite numbers, booleans,
// null); lib/compliance/pack.test.ts runs it on a real pack.
export const VERIFY_SCRIPT = `// Verify this evidence pack's audit extract: node audit/verify.mjs [--key KEY] (from the unzipped pack's folder)
// KEY: the portal's verifier key as you hold it (GET /api/v1/audit/checkpoint/key), or a file holding it.
import { createHash, createPublicKey, verify } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const jcs = (v) =>
  v === null || typeof v !== "object"
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? "[" + v.map(jcs).join(",") + "]"
      : "{" + Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => JSON.stringify(k) + ":" + jcs(v[k])).join(",") + "}";
const sha256 = (s) => createHash("sha256").update(s).digest("hex");

const entries = readFileSync(join(here, "entries.ndjson"), "utf8").split("\\n").filter(Boolean).map((l) => JSON.parse(l));
const proof = JSON.parse(readFileSync(join(here, "proof.json"), "utf8"));
const fail = (msg) => {
  console.log("FAILED: " + msg);
  process.exit(1);
};
if (entries.length !== proof.entries.length) fail(entries.length + " entries, but the proof covers " + proof.entries.length);
entries.forEach((e, i) => {
  const { hash, ...rest } = e;
  if (sha256(e.prevHash + "\\n" + jcs(rest)) !== hash) fail("the hash of seq " + e.seq + " does not match its content");
  const p = proof.entries[i];
  if (p.seq !== e.seq || p.hash !== hash || p.prevHash !== e.prevHash) fail("seq " + e.seq + " differs from the proof");
});
let linked = false;
if (proof.segment.complete) {
  const at = new Map();
  proof.segment.links.forEach((l, i, all) => {
    if (l.seq !== proof.segment.fromSeq + i) fail("link " + (i + 1) + " has seq " + l.seq);
    if (i > 0 && l.prevHash !== all[i - 1].hash) fail("the prevHash of seq " + l.seq + " is not the hash of seq " + (l.seq - 1));
    at.set(l.seq, l.hash);
  });
  for (const e of entries) if (at.get(e.seq) !== e.hash) fail("seq " + e.seq + " is not the entry the chain holds at that seq");
  linked = true;
}
// The Merkle tree (RFC 9162): each entry's inclusion path against the signed checkpoint (C2SP signed note, Ed25519).
let merkle = "";
if (existsSync(join(here, "inclusion.json"))) {
  const keyArg = process.argv.indexOf("--key");
  const given = keyArg > 0 ? process.argv[keyArg + 1] ?? "" : "";
  const packKey = readFileSync(join(here, "log-key.txt"), "utf8").trim();
  const vkey = (given && existsSync(given) ? readFileSync(given, "utf8") : given || packKey).trim();
  if (given && vkey !== packKey) fail("the pack was signed by " + packKey + ", not by the key given (" + vkey + ")");
  const p1 = vkey.indexOf("+"), p2 = vkey.indexOf("+", p1 + 1);
  const name = vkey.slice(0, p1), keyId = vkey.slice(p1 + 1, p2), raw = Buffer.from(vkey.slice(p2 + 1), "base64");
  if (p1 < 1 || p2 < 0 || raw.length !== 33 || raw[0] !== 1) fail("the verifier key is not <name>+<id>+base64(0x01 ‖ Ed25519 key)");
  const pub = raw.subarray(1);
  const id = createHash("sha256").update(Buffer.concat([Buffer.from(name + "\\n"), Buffer.from([1]), pub])).digest().subarray(0, 4).toString("hex");
  if (id !== keyId) fail("the verifier key's ID does not match its name and key");
  const note = readFileSync(join(here, "checkpoint.txt"), "utf8");
  const split = note.indexOf("\\n\\n");
  const text = note.slice(0, split + 1);
  const sigs = note.slice(split + 2).split("\\n").filter(Boolean);
  const mine = sigs.map((l) => l.split(" ")).find((f) => f[0] === "—" && f[1] === name && Buffer.from(f[2], "base64").subarray(0, 4).toString("hex") === keyId);
  if (!mine) fail("checkpoint.txt carries no signature by " + name);
  const pubKey = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: pub.toString("base64url") }, format: "jwk" });
  if (!verify(null, Buffer.from(text, "utf8"), pubKey, Buffer.from(mine[2], "base64").subarray(4))) fail("the checkpoint's signature does not verify: checkpoint.txt was altered");
  const [, sizeLine, rootLine] = text.split("\\n");
  const size = Number(sizeLine), root = Buffer.from(rootLine, "base64");
  const inc = JSON.parse(readFileSync(join(here, "inclusion.json"), "utf8"));
  if (inc.treeSize !== size) fail("inclusion.json is for a tree of " + inc.treeSize + " entries, the checkpoint signs " + size);
  const h = (...parts) => createHash("sha256").update(Buffer.concat(parts)).digest();
  entries.forEach((e, i) => {
    const pr = inc.proofs[i];
    if (!pr || pr.seq !== e.seq || pr.leafIndex !== e.seq - 1) fail("inclusion.json has no proof for seq " + e.seq);
    // RFC 9162, 2.1.3.2: walk the path from the leaf up; the walk must end at the root, with sn at zero.
    let fn = pr.leafIndex, sn = size - 1, r = h(Buffer.from([0]), Buffer.from(jcs(e), "utf8"));
    for (const b64 of pr.hashes) {
      const p = Buffer.from(b64, "base64");
      if (sn === 0) fail("the inclusion path of seq " + e.seq + " is too long");
      if (fn % 2 === 1 || fn === sn) {
        r = h(Buffer.from([1]), p, r);
        if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else r = h(Buffer.from([1]), r, p);
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    if (sn !== 0 || !r.equals(root)) fail("seq " + e.seq + " is not in the log the checkpoint signs (its inclusion path does not reach the signed root)");
  });
  merkle = "; each is in the Merkle tree of " + size + " entries that " + name + " (key " + keyId + ") signed" + (given ? "" : " (compare log-key.txt with the key the portal publishes, or pass --key)");
}
const last = proof.entries[proof.entries.length - 1];
console.log(
  "ok: " + entries.length + " entries recompute" +
    (linked ? ", linked through seq " + proof.segment.fromSeq + " to " + proof.segment.toSeq : "") +
    merkle +
    (last ? "; compare the hash of seq " + last.seq + " (" + last.hash + ") with the portal's" : ""),
);
`;
