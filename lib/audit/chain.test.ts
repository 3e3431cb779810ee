import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type AuditEntry, ChainVerifier, entryHash, GENESIS_HASH } from "./chain";

function make(seq: number, prevHash: string, action = "model.created"): AuditEntry {
  const draft = {
    seq,
    at: "2026-11-01T10:00:00.000Z",
    actor: { type: "user" as const, id: "1", email: "a@example.com" },
    action,
    entity: { type: "model", id: "m" },
    before: null,
    after: { b: 2, a: 1 },
    requestId: null,
    prevHash,
  };
  return { ...draft, hash: entryHash(draft) };
}

describe("audit chain", () => {
  it("hashes prevHash, a newline and the RFC 8785 canonical JSON of the entry without its hash", () => {
    const e = make(1, GENESIS_HASH);
    // Written out by hand: keys sorted, no spaces.
    const canonical =
      '{"action":"model.created","actor":{"email":"a@example.com","id":"1","type":"user"},"after":{"a":1,"b":2},"at":"2026-11-01T10:00:00.000Z","before":null,"entity":{"id":"m","type":"model"},"prevHash":"' +
      "0".repeat(64) +
      '","requestId":null,"seq":1}';
    const expected = createHash("sha256")
      .update(`${"0".repeat(64)}\n${canonical}`)
      .digest("hex");
    expect(e.hash).toBe(expected);
  });

  it("accepts an intact chain and reports its head", () => {
    const a = make(1, GENESIS_HASH);
    const b = make(2, a.hash);
    const c = make(3, b.hash);
    const v = new ChainVerifier();
    for (const e of [a, b, c]) v.push(e);
    expect(v.result()).toEqual({ ok: true, entries: 3, head: { seq: 3, hash: c.hash } });
  });

  it("names the first bad entry: edited content, a gap, a broken link", () => {
    const a = make(1, GENESIS_HASH);
    const b = make(2, a.hash);
    const c = make(3, b.hash);
    const edited = { ...b, after: { a: 1, b: 3 } };
    let v = new ChainVerifier();
    for (const e of [a, edited, c]) v.push(e);
    expect(v.result()).toMatchObject({ ok: false, firstBadSeq: 2 });

    v = new ChainVerifier();
    for (const e of [a, c]) v.push(e);
    // The missing seq is named, not the entry found in its place.
    expect(v.result()).toMatchObject({ ok: false, firstBadSeq: 2, reason: "seq 2 is missing: found 3 next" });

    v = new ChainVerifier();
    for (const e of [a, make(2, GENESIS_HASH)]) v.push(e);
    expect(v.result()).toMatchObject({ ok: false, firstBadSeq: 2, reason: expect.stringContaining("prevHash") });
  });

  it("continues from a given point (an archive's head) and checks the link to it", () => {
    const a = make(1, GENESIS_HASH);
    const b = make(2, a.hash);
    const c = make(3, b.hash);
    let v = new ChainVerifier({ seq: 2, hash: b.hash });
    v.push(c);
    expect(v.result()).toEqual({ ok: true, entries: 1, head: { seq: 3, hash: c.hash } });
    // Nothing after the point: the head is the point itself.
    expect(new ChainVerifier({ seq: 2, hash: b.hash }).result()).toEqual({ ok: true, entries: 0, head: { seq: 2, hash: b.hash } });

    v = new ChainVerifier({ seq: 2, hash: a.hash });
    v.push(c);
    expect(v.result()).toMatchObject({ ok: false, firstBadSeq: 3, reason: expect.stringContaining("prevHash of seq 3") });
    v = new ChainVerifier({ seq: 1, hash: a.hash });
    v.push(c);
    expect(v.result()).toMatchObject({ ok: false, firstBadSeq: 2, reason: "seq 2 is missing: found 3 next" });
  });
});
