import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type AuditEntry, entryHash, GENESIS_HASH, leafInput } from "./chain";
import { leafHash, MemoryTree } from "./merkle";
import { checkpointText, type NoteSigner, signerFromSeed, signNote, type VerifiedCheckpoint, verifierFromPublicKey } from "./note";
import { checkCheckpoint, verifyConsistent, verifyEntryProof, verifyExportAgainst } from "./offline";

const ORIGIN = "steward.test/audit";
const logKey = signerFromSeed(ORIGIN, randomBytes(32));
const trusted = verifierFromPublicKey(logKey.name, logKey.publicKey);

/** A chain of n entries, hashes recomputed from `from` on (a rebuilt chain when an earlier one was changed). */
function rechain(entries: Omit<AuditEntry, "hash" | "prevHash">[]): AuditEntry[] {
  let prev = GENESIS_HASH;
  return entries.map((d) => {
    const e = { ...d, prevHash: prev } as AuditEntry;
    e.hash = entryHash(e);
    prev = e.hash;
    return e;
  });
}
const drafts = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    actor: { type: "user" as const, id: "7", email: "carla@example.com" },
    action: "release.approved",
    entity: { type: "release", id: `r${i}` },
    before: null,
    after: { step: i, text: "ünïcode ✓" },
    requestId: null,
  }));

const treeOf = (entries: AuditEntry[]) => new MemoryTree(entries.map((e) => leafHash(leafInput(e))));
function checkpoint(entries: AuditEntry[], size: number, signer: NoteSigner = logKey): string {
  return signNote(checkpointText(signer.name, size, treeOf(entries).root(size)), [signer]);
}
function open(note: string): VerifiedCheckpoint {
  const r = checkCheckpoint(note, trusted);
  if (!r.ok) throw new Error(r.reason);
  return r.cp;
}
const lines = (entries: AuditEntry[]) => entries.map((e) => JSON.stringify(e));

const trail = rechain(drafts(20));
const cp20 = open(checkpoint(trail, 20));

