import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { conn, rows, transact } from "@/db/client";
import { LOCKS } from "@/db/locks";
import { auditCheckpoints, auditCosignatures, auditWitnesses } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { AppError } from "../errors";
import { lockHeldElsewhere, recordRun, workerIdle, workerStarted } from "../health/workers";
import { log } from "../log";
import { workerRan } from "../metrics/portal";
import { enqueueEvent } from "../webhooks/outbox";
import { addCheckpointBody, parseConflictSize, verifyCosignatures } from "./cosignature";
import { consistencyRanges } from "./merkle";
import { checkpointText, parseNote, signNote } from "./note";
import { readSigningKey } from "./signing";
import { rangeHashes, rootAt, treeSize } from "./tree";
import { type PublishConfig, readPublishConfig, type Witness } from "./witness-config";

// Publishing checkpoints (issue 19, part 5): every AUDIT_CHECKPOINT_ENTRIES entries or AUDIT_CHECKPOINT_MINUTES, the
// tree head is signed, stored (audit_checkpoints), sent to the `audit.checkpoint` webhooks and submitted to every
// witness by the C2SP witness protocol; the cosignatures they return are verified and stored. One instance publishes
// at a time (an advisory lock). Publishing writes no audit entry: it would grow the tree it just signed.

/** The advisory lock the publisher takes (transaction-scoped), so instances do not publish the same head twice. */
export const PUBLISH_LOCK = LOCKS.publishCheckpoint;
const WITNESS_TIMEOUT_MS = 10_000;

export type Published = { size: number; root: Buffer; note: string; publishedAt: Date };

function config(): PublishConfig {
  const c = readPublishConfig();
  if ("error" in c) throw new AppError("not_configured", 503, c.error);
  return c;
}

/**
 * Publish the tree head if it is due (or `force`): a new head, and either `everyEntries` entries or `everyMinutes`
 * since the last one. Returns what was published, or null. Witnesses are asked after the commit.
 */
