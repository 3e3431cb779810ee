// The portal's command line for compliance (exit 0 OK, 1 FAIL, 2 usage or configuration):
//   npm run portal -- audit verify FILE [--checkpoint CHECKPOINT.json] [--after ARCHIVE.checkpoint.json]
//     checks an NDJSON audit export on its own, with no database. --checkpoint: a checkpoint saved from
//     GET /api/v1/audit/checkpoint (or an archive's); its signature is checked with AUDIT_CHECKPOINT_KEY and the export
//     must hold that entry with that hash, so a cut tail or a re-chained export fails. --after: the export continues
//     an archive (the database's entries up to it were removed); the chain starts from that archive's checkpoint.
//     With a signed-note checkpoint (the text/plain GET /api/v1/audit/checkpoint) and --key (the verifier key, or a file
//     holding it: GET /api/v1/audit/checkpoint/key or `audit key`): the chain, the Merkle root of the first N entries
//     rebuilt and compared with the checkpoint's, and its Ed25519 signature.
//   npm run portal -- audit verify-proof FILE --key KEY [--checkpoint CP] [--proof PROOF.json]
//     one entry against a signed checkpoint without the rest of the trail. FILE is the bundle /audit's "prove"
//     downloads ({entry, proof, checkpoint}), or one entry's JSON with --proof (GET /api/v1/audit/{seq}/proof) and --checkpoint.
//   npm run portal -- audit consistent OLD NEW --key KEY (--proof PROOF.json | --export FILE.ndjson)
//     a newer signed checkpoint extends an older one: by a consistency proof (GET /api/v1/audit/consistency), or the export.
//   npm run portal -- audit key
//     prints the verifier key of AUDIT_SIGNING_KEY (named by AUDIT_LOG_ORIGIN, or NEXTAUTH_URL's host + /steward-audit).
//   npm run portal -- audit archive --through SEQ --out FILE
//     writes the entries up to SEQ to FILE, with FILE.checkpoint.json, and records the archive (docs/RETENTION.md).
//   npm run portal -- backup --out FILE [--gzip]
//     the whole store: pg_dump's custom format online (DATABASE_URL), or PGlite's dump of DATA_DIR (portal stopped);
//     writes FILE.manifest.json beside it (tables and rows, audit head, sha256). lib/ops/backup.ts.
//   npm run portal -- restore FILE [--force]
//     into an empty database (DATABASE_URL) or an empty DATA_DIR; checks the file against its manifest, then every
//     table's rows and the audit chain. --force replaces what the target holds.
import fs from "node:fs";
import readline from "node:readline";
import type { AuditEntry, ChainPoint } from "../lib/audit/chain";
import { type Checkpoint, checkSignature, parseCheckpoint, readCheckpointKey, verifyExport } from "../lib/audit/checkpoint";
import { parseCosignerKey, verifyCosignatures } from "../lib/audit/cosignature";
import type { NoteVerifier, VerifiedCheckpoint } from "../lib/audit/note";
import {
  checkCheckpoint,
  type InclusionProofJson,
  verifierFrom,
  verifyConsistent,
  verifyEntryProof,
  verifyExportAgainst,
} from "../lib/audit/offline";
import { readSigningKey } from "../lib/audit/signing";
import { permissionsMarkdown } from "../lib/auth/policy-doc";

const USAGE = `usage:
  npm run portal -- audit verify FILE.ndjson [--checkpoint CHECKPOINT.json] [--after ARCHIVE.checkpoint.json]
  npm run portal -- audit verify FILE.ndjson --checkpoint CHECKPOINT.txt --key KEY
  npm run portal -- audit verify-proof BUNDLE.json --key KEY [--witness WITNESS_KEY]   (or ENTRY.json --proof PROOF.json --checkpoint CHECKPOINT.txt --key KEY)
  npm run portal -- audit consistent OLD.txt NEW.txt --key KEY (--proof PROOF.json | --export FILE.ndjson)
  npm run portal -- audit key
  npm run portal -- audit archive --through SEQ --out FILE.ndjson
  npm run portal -- backup --out FILE [--gzip]
  npm run portal -- restore FILE [--force]
  npm run -s portal -- permissions > docs/PERMISSIONS.md`;

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(USAGE);
  process.exit(2);
}

