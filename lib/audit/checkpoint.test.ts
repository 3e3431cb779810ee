import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AuditEntry, entryHash, GENESIS_HASH } from "./chain";
import { checkSignature, keyIdOf, parseCheckpoint, readCheckpointKey, signCheckpoint, verifyExport } from "./checkpoint";

const TEST_KEY = "test-only-audit-checkpoint-key-0123456789";

const ACTIONS = ["model.created", "version.created", "card.updated", "release.requested", "release.approved", "version.promoted"];

/** A chain of n entries hashed by chain.ts, with content that quoting and canonicalisation must survive. */
function buildChain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const draft = {
      seq,
      at: new Date(Date.UTC(2026, 10, 1, 10, seq)).toISOString(),
      actor: { type: "user" as const, id: String(seq % 3), email: `user${seq % 3}@example.com` },
      action: ACTIONS[seq % ACTIONS.length],
      entity: { type: "model", id: `fraud-scorer-${seq}` },
      before: seq % 2 ? null : { stage: "staging", note: 'say "hi", then go' },
      after: { stage: "production", z: 1, a: [1, "ünïcödé ✓", null], formula: "=SUM(A1)" },
      requestId: seq % 2 ? `req-${seq}` : null,
      prevHash,
    };
    const e = { ...draft, hash: entryHash(draft) };
    out.push(e);
    prevHash = e.hash;
  }
  return out;
}

/** The export's NDJSON lines, as lib/audit/export.ts writes them. */
const ndjson = (entries: AuditEntry[]) => entries.map((e) => JSON.stringify(e));

describe("signed checkpoints", () => {
  it("reads the key from AUDIT_CHECKPOINT_KEY, at least 32 characters, and names it by sha256's first 8 hex digits", () => {
    expect(readCheckpointKey({})).toEqual({ error: expect.stringMatching(/^AUDIT_CHECKPOINT_KEY is not set/) });
    expect(readCheckpointKey({ AUDIT_CHECKPOINT_KEY: "short" })).toEqual({ error: expect.stringContaining("too short (5 characters)") });
    const k = readCheckpointKey({ AUDIT_CHECKPOINT_KEY: TEST_KEY });
    expect(k).toEqual({ key: TEST_KEY, keyId: keyIdOf(TEST_KEY) });
    expect(keyIdOf(TEST_KEY)).toMatch(/^[0-9a-f]{8}$/);
  });

  it("signs {seq, hash, at, keyId} so that any change, or another key, is detected", () => {
    const cp = signCheckpoint({ seq: 7, hash: "a".repeat(64) }, TEST_KEY, "2026-11-27T00:00:00.000Z");
    expect(cp).toMatchObject({ seq: 7, hash: "a".repeat(64), at: "2026-11-27T00:00:00.000Z", keyId: keyIdOf(TEST_KEY) });
    expect(checkSignature(cp, TEST_KEY)).toBeNull();
    expect(parseCheckpoint(JSON.stringify(cp))).toEqual(cp);
    for (const forged of [
      { ...cp, seq: 8 },
      { ...cp, hash: "b".repeat(64) },
      { ...cp, at: "2026-11-28T00:00:00.000Z" },
    ])
      expect(checkSignature(forged, TEST_KEY)).toEqual({ wrongKey: false, reason: expect.stringContaining("does not match its content") });
    const other = `${TEST_KEY}-other`;
    expect(checkSignature(cp, other)).toEqual({
      wrongKey: true,
      reason: expect.stringContaining(`signed with key ${cp.keyId}, but AUDIT_CHECKPOINT_KEY is key ${keyIdOf(other)}`),
    });
    // A forger with another key can name ours, but cannot sign like it.
    expect(checkSignature({ ...signCheckpoint({ seq: 7, hash: "a".repeat(64) }, other), keyId: cp.keyId }, TEST_KEY)?.wrongKey).toBe(false);
    expect(parseCheckpoint("nope")).toEqual({ error: "it is not JSON" });
    expect(parseCheckpoint(JSON.stringify({ ...cp, signature: "xyz" }))).toEqual({ error: expect.stringContaining("signature") });
  });
});