describe("offline verification against a signed checkpoint: each tampering is caught, naming what failed", () => {
  it("accepts the export as it was, and one that has grown since", async () => {
    expect(await verifyExportAgainst(lines(trail), cp20)).toEqual({ ok: true, entries: 20, size: 20 });
    expect(await verifyExportAgainst(lines(trail), open(checkpoint(trail, 12)))).toEqual({ ok: true, entries: 20, size: 12 });
  });

  it("an edited entry", async () => {
    const t = trail.map((e) => (e.seq === 5 ? { ...e, after: { step: 4, text: "changed" } } : e));
    expect(await verifyExportAgainst(lines(t), cp20)).toEqual({
      ok: false,
      what: "chain at seq 5",
      reason: "hash of seq 5 does not match its content",
    });
  });

  it("a deleted entry", async () => {
    const t = trail.filter((e) => e.seq !== 7);
    expect(await verifyExportAgainst(lines(t), cp20)).toEqual({
      ok: false,
      what: "chain at seq 7",
      reason: "seq 7 is missing: found 8 next",
    });
  });

  it("an inserted entry", async () => {
    const t = [...trail.slice(0, 9), { ...trail[8] }, ...trail.slice(9)];
    expect(await verifyExportAgainst(lines(t), cp20)).toMatchObject({
      ok: false,
      what: "chain at seq 9",
      reason: expect.stringMatching(/seq 9 appears again/),
    });
  });

  it("two entries swapped", async () => {
    const t = [...trail];
    [t[10], t[11]] = [t[11], t[10]];
    expect(await verifyExportAgainst(lines(t), cp20)).toEqual({
      ok: false,
      what: "chain at seq 11",
      reason: "seq 11 is missing: found 12 next",
    });
  });

  it("a truncated tail", async () => {
    expect(await verifyExportAgainst(lines(trail.slice(0, 17)), cp20)).toEqual({
      ok: false,
      what: "tail",
      reason: "the checkpoint signs 20 entries, but the export holds 17: seq 18..20 are missing (the tail was cut)",
    });
  });

  it("a chain rebuilt after editing an entry (every hash recomputed): the signed root no longer matches", async () => {
    const d = drafts(20);
    d[4] = { ...d[4], after: { step: 4, text: "rewritten" } };
    const rebuilt = rechain(d);
    const r = await verifyExportAgainst(lines(rebuilt), cp20);
    expect(r).toMatchObject({
      ok: false,
      what: "Merkle root",
      reason: expect.stringMatching(/root of the export's first 20 entries is .* not the signed .*: the trail was rewritten/),
    });
  });

  it("a rebuilt chain re-signed with another key under the same name", async () => {
    const d = drafts(20);
    d[4] = { ...d[4], after: { step: 4, text: "rewritten" } };
    const forger = signerFromSeed(ORIGIN, randomBytes(32));
    const forged = checkCheckpoint(checkpoint(rechain(d), 20, forger), trusted);
    expect(forged).toMatchObject({
      ok: false,
      what: "checkpoint signature",
      reason: expect.stringMatching(
        /^no signature by a trusted key: the note is signed by steward\.test\/audit\+[0-9a-f]{8}, the key given is steward\.test\/audit\+/,
      ),
    });
  });

  it("a checkpoint whose size was changed after signing", () => {
    const note = checkpoint(trail, 20).replace(`${ORIGIN}\n20\n`, `${ORIGIN}\n19\n`);
    expect(checkCheckpoint(note, trusted)).toMatchObject({
      ok: false,
      what: "checkpoint signature",
      reason: expect.stringMatching(/does not verify/),
    });
  });

  it("one entry against a checkpoint, without the rest of the trail: good, edited, proof of another entry", () => {
    const t = treeOf(trail);
    const proof = (seq: number) => ({
      leafIndex: seq - 1,
      treeSize: 20,
      hashes: t.inclusion(seq - 1, 20).map((h) => h.toString("base64")),
    });
    expect(verifyEntryProof(trail[6], proof(7), cp20)).toEqual({ ok: true, seq: 7, size: 20 });
    expect(verifyEntryProof({ ...trail[6], action: "release.rejected" }, proof(7), cp20)).toEqual({
      ok: false,
      what: "entry seq 7",
      reason: "its hash does not match its content: it was edited",
    });
    expect(verifyEntryProof(trail[6], { ...proof(8), leafIndex: 6 }, cp20)).toMatchObject({ ok: false, what: "inclusion of seq 7" });
    expect(verifyEntryProof(trail[6], proof(7), open(checkpoint(trail, 12)))).toMatchObject({
      ok: false,
      what: "proof",
      reason: expect.stringMatching(/tree of 20, the checkpoint signs 12/),
    });
  });

  it("a newer checkpoint extends an older one; a history rewritten after the older was published does not", () => {
    const grown = rechain(drafts(33));
    const cp33 = open(checkpoint(grown, 33));
    const proof = {
      from: 20,
      to: 33,
      hashes: treeOf(grown)
        .consistency(20, 33)
        .map((h) => h.toString("base64")),
    };
    expect(verifyConsistent(cp20, cp33, proof)).toEqual({ ok: true, from: 20, to: 33 });
    // The operator rewrites seq 3 and re-signs with the real key: its new checkpoint cannot be shown to extend cp20.
    const d = drafts(33);
    d[2] = { ...d[2], action: "release.rejected" };
    const rewritten = rechain(d);
    const cpRewritten = open(checkpoint(rewritten, 33));
    const itsProof = {
      from: 20,
      to: 33,
      hashes: treeOf(rewritten)
        .consistency(20, 33)
        .map((h) => h.toString("base64")),
    };
    expect(verifyConsistent(cp20, cpRewritten, itsProof)).toMatchObject({
      ok: false,
      what: "consistency",
      reason: expect.stringMatching(/does not extend the tree of size 20/),
    });
    expect(verifyConsistent(cp20, cpRewritten, proof)).toMatchObject({ ok: false, what: "consistency" });
  });
});