export async function publishIfDue(now = new Date(), force = false): Promise<Published | null> {
  const key = readSigningKey();
  if ("error" in key) return null;
  const cfg = config();
  const published = await transact(async (tx) => {
    const [got] = await rows<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${PUBLISH_LOCK}) as ok`, tx);
    if (!got?.ok) {
      lockHeldElsewhere("checkpoint_publisher");
      return null;
    }
    const size = await treeSize(tx);
    const [last] = await tx
      .select({ size: auditCheckpoints.size, at: auditCheckpoints.publishedAt })
      .from(auditCheckpoints)
      .orderBy(desc(auditCheckpoints.size))
      .limit(1);
    if (size === 0 || (last && last.size >= size)) return null;
    const due = force || !last || size - last.size >= cfg.everyEntries || now.getTime() - last.at.getTime() >= cfg.everyMinutes * 60_000;
    if (!due) return null;
    const root = await rootAt(tx, size);
    const note = signNote(checkpointText(key.origin, size, root), [key.signer]);
    await tx.insert(auditCheckpoints).values({ size, root, note, publishedAt: now });
    await enqueueEvent(tx, "audit.checkpoint", {
      origin: key.origin,
      size,
      rootHash: root.toString("base64"),
      checkpoint: note,
      publishedAt: now.toISOString(),
    });
    return { size, root, note, publishedAt: now };
  });
  if (published) {
    log("info", "audit checkpoint published", { size: published.size, witnesses: cfg.witnesses.length });
    for (const w of cfg.witnesses) await submitToWitness(w, published);
  }
  return published;
}

/** POST /api/v1/audit/checkpoints: publish the tree head now (compliance, admin), whatever the schedule. */
export async function publishNow(actor: Actor) {
  authorize(actor, "audit.publish");
  if ("error" in readSigningKey())
    throw new AppError("not_configured", 503, "Checkpoints cannot be published: AUDIT_SIGNING_KEY is not set.");
  config();
  const p = await publishIfDue(new Date(), true);
  const state = await readPublished();
  return { published: p !== null, latest: state.latest, witnesses: state.witnesses };
}

const WITNESS_STATUS = new Map<number, string>([
  [400, "the witness refused the request as malformed (400)"],
  [403, "the witness does not trust the log's key for this origin (403)"],
  [404, "the witness does not know this log's origin (404)"],
  [422, "the witness refused: this checkpoint does not extend the last one it cosigned (422); the trail may have been rewritten"],
]);

async function recordWitness(w: Witness, patch: { cosignedSize?: number; lastError: string | null }, at: Date) {
  const db = await conn();
  const set = {
    url: w.url,
    lastAttemptAt: at,
    lastError: patch.lastError,
    ...(patch.cosignedSize !== undefined ? { cosignedSize: patch.cosignedSize } : {}),
  };
  await db
    .insert(auditWitnesses)
    .values({ witness: w.vkey, ...set })
    .onConflictDoUpdate({ target: auditWitnesses.witness, set });
}

/** Submit a published checkpoint to one witness (c2sp.org/tlog-witness add-checkpoint); store its verified cosignature. */
export async function submitToWitness(w: Witness, cp: Published): Promise<{ ok: true } | { ok: false; error: string }> {
  const db = await conn();
  const at = new Date();
  const [state] = await db.select({ size: auditWitnesses.cosignedSize }).from(auditWitnesses).where(eq(auditWitnesses.witness, w.vkey));
  let old = state?.size ?? 0;
  const parsed = parseNote(cp.note);
  if ("error" in parsed) throw new Error(parsed.error);
  const fail = async (error: string) => {
    await recordWitness(w, { lastError: error }, at);
    log("warn", "audit witness did not cosign", { witness: w.name, size: cp.size, error });
    return { ok: false as const, error };
  };
  // At most twice: the first answer may be 409 with the size the witness last cosigned.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (old > cp.size) return fail(`the witness has cosigned size ${old}, past this checkpoint's ${cp.size}`);
    const proof = old === 0 || old === cp.size ? [] : await rangeHashes(db, consistencyRanges(old, cp.size));
    const send = () =>
      fetch(`${w.url}/add-checkpoint`, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: addCheckpointBody(old, proof, cp.note),
        signal: AbortSignal.timeout(WITNESS_TIMEOUT_MS),
        redirect: "error",
      });
    let res: Response;
    try {
      // A kept-alive connection the witness closed meanwhile fails at once: the request is sent again, once, on a
      // new one (add-checkpoint is safe to repeat: the witness cosigns a size it already holds, or answers 409).
      res = await send().catch(() => send());
    } catch (e) {
      const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
      return fail(`the witness could not be reached (${e instanceof Error ? e.message : String(e)}${cause})`);
    }
    const body = (await res.text()).slice(0, 64 * 1024);
    if (res.status === 409) {
      const size = parseConflictSize(body);
      if (size === null) return fail("the witness answered 409 without the size it last cosigned");
      old = size;
      continue;
    }
    if (res.status !== 200) return fail(WITNESS_STATUS.get(res.status) ?? `the witness answered ${res.status}`);
    const cos = verifyCosignatures(parsed.text, body, w);
    if ("error" in cos) return fail(cos.error);
    if (!cos.length) return fail("the witness answered without a cosignature by its key");
    await db
      .insert(auditCosignatures)
      .values(cos.map((c) => ({ size: cp.size, witness: w.vkey, line: c.line, signedAt: new Date(c.timestamp * 1000) })))
      .onConflictDoNothing();
    await recordWitness(w, { cosignedSize: cp.size, lastError: null }, at);
    return { ok: true };
  }
  return fail("the witness answered 409 twice");
}

export type WitnessView = {
  name: string;
  key: string;
  url: string;
  cosignedSize: number | null;
  lastAttemptAt: string | null;
  lastError: string | null;
};
export type PublishedView = { size: number; rootHash: string; publishedAt: string; checkpoint: string; cosignedBy: string[] };

