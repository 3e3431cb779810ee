import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, transact } from "@/db/client";
import { SYSTEM } from "@/lib/auth/actor";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { appendAudit } from "./append";
import { leafInput } from "./chain";
import { leafHash, MemoryTree, verifyConsistency, verifyInclusion } from "./merkle";
import { openCheckpoint, parseVerifierKey } from "./note";
import { streamAudit } from "./read";
import { checkpointVerifierKey, consistencyProof, inclusionProof, signedCheckpoint, treeHead } from "./transparency";
import { backfillTree, forgetTreeEdge, treeSize } from "./tree";

const viewer = person("Victor", ["viewer"], 2);
const compliance = person("Carla", ["compliance"], 3);
const b64 = (s: string) => Buffer.from(s, "base64");

/** The tree rebuilt from the trail as exported: what an auditor computes from an NDJSON file. */
async function treeFromExport(): Promise<MemoryTree> {
  const t = new MemoryTree();
  for await (const e of streamAudit(SYSTEM, {})) t.push(leafHash(leafInput(e)));
  return t;
}

const append = (n: number, from = 0) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      transact((tx) =>
        appendAudit(tx, SYSTEM, "test.appended", { type: "test", id: String(from + i) }, null, { i: from + i, note: "é ✓ \u2028" }),
      ),
    ),
  );

/** Remove the stored nodes that cover any leaf from `from` on (tests only: the table refuses it otherwise). */
async function dropTreeFrom(from: number) {
  const db = await getDb();
  await db.execute(sql`alter table audit_tree disable trigger user`);
  await db.execute(sql`delete from audit_tree where (idx + 1) * (1::bigint << level) > ${from}`);
  await db.execute(sql`alter table audit_tree enable trigger user`);
  forgetTreeEdge();
}