/** Positional arguments and --name value options; unknown options are a usage error. */
function parseArgs(args: string[], known: string[]): { positional: string[]; options: Record<string, string> } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s);
    if (!known.includes(name)) usage(`unknown option --${name}`);
    const value = inline ?? args[++i];
    if (value === undefined || value === "") usage(`--${name} needs a value`);
    options[name] = value;
  }
  return { positional, options };
}

/** Read, parse and check the signature of a checkpoint file; exit 2 (cannot check) or 1 (forged) otherwise. */
function loadCheckpoint(file: string, flag: string): Checkpoint {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    usage(`cannot read the ${flag} file ${file}: ${(e as Error).message}`);
  }
  const cp = parseCheckpoint(text);
  if ("error" in cp) usage(`${file} is not a checkpoint: ${cp.error}`);
  const key = readCheckpointKey();
  if ("error" in key) usage(`cannot check the signature of ${file}: ${key.error}`);
  const bad = checkSignature(cp, key.key);
  if (bad?.wrongKey) usage(`cannot check ${file}: ${bad.reason}`);
  if (bad) {
    console.error(`FAIL: ${file}: ${bad.reason}`);
    process.exit(1);
  }
  return cp;
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    usage(`cannot read ${what} ${file}: ${(e as Error).message}`);
  }
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readText(file, what));
  } catch {
    usage(`${what} ${file} is not JSON`);
  }
}

/** --key: the verifier key itself, or a file holding it. */
function trustedKey(value: string | undefined): NoteVerifier {
  if (!value) usage("give --key: the verifier key (GET /api/v1/audit/checkpoint/key, or `audit key`) or a file holding it");
  const k = verifierFrom(fs.existsSync(value) ? readText(value, "the key file") : value);
  if ("error" in k) usage(`--key is not a verifier key: ${k.error}`);
  return k;
}

function fail(what: string, reason: string): never {
  console.error(`FAIL (${what}): ${reason}`);
  process.exit(1);
}

function signedCheckpoint(note: string, key: NoteVerifier, label: string): VerifiedCheckpoint {
  const r = checkCheckpoint(note, key, label);
  if (!r.ok) fail(r.what, r.reason);
  return r.cp;
}

/** --witness: the checkpoint must also carry a valid cosignature by this witness (its verifier key, or a file holding it). */
function requireWitness(cp: VerifiedCheckpoint, value: string | undefined): string {
  if (!value) return "";
  const w = parseCosignerKey(fs.existsSync(value) ? readText(value, "the witness key file") : value);
  if ("error" in w) usage(`--witness is not a witness key: ${w.error}`);
  const text = cp.note.slice(0, cp.note.indexOf("\n\n") + 1);
  const cos = verifyCosignatures(text, cp.signatures.map((s) => s.line).join(""), w);
  if ("error" in cos) fail(`witness ${w.name}`, cos.error);
  if (!cos.length) fail(`witness ${w.name}`, "the checkpoint carries no cosignature by this witness: it may never have left the portal");
  return `; cosigned by ${w.name} at ${new Date(cos[0].timestamp * 1000).toISOString()}`;
}

