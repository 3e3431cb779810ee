import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, transact } from "@/db/client";
import { auditWitnesses, webhookDeliveries, webhooks } from "@/db/schema";
import { SYSTEM } from "@/lib/auth/actor";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { startWitness, type TestWitness } from "@/tests/witness";
import { appendAudit } from "./append";
import { entryHash, leafInput } from "./chain";
import { cosignerFromSeed, cosignerKeyString, parseCosignerKey, verifyCosignatures } from "./cosignature";
import { leafHash, MemoryTree, verifyInclusion } from "./merkle";
import { openCheckpoint, parseVerifierKey } from "./note";
import { publishedState, publishIfDue, publishNow } from "./publish";
import { streamAudit, verifyAudit } from "./read";
import { checkpointVerifierKey, proofBundle, treeHead } from "./transparency";
import { backfillTree, forgetTreeEdge, treeSize } from "./tree";

const viewer = person("Victor", ["viewer"], 2);
const compliance = person("Carla", ["compliance"], 3);

let n = 0;
const append = async (count: number) => {
  for (let i = 0; i < count; i++)
    await transact((tx) => appendAudit(tx, SYSTEM, "test.appended", { type: "test", id: String(n) }, null, { i: n++ }));
};
const minutes = (m: number) => new Date(Date.now() + m * 60_000);