describe("a tampered NDJSON export is caught, at the first bad seq", () => {
  const good = buildChain(8);
  const lines = ndjson(good);
  const head = good[7];
  const checkpoint = signCheckpoint({ seq: head.seq, hash: head.hash }, TEST_KEY);

  it("passes untouched, with and without its checkpoint", async () => {
    expect(await verifyExport(lines)).toEqual({ ok: true, entries: 8, head: { seq: 8, hash: head.hash }, checkpoint: null });
    expect(await verifyExport(lines, { checkpoint })).toMatchObject({ ok: true, entries: 8, checkpoint: { seq: 8, hash: head.hash } });
    // A checkpoint taken earlier is inside a longer export.
    const earlier = signCheckpoint({ seq: 5, hash: good[4].hash }, TEST_KEY);
    expect(await verifyExport(lines, { checkpoint: earlier })).toMatchObject({ ok: true, checkpoint: { seq: 5 } });
  });

  it("one byte changed inside entry 4", async () => {
    const copy = [...lines];
    const at = copy[3].indexOf("fraud-scorer-4") + "fraud-scorer-".length;
    copy[3] = `${copy[3].slice(0, at)}5${copy[3].slice(at + 1)}`;
    expect(Buffer.byteLength(copy[3])).toBe(Buffer.byteLength(lines[3]));
    expect(await verifyExport(copy)).toEqual({ ok: false, firstBadSeq: 4, reason: "hash of seq 4 does not match its content", entries: 3 });
  });

  it("entry 5 deleted", async () => {
    const copy = lines.filter((_, i) => i !== 4);
    expect(await verifyExport(copy)).toEqual({ ok: false, firstBadSeq: 5, reason: "seq 5 is missing: found 6 next", entries: 4 });
  });

  it("entries 3 and 4 swapped", async () => {
    const copy = [...lines];
    [copy[2], copy[3]] = [copy[3], copy[2]];
    expect(await verifyExport(copy)).toEqual({ ok: false, firstBadSeq: 3, reason: "seq 3 is missing: found 4 next", entries: 2 });
  });

  it("a forged entry inserted after 5, hashed correctly by the forger", async () => {
    const draft = { ...good[5], action: "release.approved", after: { forged: true }, prevHash: good[4].hash };
    const forged = { ...draft, hash: entryHash(draft) };
    const copy = [...lines.slice(0, 5), JSON.stringify(forged), ...lines.slice(5)];
    // The forgery itself links; the genuine entry 6 after it cannot.
    expect(await verifyExport(copy)).toEqual({
      ok: false,
      firstBadSeq: 6,
      reason: "seq 6 appears again (or out of order) where 7 was expected",
      entries: 6,
    });
    // Re-chaining everything after the forgery makes a valid chain: only the checkpoint catches it.
    const rechained: AuditEntry[] = [...good.slice(0, 5), forged];
    for (const e of good.slice(5)) {
      const d = { ...e, seq: e.seq + 1, prevHash: rechained[rechained.length - 1].hash };
      rechained.push({ ...d, hash: entryHash(d) });
    }
    expect(await verifyExport(ndjson(rechained))).toMatchObject({ ok: true, entries: 9 });
    expect(await verifyExport(ndjson(rechained), { checkpoint })).toEqual({
      ok: false,
      firstBadSeq: 8,
      reason: expect.stringMatching(/^seq 8 has hash .*, but the checkpoint signs .*: the chain was rewritten at or before seq 8$/),
      entries: 9,
    });
  });

  it("the tail cut: passes on its own, fails with the checkpoint naming what is missing", async () => {
    const cut = lines.slice(0, 6);
    expect(await verifyExport(cut)).toMatchObject({ ok: true, entries: 6, head: { seq: 6 } });
    expect(await verifyExport(cut, { checkpoint })).toEqual({
      ok: false,
      firstBadSeq: 7,
      reason: "the checkpoint signs seq 8, but the export ends at seq 6: seqs 7..8 are missing (the tail was cut)",
      entries: 6,
    });
    expect(await verifyExport(lines.slice(0, 7), { checkpoint })).toMatchObject({
      ok: false,
      firstBadSeq: 8,
      reason: expect.stringContaining("seq 8 is missing"),
    });
  });

  it("a line that is not JSON, or not an entry", async () => {
    expect(await verifyExport([lines[0], "{oops", lines[1]])).toEqual({
      ok: false,
      firstBadSeq: 2,
      reason: "line 2 is not JSON",
      entries: 1,
    });
    expect(await verifyExport([lines[0], "null"])).toEqual({
      ok: false,
      firstBadSeq: 2,
      reason: "line 2 is not an audit entry",
      entries: 1,
    });
  });

  it("an export that continues an archive verifies from the archive's checkpoint", async () => {
    const after = { seq: 3, hash: good[2].hash };
    expect(await verifyExport(lines.slice(3), { after, checkpoint })).toMatchObject({ ok: true, entries: 5, head: { seq: 8 } });
    expect(await verifyExport(lines.slice(3))).toMatchObject({ ok: false, firstBadSeq: 1, reason: "seq 1 is missing: found 4 next" });
    expect(await verifyExport(lines.slice(4), { after })).toMatchObject({ ok: false, firstBadSeq: 4 });
  });
});