async function verify(args: string[]) {
  const { positional, options } = parseArgs(args, ["checkpoint", "after", "key"]);
  if (positional.length !== 1) usage(positional.length ? "give one file" : "give the export to verify");
  const [file] = positional;
  if (!fs.existsSync(file)) usage(`no such file: ${file}`);
  if (options.checkpoint && !readText(options.checkpoint, "the --checkpoint file").trimStart().startsWith("{")) {
    // A signed note: the transparency log's checkpoint.
    if (options.after) usage("--after cannot be used with a signed-note checkpoint: the tree's root needs every entry from seq 1");
    const cp = signedCheckpoint(readText(options.checkpoint, "the --checkpoint file"), trustedKey(options.key), "checkpoint");
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    const r = await verifyExportAgainst(lines, cp);
    lines.close();
    if (!r.ok) fail(r.what, r.reason);
    console.log(
      `OK: ${r.entries} entries, chain intact; the Merkle root of the first ${r.size} is the one ${cp.verifiedBy.join(", ")} signed (origin ${cp.origin})`,
    );
    return;
  }
  if (options.key) usage("--key checks a signed-note checkpoint: give one with --checkpoint");
  const checkpoint = options.checkpoint ? loadCheckpoint(options.checkpoint, "--checkpoint") : undefined;
  const afterCp = options.after ? loadCheckpoint(options.after, "--after") : undefined;
  const after: ChainPoint | undefined = afterCp && { seq: afterCp.seq, hash: afterCp.hash };
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  const r = await verifyExport(lines, { checkpoint, after });
  lines.close();
  if (!r.ok) {
    console.error(`FAIL at seq ${r.firstBadSeq}: ${r.reason} (${r.entries} entries before it verified)`);
    process.exit(1);
  }
  const from = after ? `continuing archive head seq ${after.seq}; ` : "";
  const signed = r.checkpoint ? `; signed checkpoint seq ${r.checkpoint.seq} (key ${checkpoint?.keyId}) is in it` : "";
  console.log(`OK: ${r.entries} entries, chain intact; ${from}head seq ${r.head?.seq ?? 0} hash ${r.head?.hash ?? "-"}${signed}`);
}

async function verifyProof(args: string[]) {
  const { positional, options } = parseArgs(args, ["key", "checkpoint", "proof", "witness"]);
  if (positional.length !== 1) usage("give one file: the bundle /audit's prove downloads, or one entry's JSON");
  const key = trustedKey(options.key);
  const doc = readJson(positional[0], "the file") as { entry?: AuditEntry; proof?: InclusionProofJson; checkpoint?: string };
  const bundle = doc && typeof doc === "object" && "entry" in doc && "proof" in doc;
  const entry = (bundle ? doc.entry : doc) as AuditEntry;
  const proof = options.proof ? (readJson(options.proof, "the --proof file") as InclusionProofJson) : doc.proof;
  const note = options.checkpoint ? readText(options.checkpoint, "the --checkpoint file") : doc.checkpoint;
  if (!proof) usage("give --proof PROOF.json (GET /api/v1/audit/{seq}/proof?size=N)");
  if (typeof note !== "string") usage("give --checkpoint CHECKPOINT.txt (GET /api/v1/audit/checkpoint)");
  const cp = signedCheckpoint(note, key, "checkpoint");
  const r = verifyEntryProof(entry, proof, cp);
  if (!r.ok) fail(r.what, r.reason);
  const witnessed = requireWitness(cp, options.witness);
  console.log(
    `OK: entry seq ${r.seq} (hash ${entry.hash}) is in the log of ${r.size} entries that ${cp.verifiedBy.join(", ")} signed${witnessed}`,
  );
}

async function consistent(args: string[]) {
  const { positional, options } = parseArgs(args, ["key", "proof", "export"]);
  if (positional.length !== 2) usage("give the older and the newer checkpoint");
  const key = trustedKey(options.key);
  const older = signedCheckpoint(readText(positional[0], "the older checkpoint"), key, "older checkpoint");
  const newer = signedCheckpoint(readText(positional[1], "the newer checkpoint"), key, "newer checkpoint");
  if (options.proof) {
    const r = verifyConsistent(older, newer, readJson(options.proof, "the --proof file"));
    if (!r.ok) fail(r.what, r.reason);
  } else if (options.export) {
    // Both roots rebuilt from the export: it must hold the newer tree, whose first entries make the older.
    for (const cp of [older, newer]) {
      const lines = readline.createInterface({ input: fs.createReadStream(options.export), crlfDelay: Infinity });
      const r = await verifyExportAgainst(lines, cp);
      lines.close();
      if (!r.ok) fail(`${cp === older ? "older" : "newer"} checkpoint against the export: ${r.what}`, r.reason);
    }
  } else usage("give --proof PROOF.json (GET /api/v1/audit/consistency?from=M&to=N) or --export FILE.ndjson");
  console.log(
    `OK: the log of ${newer.size} entries extends the log of ${older.size} (both signed by ${key.name}+${key.keyId.toString("hex")})`,
  );
}