/** As an operator with superuser rights would: rewrite entry `seq`'s content, recompute the chain after it, rebuild the tree. */
async function rewriteHistory(seq: number) {
  const db = await getDb();
  await db.execute(sql`alter table audit_log disable trigger user`);
  await db.execute(sql`alter table audit_tree disable trigger user`);
  await db.execute(sql`update audit_log set after = jsonb_build_object('i', -1, 'rewritten', true) where seq = ${seq}`);
  const entries = [];
  for await (const e of streamAudit(SYSTEM, {})) entries.push(e);
  let prev = entries[seq - 2]?.hash ?? "0".repeat(64);
  for (const e of entries.slice(seq - 1)) {
    const hash = entryHash({ ...e, prevHash: prev });
    await db.execute(sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where seq = ${e.seq}`);
    prev = hash;
  }
  await db.execute(sql`delete from audit_tree`);
  await db.execute(sql`alter table audit_log enable trigger user`);
  await db.execute(sql`alter table audit_tree enable trigger user`);
  forgetTreeEdge();
  const rebuilt = await backfillTree();
  expect(rebuilt.ok).toBe(true);
}

describe("publishing checkpoints to webhooks and witnesses, and holding the trail to them", () => {
  useFreshStore();
  const env = { ...process.env };
  let witness: TestWitness;
  beforeAll(async () => {
    process.env.AUDIT_SIGNING_KEY = randomBytes(32).toString("base64");
    process.env.AUDIT_LOG_ORIGIN = "steward.test/audit";
    witness = await startWitness(checkpointVerifierKey(compliance));
    process.env.AUDIT_WITNESSES = witness.config;
    process.env.AUDIT_CHECKPOINT_ENTRIES = "5";
    process.env.AUDIT_CHECKPOINT_MINUTES = "60";
    const db = await getDb();
    await db.insert(webhooks).values({
      name: "archive",
      url: "https://archive.example.com/hook",
      secret: "s",
      events: ["audit.*"],
      createdBy: "admin@example.com",
    });
  });
  afterAll(async () => {
    process.env = env;
    await witness.close();
  });

  it("publishes after 5 new entries or 60 minutes, not before; the webhook gets it; the witness cosigns it", async () => {
    const base = await treeSize();
    await append(5);
    const first = await publishIfDue();
    expect(first?.size).toBe(base + 5);
    // Nothing new: not published again, even when forced by the clock.
    expect(await publishIfDue(minutes(120))).toBeNull();
    await append(4);
    expect(await publishIfDue()).toBeNull();
    // Four entries is short of five, but an hour has passed.
    const second = await publishIfDue(minutes(61));
    expect(second?.size).toBe(base + 9);

    // The witness saw old 0 with no proof, then old base+5 with a consistency proof, and cosigned both.
    expect(witness.requests.map((r) => [r.oldSize, r.size, r.status])).toEqual([
      [0, base + 5, 200],
      [base + 5, base + 9, 200],
    ]);
    expect(witness.requests[1].proofLines).toBeGreaterThan(0);

    const state = await publishedState(compliance);
    expect(state.latest?.size).toBe(base + 9);
    expect(state.latest?.cosignedBy).toEqual(["witness.test/w1"]);
    expect(state.witnesses).toEqual([expect.objectContaining({ name: "witness.test/w1", cosignedSize: base + 9, lastError: null })]);
    // The published note, opened with the log's key, signs base+9 entries; the witness's line verifies with its key.
    const logKey = parseVerifierKey(checkpointVerifierKey(compliance));
    if ("error" in logKey) throw new Error(logKey.error);
    const cp = openCheckpoint(state.latest?.checkpoint ?? "", [logKey]);
    if ("error" in cp) throw new Error(cp.error);
    expect(cp.size).toBe(base + 9);
    const wkey = parseCosignerKey(witness.vkey);
    if ("error" in wkey) throw new Error(wkey.error);
    const text = cp.note.slice(0, cp.note.indexOf("\n\n") + 1);
    const lines = cp.signatures.map((s) => s.line).join("");
    expect(verifyCosignatures(text, lines, wkey)).toHaveLength(1);

    // Each publication is one webhook delivery of audit.checkpoint, carrying the signed note.
    const db = await getDb();
    const sent = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.event, "audit.checkpoint"))
      .orderBy(webhookDeliveries.id);
    expect(sent.map((d) => d.payload.size)).toEqual([base + 5, base + 9]);
    expect(String(sent[1].payload.checkpoint)).toContain(`steward.test/audit\n${base + 9}\n`);

    // The trail verifies, held to both published checkpoints.
    expect(await verifyAudit(compliance)).toMatchObject({ ok: true, entries: base + 9, published: { checked: 2, latestSize: base + 9 } });
  });

  it("a witness that lost track of the portal answers 409 with its size, and the portal resubmits from there", async () => {
    const db = await getDb();
    await db.delete(auditWitnesses);
    await append(5);
    const before = witness.requests.length;
    const p = await publishIfDue();
    expect(witness.requests.slice(before).map((r) => r.status)).toEqual([409, 200]);
    expect(witness.requests[before + 1].oldSize).toBe(witness.requests[before].size - 5);
    expect((await publishedState(compliance)).witnesses[0].cosignedSize).toBe(p?.size);
  });

  it("the prove download: the entry, its path and the published checkpoint it is in, cosigned, verifying offline", async () => {
    const b = await proofBundle(compliance, "3");
    expect(b.entry.seq).toBe(3);
    expect(b.publishedAt).not.toBeNull();
    const logKey = parseVerifierKey(checkpointVerifierKey(compliance));
    if ("error" in logKey) throw new Error(logKey.error);
    const cp = openCheckpoint(b.checkpoint, [logKey]);
    if ("error" in cp) throw new Error(cp.error);
    expect(cp.signatures.map((s) => s.name)).toEqual(["steward.test/audit", "witness.test/w1"]);
    expect(
      verifyInclusion(
        2,
        cp.size,
        leafHash(leafInput(b.entry)),
        b.proof.hashes.map((h) => Buffer.from(h, "base64")),
        cp.root,
      ),
    ).toBeNull();
    // Offline, with the portal's verifier: the log's key, and the witness's cosignature required.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prove-"));
    try {
      const file = path.join(dir, "bundle.json");
      fs.writeFileSync(file, JSON.stringify(b));
      const run = (witnessKey: string) =>
        spawnSync(
          "npx",
          ["tsx", "--conditions=react-server", "scripts/portal.ts", "audit", "verify-proof", file, "--key", b.key, "--witness", witnessKey],
          {
            encoding: "utf8",
            env: { ...process.env, DATABASE_URL: "", AUDIT_SIGNING_KEY: "", VITEST: "" },
          },
        );
      const ok = run(witness.vkey);
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toContain(`OK: entry seq 3 (hash ${b.entry.hash}) is in the log of ${cp.size} entries that steward.test/audit+`);
      expect(ok.stdout).toContain("; cosigned by witness.test/w1 at ");
      const stranger = run(cosignerKeyString(cosignerFromSeed("witness.test/other", randomBytes(32))));
      expect(stranger.status).toBe(1);
      expect(stranger.stderr).toContain("FAIL (witness witness.test/other): the checkpoint carries no cosignature by this witness");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await expect(proofBundle(viewer, "3")).rejects.toMatchObject({ status: 403 });
    await expect(proofBundle(compliance, "999999")).rejects.toMatchObject({ status: 404 });
  });

  it("only compliance and admins publish or read the publication state", async () => {
    await expect(publishNow(viewer)).rejects.toMatchObject({ status: 403 });
    await expect(publishedState(viewer)).rejects.toMatchObject({ status: 403 });
    await append(1);
    const r = await publishNow(compliance);
    expect(r.published).toBe(true);
    expect((await publishNow(compliance)).published).toBe(false);
  });

  it("history rewritten after a checkpoint was published is caught, though its chain and tree were rebuilt; the witness refuses to cosign it", async () => {
    const state = await publishedState(compliance);
    const latest = state.latest?.size ?? 0;
    // Rewrite the last entry the latest published checkpoint covers (the ones before it cover only earlier entries).
    await rewriteHistory(latest);
    // The rebuilt trail is self-consistent: its chain verifies and the stored tree equals the one rebuilt from it.
    const t = new MemoryTree();
    for await (const e of streamAudit(SYSTEM, {})) t.push(leafHash(leafInput(e)));
    const r = await verifyAudit(compliance);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain(`the entries up to seq ${latest} no longer give the Merkle root`);
    expect(r.reason).toMatch(/history between seq \d+ and \d+ was rewritten after it left the building/);
    expect(r.firstBadSeq).toBeLessThanOrEqual(latest);
    // The stored tree was rebuilt to match the rewrite, so only the published root can tell.
    expect((await treeHead()).root.equals(t.root())).toBe(true);
    // The next checkpoint of the rewritten trail: the witness refuses it (422), and the portal says why.
    await append(5);
    await publishIfDue();
    const w = (await publishedState(compliance)).witnesses[0];
    expect(w.cosignedSize).toBe(latest);
    expect(w.lastError).toContain("does not extend the last one it cosigned (422)");
  });
});

describe("a trail cut after a published checkpoint", () => {
  useFreshStore();
  const env = { ...process.env };
  beforeAll(() => {
    process.env.AUDIT_SIGNING_KEY = randomBytes(32).toString("base64");
    process.env.AUDIT_LOG_ORIGIN = "steward.test/audit";
    process.env.AUDIT_WITNESSES = "";
    process.env.AUDIT_CHECKPOINT_ENTRIES = "1";
  });
  afterAll(() => {
    process.env = env;
  });

  it("names the removed entries", async () => {
    await append(6);
    const p = await publishIfDue();
    const size = p?.size ?? 0;
    const db = await getDb();
    await db.execute(sql`alter table audit_log disable trigger user`);
    await db.execute(sql`alter table audit_tree disable trigger user`);
    await db.execute(sql`delete from audit_log where seq > ${size - 2}`);
    await db.execute(sql`delete from audit_tree where (idx + 1) * (1::bigint << level) > ${size - 2}`);
    await db.execute(sql`alter table audit_log enable trigger user`);
    await db.execute(sql`alter table audit_tree enable trigger user`);
    forgetTreeEdge();
    expect(await verifyAudit(compliance)).toMatchObject({
      ok: false,
      firstBadSeq: size - 1,
      reason: expect.stringContaining(`the trail holds ${size - 2} entries: seq ${size - 1} to ${size} were removed`),
    });
  });
});
