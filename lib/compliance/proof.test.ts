import { describe, expect, it } from "vitest";
import { type AuditEntry, entryHash, GENESIS_HASH } from "@/lib/audit/chain";
import { buildProof, type ChainLink, checkProof, MAX_LINKS } from "./proof";

/** A chain of n entries; the even seqs are "about" the subject. */
function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const body = {
      seq,
      at: `2026-11-0${Math.min(seq, 9)}T10:00:00.000Z`,
      actor: { type: "user" as const, id: "7", email: "chen@example.com" },
      action: seq % 2 ? "model.created" : "release.requested",
      entity: { type: seq % 2 ? "model" : "release", id: seq % 2 ? `other-${seq}` : "r1" },
      before: null,
      after: { n: seq, note: 'é \u2028 "q"' },
      requestId: null,
      prevHash,
    };
    const hash = entryHash(body);
    out.push({ ...body, hash });
    prevHash = hash;
  }
  return out;
}
const linksOf = (es: AuditEntry[]): ChainLink[] => es.map(({ seq, prevHash, hash }) => ({ seq, prevHash, hash }));

describe("the chain proof", () => {
  const all = chain(7);
  const about = all.filter((e) => e.seq % 2 === 0); // seqs 2, 4, 6

  it("covers the entries and links the stretch between the first and the last", () => {
    const proof = buildProof(about, linksOf(all.slice(1, 6)));
    expect(proof.covers).toEqual({ entries: 3, firstSeq: 2, lastSeq: 6 });
    expect(proof.segment).toMatchObject({ complete: true, fromSeq: 2, toSeq: 6 });
    expect(checkProof(about, proof)).toEqual({ ok: true, entries: 3, linked: true });
  });

  it("finds an edited entry, a forged link and an entry that is not the chain's", () => {
    const proof = buildProof(about, linksOf(all.slice(1, 6)));
    const edited = about.map((e) => (e.seq === 4 ? { ...e, after: { n: 40 } } : e));
    expect(checkProof(edited, proof)).toEqual({ ok: false, seq: 4, reason: "the hash of seq 4 does not match its content" });
    const forged = structuredClone(proof);
    if (forged.segment.complete) forged.segment.links[2].prevHash = "f".repeat(64);
    expect(checkProof(about, forged)).toEqual({ ok: false, seq: 4, reason: "the prevHash of seq 4 is not the hash of seq 3" });
    // A self-consistent entry made up outside the chain: its hash recomputes, but the chain holds another at seq 4.
    const fake = { ...about[1], after: { n: 99 } };
    const fakeEntries = [about[0], { ...fake, hash: entryHash(fake) }, about[2]];
    const fakeProof = buildProof(fakeEntries, linksOf(all.slice(1, 6)));
    expect(checkProof(fakeEntries, fakeProof)).toEqual({ ok: false, seq: 4, reason: "seq 4 is not the entry the chain holds at that seq" });
  });

  it("says when the stretch is incomplete, too long or empty, and still checks each entry", () => {
    const gap = buildProof(about, linksOf([...all.slice(1, 3), ...all.slice(4, 6)]));
    expect(gap.segment).toEqual({ complete: false, fromSeq: 2, toSeq: 6, reason: "The store holds 4 of the 5 entries of this stretch." });
    expect(checkProof(about, gap)).toEqual({ ok: true, entries: 3, linked: false });
    expect(buildProof(about, null).segment).toMatchObject({
      complete: false,
      reason: `The stretch holds 5 entries, more than ${MAX_LINKS}; its links are left out.`,
    });
    expect(buildProof([], null)).toMatchObject({ covers: { entries: 0, firstSeq: null, lastSeq: null }, segment: { complete: false } });
  });
});