function printKey() {
  const k = readSigningKey();
  if ("error" in k) usage(k.error);
  console.log(k.verifierKey);
}

async function archive(args: string[]) {
  const { positional, options } = parseArgs(args, ["through", "out"]);
  if (positional.length) usage(`unexpected ${positional.join(" ")}`);
  if (!options.through || !options.out) usage("give --through SEQ and --out FILE");
  if (!/^\d+$/.test(options.through)) usage("--through must be a seq (a positive whole number)");
  // Imported here: verifying needs no database, archiving opens it.
  const { closeDb } = await import("../db/client");
  const { archiveAudit } = await import("../lib/audit/archive");
  const { SYSTEM } = await import("../lib/auth/actor");
  try {
    const r = await archiveAudit(SYSTEM, { through: Number(options.through), out: options.out });
    console.log(
      `Archived seq ${r.firstSeq}..${r.seq} (${r.entries} entries) to ${r.file}\n  sha256 ${r.fileSha256}\n` +
        `  checkpoint ${r.checkpointFile} (seq ${r.seq}, hash ${r.hash}, key ${r.checkpoint.keyId})\n` +
        "Recorded in audit_archives and the trail (audit.archived). Nothing was removed: see docs/RETENTION.md.",
    );
  } catch (e) {
    const status = (e as { status?: number }).status;
    console.error(e instanceof Error ? e.message : e);
    await closeDb();
    process.exit(status === 400 ? 2 : 1);
  }
  await closeDb();
}

async function backupCmd(args: string[]) {
  const gzip = args.includes("--gzip");
  const { positional, options } = parseArgs(
    args.filter((a) => a !== "--gzip"),
    ["out"],
  );
  if (positional.length || !options.out) usage("give --out FILE");
  const { backup, BackupError, describeBackup } = await import("../lib/ops/backup");
  try {
    const m = await backup(options.out, gzip ? { gzip: true } : {});
    console.log(describeBackup(m, options.out));
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    console.error(`backup failed: ${e.message}`);
    process.exit(1);
  }
}

async function restoreCmd(args: string[]) {
  const force = args.includes("--force");
  const { positional } = parseArgs(
    args.filter((a) => a !== "--force"),
    [],
  );
  if (positional.length !== 1) usage("give the backup file to restore");
  const { restore, BackupError, describeRestore } = await import("../lib/ops/backup");
  try {
    const r = await restore(positional[0], { force });
    console.log(describeRestore(r, positional[0]));
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    console.error(`restore failed: ${e.message}`);
    process.exit(1);
  }
  // The restored store opened as the portal opens it (migrations a newer portal adds are applied now), and its chain
  // and published checkpoints recomputed.
  const { closeDb } = await import("../db/client");
  const { verifyAudit } = await import("../lib/audit/read");
  const { SYSTEM } = await import("../lib/auth/actor");
  const v = await verifyAudit(SYSTEM);
  await closeDb();
  if (!v.ok) fail("audit chain of the restored store", `at seq ${v.firstBadSeq}: ${v.reason}`);
  console.log(
    `  audit chain verifies: ${v.entries} entries; ${v.published?.checked ?? 0} published checkpoints hold${v.published?.note ? ` (${v.published.note})` : ""}`,
  );
}

const [cmd, sub, ...rest] = process.argv.slice(2);
if (cmd === "audit" && sub === "verify") await verify(rest);
else if (cmd === "audit" && sub === "verify-proof") await verifyProof(rest);
else if (cmd === "audit" && sub === "consistent") await consistent(rest);
else if (cmd === "audit" && sub === "key") printKey();
else if (cmd === "audit" && sub === "archive") await archive(rest);
else if (cmd === "backup") await backupCmd(process.argv.slice(3));
else if (cmd === "restore") await restoreCmd(process.argv.slice(3));
else if (cmd === "permissions") process.stdout.write(permissionsMarkdown());
else usage();