describe("the audit Merkle tree in the store", () => {
  useFreshStore();
  const env = { ...process.env };
  beforeAll(() => {
    process.env.AUDIT_SIGNING_KEY = randomBytes(32).toString("base64");
    process.env.AUDIT_LOG_ORIGIN = "steward.test/audit";
  });
  afterAll(() => {
    process.env = env;
  });

  it("keeps one leaf per entry, written with it; roots at every size equal the tree rebuilt from the export", async () => {
    await append(45);
    await append(28, 45);
    expect(await treeSize()).toBe(73);
    const t = await treeFromExport();
    expect(t.size).toBe(73);
    const db = await getDb();
    const nodes = (await db.execute(sql`select count(*)::int as n from audit_tree`)) as unknown as { rows: { n: number }[] };
    // 73 leaves, and one inner node per completed pair: 36 + 18 + 9 + 4 + 2 + 1 = 70
    expect(nodes.rows[0].n).toBe(73 + 70);
    expect((await treeHead()).root.equals(t.root())).toBe(true);
  });

  it("serves inclusion proofs that verify against the root at that size, for every entry at three sizes", async () => {
    const t = await treeFromExport();
    for (const size of [1, 40, 73]) {
      for (let seq = 1; seq <= size; seq++) {
        const p = await inclusionProof(compliance, String(seq), size);
        expect(p).toMatchObject({ leafIndex: seq - 1, treeSize: size });
        const proof = p.hashes.map(b64);
        expect(verifyInclusion(seq - 1, size, t.levels[0][seq - 1], proof, t.root(size)), `seq ${seq} of ${size}`).toBeNull();
      }
    }
    // the default size is the tree now
    expect((await inclusionProof(compliance, "5")).treeSize).toBe(73);
  });

  it("serves consistency proofs between any two sizes that verify", async () => {
    const t = await treeFromExport();
    for (const from of [1, 2, 7, 8, 40, 64, 73])
      for (const to of [from, 64, 73].filter((x) => x >= from)) {
        const p = await consistencyProof(compliance, from, to);
        expect(verifyConsistency(from, to, p.hashes.map(b64), t.root(from), t.root(to)), `${from} → ${to}`).toBeNull();
      }
  });

  it("refuses with a 4xx naming the field: seq 0, seq past the tree, size past the tree, from past to", async () => {
    await expect(inclusionProof(compliance, "0")).rejects.toMatchObject({ status: 400, details: [{ path: "seq" }] });
    await expect(inclusionProof(compliance, "1e3")).rejects.toMatchObject({ status: 400, details: [{ path: "seq" }] });
    await expect(inclusionProof(compliance, "74")).rejects.toMatchObject({ status: 404 });
    await expect(inclusionProof(compliance, "3", 74)).rejects.toMatchObject({ status: 400, details: [{ path: "size" }] });
    await expect(inclusionProof(compliance, "30", 20)).rejects.toMatchObject({ status: 400, details: [{ path: "size" }] });
    await expect(consistencyProof(compliance, 9, 8)).rejects.toMatchObject({ status: 400, details: [{ path: "from" }] });
    await expect(consistencyProof(compliance, 9, 99)).rejects.toMatchObject({ status: 400, details: [{ path: "to" }] });
  });

  it("signs a tlog checkpoint of the tree that opens with the served verifier key; a viewer may not read any of it", async () => {
    const note = await signedCheckpoint(compliance);
    const vkey = parseVerifierKey(checkpointVerifierKey(compliance));
    if ("error" in vkey) throw new Error(vkey.error);
    expect(checkpointVerifierKey(compliance)).toMatch(/^steward\.test\/audit\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    const cp = openCheckpoint(note, [vkey], "steward.test/audit");
    if ("error" in cp) throw new Error(cp.error);
    expect(cp.size).toBe(73);
    expect(cp.root.equals((await treeFromExport()).root())).toBe(true);
    expect(note.split("\n").slice(0, 2)).toEqual(["steward.test/audit", "73"]);
    await expect(signedCheckpoint(viewer)).rejects.toMatchObject({ status: 403 });
    expect(() => checkpointVerifierKey(viewer)).toThrow();
    await expect(inclusionProof(viewer, "1")).rejects.toMatchObject({ status: 403 });
    await expect(consistencyProof(viewer, 1, 2)).rejects.toMatchObject({ status: 403 });
  });

  it("says which variable to set when no signing key is configured (503)", async () => {
    const saved = process.env.AUDIT_SIGNING_KEY;
    delete process.env.AUDIT_SIGNING_KEY;
    await expect(signedCheckpoint(compliance)).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/AUDIT_SIGNING_KEY is not set/),
    });
    process.env.AUDIT_SIGNING_KEY = saved;
  });

  it("builds the tree for a trail from before it (start-up backfill), and an append catches up a tree left behind", async () => {
    const before = (await treeFromExport()).root();
    await dropTreeFrom(0);
    expect(await treeSize()).toBe(0);
    expect(await backfillTree()).toEqual({ ok: true, size: 73, added: 73 });
    expect((await treeHead()).root.equals(before)).toBe(true);
    await dropTreeFrom(50);
    expect(await treeSize()).toBe(50);
    await append(1, 73);
    expect(await treeSize()).toBe(74);
    expect((await treeHead()).root.equals((await treeFromExport()).root())).toBe(true);
  });

  it("is append-only: changing a node is refused by the database", async () => {
    const db = await getDb();
    const refusal = (q: ReturnType<typeof sql>) =>
      db.execute(q).then(
        () => "allowed",
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(await refusal(sql`update audit_tree set hash = '\\x00' where level = 0 and idx = 0`)).toMatch(/append-only: UPDATE/);
    expect(await refusal(sql`delete from audit_tree where level = 0 and idx = 0`)).toMatch(/append-only: DELETE/);
  });
});

describe("the audit Merkle tree across rollbacks", () => {
  useFreshStore();
  it("an append rolled back, whole or in a savepoint, leaves no leaf; the appends after it keep the tree equal to the export's", async () => {
    await append(3, 1000);
    const undo = () =>
      transact(async (tx) => {
        await appendAudit(tx, SYSTEM, "test.rolled_back", { type: "test", id: "undone" }, null, {});
        throw new Error("undo");
      });
    await expect(undo()).rejects.toThrow("undo");
    await append(2, 1003);
    await expect(
      transact(async (tx) => {
        await appendAudit(tx, SYSTEM, "test.appended", { type: "test", id: "kept" }, null, {});
        await tx.transaction(async (sp) => {
          await appendAudit(sp as never, SYSTEM, "test.rolled_back", { type: "test", id: "savepoint" }, null, {});
          throw new Error("savepoint");
        });
      }),
    ).rejects.toThrow("savepoint");
    await transact(async (tx) => {
      await appendAudit(tx, SYSTEM, "test.appended", { type: "test", id: "first" }, null, {});
      await tx.transaction(async (sp) => {
        await appendAudit(sp as never, SYSTEM, "test.appended", { type: "test", id: "in a savepoint" }, null, {});
      });
    });
    await append(2, 1005);
    const t = await treeFromExport();
    expect(await treeSize()).toBe(t.size);
    expect((await treeHead()).root.equals(t.root())).toBe(true);
    const kinds = [];
    for await (const e of streamAudit(SYSTEM, {})) kinds.push(e.action);
    expect(kinds.filter((a) => a === "test.rolled_back")).toEqual([]);
  });
});
