import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { desc } from "drizzle-orm";
import { conn, transact } from "@/db/client";
import { auditArchives, auditLog } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { AppError } from "../errors";
import { appendAudit } from "./append";
import { ChainVerifier, GENESIS_HASH } from "./chain";
import { type Checkpoint, readCheckpointKey, signCheckpoint } from "./checkpoint";
import { chainStart } from "./head";
import { streamAudit } from "./read";

export type ArchiveResult = {
  firstSeq: number;
  seq: number;
  hash: string;
  entries: number;
  file: string;
  fileSha256: string;
  checkpointFile: string;
  checkpoint: Checkpoint;
};

const refuse = (message: string) => new AppError("invalid_request", 400, message);

/** The checkpoint file written beside an archive (or passed to `audit verify --after`). */
export const checkpointFileOf = (file: string) => `${file}.checkpoint.json`;

/**
 * Write the entries still in the database up to `through` to `out` as NDJSON (the export's format), with a signed
 * checkpoint of entry `through` beside it, after verifying them; then record the archive in audit_archives and in
 * the trail itself ("audit.archived"), in one transaction. Removes nothing: that is the manual step in
 * docs/RETENTION.md, which refuses to remove entries no archive covers.
 */
export async function archiveAudit(actor: Actor, opts: { through: number; out: string }): Promise<ArchiveResult> {
  authorize(actor, "audit.read");
  const key = readCheckpointKey();
  if ("error" in key) throw refuse(`An archive needs a signed checkpoint: ${key.error}`);
  const through = opts.through;
  if (!Number.isSafeInteger(through) || through < 1) throw refuse("--through must be a positive whole number (a seq).");
  const db = await conn();
  const [head] = await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  if (!head || through > head.seq) throw refuse(`There is no entry ${through}: the head of the trail is seq ${head?.seq ?? 0}.`);
  const start = (await chainStart()) ?? { seq: 0, hash: GENESIS_HASH };
  if (through <= start.seq)
    throw refuse(`Entries up to seq ${start.seq} were archived and removed already; choose a seq after ${start.seq}.`);

  const out = path.resolve(opts.out);
  const checkpointFile = checkpointFileOf(out);
  for (const f of [out, checkpointFile])
    if (
      await fs.stat(f).then(
        () => true,
        () => false,
      )
    )
      throw refuse(`${f} exists already; an archive never overwrites a file.`);
  const partial = `${out}.partial`;
  const fh = await fs.open(partial, "wx");
  const sha = createHash("sha256");
  const v = new ChainVerifier(start);
  let last = start;
  try {
    let buf = "";
    const flush = async () => {
      const bytes = Buffer.from(buf, "utf8");
      sha.update(bytes);
      await fh.write(bytes);
      buf = "";
    };
    for await (const e of streamAudit(actor, {}, 2000)) {
      if (e.seq > through) break;
      if (!v.push(e)) {
        const r = v.result();
        const why = r.ok ? "" : `at seq ${r.firstBadSeq}: ${r.reason}`;
        throw new AppError("chain_broken", 422, `Refused: the chain is broken ${why}; nothing was archived.`);
      }
      last = { seq: e.seq, hash: e.hash };
      buf += `${JSON.stringify(e)}\n`;
      if (buf.length > 256 * 1024) await flush();
    }
    await flush();
    await fh.sync();
  } catch (e) {
    await fh.close();
    await fs.rm(partial, { force: true });
    throw e;
  }
  await fh.close();
  if (last.seq !== through) {
    await fs.rm(partial, { force: true });
    throw refuse(`Entry ${through} was not found after seq ${last.seq}; nothing was archived.`);
  }
  const checkpoint = signCheckpoint(last, key.key);
  const entries = through - start.seq;
  const fileSha256 = sha.digest("hex");
  await fs.rename(partial, out);
  await fs.writeFile(checkpointFile, `${JSON.stringify(checkpoint, null, 2)}\n`, { flag: "wx" });

  const record = { firstSeq: start.seq + 1, seq: through, hash: last.hash, entries, fileName: path.basename(out), fileSha256, checkpoint };
  await transact(async (tx) => {
    await tx.insert(auditArchives).values(record);
    await appendAudit(tx, actor, "audit.archived", { type: "audit_archive", id: String(through) }, null, {
      ...record,
      checkpoint: { keyId: checkpoint.keyId, signature: checkpoint.signature, at: checkpoint.at },
    });
  });
  return { firstSeq: record.firstSeq, seq: through, hash: last.hash, entries, file: out, fileSha256, checkpointFile, checkpoint };
}
