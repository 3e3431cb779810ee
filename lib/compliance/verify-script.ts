// audit/verify.mjs of an evidence pack: checks the pack's audit extract with Node alone, no portal and no packages.
// Its canonical JSON is RFC 8785 for what audit entries hold (objects, arrays, strings, finite numbers, booleans,
// null); lib/compliance/pack.test.ts runs it on a real pack.
export const VERIFY_SCRIPT = `// Verify this evidence pack's audit extract: node audit/verify.mjs (from the unzipped pack's folder)
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
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
const last = proof.entries[proof.entries.length - 1];
console.log(
  "ok: " + entries.length + " entries recompute" +
    (linked ? ", linked through seq " + proof.segment.fromSeq + " to " + proof.segment.toSeq : "") +
    (last ? "; compare the hash of seq " + last.seq + " (" + last.hash + ") with the portal's" : ""),
);
`;
