// npm run portal -- audit verify FILE: check an NDJSON audit export on its own, with no database.
import fs from "node:fs";
import readline from "node:readline";
import { type AuditEntry, ChainVerifier } from "../lib/audit/chain";

const [cmd, sub, file] = process.argv.slice(2);
if (cmd !== "audit" || sub !== "verify" || !file) {
  console.error("usage: npm run portal -- audit verify FILE.ndjson");
  process.exit(2);
}
const v = new ChainVerifier();
const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
let line = 0;
for await (const text of rl) {
  line++;
  if (!text.trim()) continue;
  let e: AuditEntry;
  try {
    e = JSON.parse(text);
  } catch {
    console.error(`FAIL: line ${line} is not JSON`);
    process.exit(1);
  }
  if (!v.push(e)) break;
}
const r = v.result();
if (r.ok) {
  console.log(`OK: ${r.entries} entries, chain intact; head seq ${r.head?.seq ?? 0} hash ${r.head?.hash ?? "-"}`);
} else {
  console.error(`FAIL at seq ${r.firstBadSeq}: ${r.reason} (${r.entries} entries before it verified)`);
  process.exit(1);
}