/** The CLI itself, as compliance runs it: `npx tsx --conditions=react-server scripts/portal.ts audit verify ...`. */
function portal(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/portal.ts", ...args], {
      cwd: process.cwd(),
      env: { ...process.env, AUDIT_CHECKPOINT_KEY: TEST_KEY, ...env },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe("npm run portal -- audit verify (the CLI, as a child process)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-audit-cli-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const good = buildChain(8);
  const file = (name: string, lines: string[]) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, `${lines.join("\n")}\n`);
    return f;
  };
  const intact = file("intact.ndjson", ndjson(good));
  const changed = (() => {
    const lines = ndjson(good);
    lines[3] = lines[3].replace("fraud-scorer-4", "fraud-scorer-5");
    return file("changed.ndjson", lines);
  })();
  const cut = file("cut.ndjson", ndjson(good).slice(0, 6));
  const cp = path.join(dir, "checkpoint.json");
  fs.writeFileSync(cp, JSON.stringify(signCheckpoint({ seq: 8, hash: good[7].hash }, TEST_KEY)));

  it("exit 0 and OK for the intact export, with its checkpoint", async () => {
    const r = await portal(["audit", "verify", intact, "--checkpoint", cp]);
    expect(r).toEqual({
      code: 0,
      out: expect.stringContaining(`OK: 8 entries, chain intact; head seq 8 hash ${good[7].hash}; signed checkpoint seq 8`),
    });
  });

  it("exit 1 naming seq 4 for one changed byte", async () => {
    const r = await portal(["audit", "verify", changed]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("FAIL at seq 4: hash of seq 4 does not match its content (3 entries before it verified)");
  });

  it("the cut tail: exit 0 alone, exit 1 with the checkpoint naming the missing seqs", async () => {
    expect((await portal(["audit", "verify", cut])).code).toBe(0);
    const r = await portal(["audit", "verify", cut, "--checkpoint", cp]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "FAIL at seq 7: the checkpoint signs seq 8, but the export ends at seq 6: seqs 7..8 are missing (the tail was cut)",
    );
  });

  it("exit 2, saying what to do, without the key, with another key, or without a file", async () => {
    let r = await portal(["audit", "verify", intact, "--checkpoint", cp], { AUDIT_CHECKPOINT_KEY: "" });
    expect(r.code).toBe(2);
    expect(r.out).toContain("AUDIT_CHECKPOINT_KEY is not set");
    r = await portal(["audit", "verify", intact, "--checkpoint", cp], { AUDIT_CHECKPOINT_KEY: `${TEST_KEY}-rotated` });
    expect(r.code).toBe(2);
    expect(r.out).toContain(`signed with key ${keyIdOf(TEST_KEY)}, but AUDIT_CHECKPOINT_KEY is key ${keyIdOf(`${TEST_KEY}-rotated`)}`);
    r = await portal(["audit", "verify"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("usage:");
  });

  it("exit 1 for a checkpoint whose seq was edited", async () => {
    const forged = path.join(dir, "forged.json");
    fs.writeFileSync(forged, JSON.stringify({ ...signCheckpoint({ seq: 8, hash: good[7].hash }, TEST_KEY), seq: 6 }));
    const r = await portal(["audit", "verify", cut, "--checkpoint", forged]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("does not match its content");
  });
});