/** The latest published checkpoint with its cosignatures appended (a C2SP cosigned note), and each witness's state. */
export type PublishedState = {
  latest: PublishedView | null;
  witnesses: WitnessView[];
  schedule: { everyMinutes: number; everyEntries: number } | null;
};

export async function publishedState(actor: Actor): Promise<PublishedState> {
  authorize(actor, "audit.read");
  return readPublished();
}

async function readPublished(): Promise<PublishedState> {
  const db = await conn();
  const [last] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.size)).limit(1);
  let latest: PublishedView | null = null;
  if (last) {
    const cos = await db.select().from(auditCosignatures).where(eq(auditCosignatures.size, last.size)).orderBy(auditCosignatures.witness);
    latest = {
      size: last.size,
      rootHash: last.root.toString("base64"),
      publishedAt: last.publishedAt.toISOString(),
      checkpoint: last.note + cos.map((c) => c.line).join(""),
      cosignedBy: cos.map((c) => c.witness.slice(0, c.witness.indexOf("+"))),
    };
  }
  const cfg = readPublishConfig();
  const configured = "error" in cfg ? [] : cfg.witnesses;
  const known = new Map((await db.select().from(auditWitnesses)).map((w) => [w.witness, w]));
  const witnesses = configured.map((w) => {
    const s = known.get(w.vkey);
    return {
      name: w.name,
      key: w.vkey,
      url: w.url,
      cosignedSize: s?.cosignedSize ?? null,
      lastAttemptAt: s?.lastAttemptAt?.toISOString() ?? null,
      lastError: s?.lastError ?? null,
    };
  });
  return { latest, witnesses, schedule: "error" in cfg ? null : { everyMinutes: cfg.everyMinutes, everyEntries: cfg.everyEntries } };
}

/** Every published checkpoint's size and root, oldest first (what `audit verify` holds the trail to). */
export async function publishedRoots(): Promise<{ size: number; root: Buffer; note: string; publishedAt: Date }[]> {
  const db = await conn();
  return db
    .select({
      size: auditCheckpoints.size,
      root: auditCheckpoints.root,
      note: auditCheckpoints.note,
      publishedAt: auditCheckpoints.publishedAt,
    })
    .from(auditCheckpoints)
    .orderBy(auditCheckpoints.size);
}

const G = globalThis as unknown as { __stewardPublisher?: { timer: NodeJS.Timeout | null } };

/** Look every AUDIT_PUBLISH_POLL_MS (30 s) whether a checkpoint is due; without a signing key, never. */
export function startCheckpointPublisher(): void {
  if (G.__stewardPublisher) return;
  const cfg = readPublishConfig();
  if ("error" in cfg) {
    log("warn", "audit checkpoints will not be published", { reason: cfg.error });
    workerIdle("checkpoint_publisher", "The checkpoint settings are invalid; the server log says which.");
    return;
  }
  if ("error" in readSigningKey()) {
    workerIdle("checkpoint_publisher", "No audit signing key is configured (AUDIT_SIGNING_KEY): checkpoints are not published.");
    return;
  }
  workerStarted("checkpoint_publisher", cfg.pollMs);
  const s = { timer: null as NodeJS.Timeout | null };
  G.__stewardPublisher = s;
  const run = async () => {
    try {
      await recordRun("checkpoint_publisher", () => publishIfDue(), { failure: "The last publishing pass failed" });
      workerRan("checkpoint_publisher");
    } catch (e) {
      log("warn", "audit checkpoint publishing failed", { error: e instanceof Error ? e.message : String(e) });
    }
    s.timer = setTimeout(run, cfg.pollMs);
    s.timer.unref?.();
  };
  s.timer = setTimeout(run, Math.min(cfg.pollMs, 5_000));
  s.timer.unref?.();
}
