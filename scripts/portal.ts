// The portal's command line for compliance (exit 0 OK, 1 FAIL, 2 usage or configuration):
//   npm run portal -- audit verify FILE [--checkpoint CHECKPOINT.json] [--after ARCHIVE.checkpoint.json]
//     checks an NDJSON audit export on its own, with no database. --checkpoint: a checkpoint saved from
//     GET /api/v1/audit/checkpoint (or an archive's); its signature is checked with AUDIT_CHECKPOINT_KEY and the export
//     must hold that entry with that hash, so a cut tail or a re-chained export fails. --after: the export continues
//     an archive (the database's entries up to it were removed); the chain starts from that archive's checkpoint.
//   npm run portal -- audit archive --through SEQ --out FILE
//     writes the entries up to SEQ to FILE, with FILE.checkpoint.json, and records the archive (docs/RETENTION.md).
import fs from "node:fs";
import readline from "node:readline";
import type { ChainPoint } from "../lib/audit/chain";
import { type Checkpoint, checkSignature, parseCheckpoint, readCheckpointKey, verifyExport } from "../lib/audit/checkpoint";
import { permissionsMarkdown } from "../lib/auth/policy-doc";

const USAGE = `usage:
  npm run portal -- audit verify FILE.ndjson [--checkpoint CHECKPOINT.json] [--after ARCHIVE.checkpoint.json]
  npm run portal -- audit archive --through SEQ --out FILE.ndjson
  npm run portal -- permissions > docs/PERMISSIONS.md`;

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

async function verify(args: string[]) {
  const { positional, options } = parseArgs(args, ["checkpoint", "after"]);
  if (positional.length !== 1) usage(positional.length ? "give one file" : "give the export to verify");
  const [file] = positional;
  if (!fs.existsSync(file)) usage(`no such file: ${file}`);
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

const [cmd, sub, ...rest] = process.argv.slice(2);
if (cmd === "audit" && sub === "verify") await verify(rest);
else if (cmd === "audit" && sub === "archive") await archive(rest);
else if (cmd === "permissions") process.stdout.write(permissionsMarkdown());
else usage();
