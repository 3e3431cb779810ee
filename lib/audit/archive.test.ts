import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driverName, getDb, rows, transact } from "@/db/client";
import { auditArchives } from "@/db/schema";
import { SYSTEM } from "@/lib/auth/actor";
import { useFreshStore } from "@/tests/store";
import { appendAudit } from "./append";
import { archiveAudit, checkpointFileOf } from "./archive";
import { checkSignature, parseCheckpoint, verifyExport } from "./checkpoint";
import { exportAudit } from "./export";
import { chainStart, headCheckpoint } from "./head";
import { verifyAudit } from "./read";
import { AuditQuery } from "./schemas";

const KEY = "test-only-audit-archive-key-0123456789abcdef";
const VIEWER = { type: "user" as const, userId: 9, email: "v@example.com", name: "V", roles: ["viewer" as const] };

/** The removal script exactly as docs/RETENTION.md gives it, with `through` filled in as psql -v would. */
function removalSql(through: number): string {
  const doc = fs.readFileSync(path.join(process.cwd(), "docs/RETENTION.md"), "utf8");
  const m = /<!-- remove-archived\.sql[^>]*-->\s*```sql\n([\s\S]*?)```/.exec(doc);
  if (!m) throw new Error("the removal script is missing from docs/RETENTION.md");
  return m[1].replaceAll(":'through'", `'${through}'`);
}

/** Run it as the database owner would: a connection of its own (psql's), or PGlite's exec. */
async function runRemoval(through: number): Promise<string> {
  const text = removalSql(through);
  try {
    if (driverName() === "postgres") {
      const { Client } = await import("pg");
      const c = new Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      try {
        await c.query(text);
      } finally {
        await c.end();
      }
    } else {
      const client = ((await getDb()) as unknown as { $client: { exec(q: string): Promise<unknown> } }).$client;
      try {
        await client.exec(text);
      } catch (e) {
        await client.exec("ROLLBACK");
        throw e;
      }
    }
    return "done";
  } catch (e) {
    return (e as Error).message;
  }
}

async function append(n: number) {
  for (let i = 0; i < n; i++)
    await transact((tx) =>
      appendAudit(tx, SYSTEM, "test.appended", { type: "test", id: String(i) }, null, { i, note: 'a "quoted", value' }),
    );
}

async function exportLines(): Promise<string[]> {
  let text = "";
  for await (const chunk of exportAudit(SYSTEM, AuditQuery.parse({ format: "ndjson" }), "ndjson")) text += chunk;
  return text.split("\n").filter(Boolean);
}

const seqs = async () =>
  (
    await rows<{ lo: number; hi: number; n: number }>(
      sql`select min(seq)::int as lo, max(seq)::int as hi, count(*)::int as n from audit_log`,
    )
  )[0];

describe("retention: archive, remove by hand, and the chain still verifies (database)", () => {
  useFreshStore();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-archive-"));
  const saved = process.env.AUDIT_CHECKPOINT_KEY;
  beforeAll(() => {
    process.env.AUDIT_CHECKPOINT_KEY = KEY;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.AUDIT_CHECKPOINT_KEY;
    else process.env.AUDIT_CHECKPOINT_KEY = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("signs the head for compliance and admins only, and answers 503 naming the variable without a key", async () => {
    await append(30);
    const cp = await headCheckpoint(SYSTEM);
    expect(cp).toMatchObject({ seq: 30 });
    expect(checkSignature(cp, KEY)).toBeNull();
    await expect(headCheckpoint(VIEWER)).rejects.toMatchObject({ status: 403 });
    delete process.env.AUDIT_CHECKPOINT_KEY;
    await expect(headCheckpoint(SYSTEM)).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining("AUDIT_CHECKPOINT_KEY is not set"),
    });
    await expect(archiveAudit(SYSTEM, { through: 20, out: path.join(dir, "nokey.ndjson") })).rejects.toThrow(
      /AUDIT_CHECKPOINT_KEY is not set/,
    );
    process.env.AUDIT_CHECKPOINT_KEY = KEY;
  });

  it("refuses to remove what no archive covers", async () => {
    expect(await runRemoval(10)).toMatch(/refused: no audit_archives row records entry 10/);
    expect(await seqs()).toEqual({ lo: 1, hi: 30, n: 30 });
  });

  const first = path.join(dir, "audit-1-20.ndjson");
  it("archives 1..20: a file that verifies on its own, its signed checkpoint, a record, an entry in the trail", async () => {
    await expect(archiveAudit(SYSTEM, { through: 31, out: path.join(dir, "x") })).rejects.toThrow(/head of the trail is seq 30/);
    const r = await archiveAudit(SYSTEM, { through: 20, out: first });
    expect(r).toMatchObject({ firstSeq: 1, seq: 20, entries: 20, file: first, checkpointFile: checkpointFileOf(first) });
    expect(r.fileSha256).toBe(createHash("sha256").update(fs.readFileSync(first)).digest("hex"));
    const cp = parseCheckpoint(fs.readFileSync(r.checkpointFile, "utf8"));
    if ("error" in cp) throw new Error(cp.error);
    expect(cp).toMatchObject({ seq: 20, hash: r.hash });
    expect(checkSignature(cp, KEY)).toBeNull();
    const lines = fs.readFileSync(first, "utf8").split("\n").filter(Boolean);
    expect(await verifyExport(lines, { checkpoint: cp })).toMatchObject({ ok: true, entries: 20, head: { seq: 20, hash: r.hash } });

    const db = await getDb();
    expect(await db.select().from(auditArchives)).toEqual([
      expect.objectContaining({ seq: 20, hash: r.hash, firstSeq: 1, entries: 20, fileName: "audit-1-20.ndjson", fileSha256: r.fileSha256 }),
    ]);
    const [entry] = await exportLines().then((l) => l.slice(-1).map((x) => JSON.parse(x)));
    expect(entry).toMatchObject({
      seq: 31,
      action: "audit.archived",
      entity: { type: "audit_archive", id: "20" },
      after: { seq: 20, fileSha256: r.fileSha256 },
    });
    await expect(archiveAudit(SYSTEM, { through: 20, out: first })).rejects.toThrow(/exists already/);
  });

  it("the archive verifies with the CLI", () => {
    const r = spawnSync(
      "npx",
      ["tsx", "--conditions=react-server", "scripts/portal.ts", "audit", "verify", first, "--checkpoint", checkpointFileOf(first)],
      {
        env: { ...process.env, AUDIT_CHECKPOINT_KEY: KEY },
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("OK: 20 entries, chain intact; head seq 20");
  });

  it("the documented SQL removes 1..20; the database verifier and a new export continue from the archive", async () => {
    expect(await runRemoval(31)).toMatch(/refused: no audit_archives row records entry 31/);
    expect(await runRemoval(20)).toBe("done");
    expect(await seqs()).toEqual({ lo: 21, hi: 31, n: 11 });
    const db = await getDb();
    const [firstLeft] = await rows<{ prev_hash: string }>(sql`select prev_hash from audit_log order by seq limit 1`);
    const [archive] = await db.select().from(auditArchives).orderBy(asc(auditArchives.id));
    expect(firstLeft.prev_hash).toBe(archive.hash);
    expect(await chainStart()).toEqual({ seq: 20, hash: archive.hash });
    const head = await headCheckpoint(SYSTEM);
    expect(await verifyAudit(SYSTEM)).toEqual({
      ok: true,
      entries: 11,
      head: { seq: 31, hash: head.hash },
      published: { checked: 0, latestSize: null },
    });

    const lines = await exportLines();
    expect(await verifyExport(lines)).toMatchObject({ ok: false, firstBadSeq: 1, reason: "seq 1 is missing: found 21 next" });
    expect(await verifyExport(lines, { after: { seq: 20, hash: archive.hash }, checkpoint: head })).toMatchObject({
      ok: true,
      entries: 11,
    });

    // The triggers are back: the application still cannot remove anything.
    const refusal = (q: ReturnType<typeof sql>) =>
      db.execute(q).then(
        () => "allowed",
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(await refusal(sql`delete from audit_log where seq = 21`)).toMatch(/append-only: DELETE/);
    expect(await refusal(sql`delete from audit_archives`)).toMatch(/audit_archives is append-only: DELETE/);
    expect(await refusal(sql`update audit_archives set hash = 'x'`)).toMatch(/audit_archives is append-only: UPDATE/);
  });

  it("a second archive starts after the first and verifies from its checkpoint; removal again", async () => {
    await append(5);
    await expect(archiveAudit(SYSTEM, { through: 20, out: path.join(dir, "again.ndjson") })).rejects.toThrow(
      /archived and removed already/,
    );
    const second = path.join(dir, "audit-21-33.ndjson");
    const r = await archiveAudit(SYSTEM, { through: 33, out: second });
    expect(r).toMatchObject({ firstSeq: 21, seq: 33, entries: 13 });
    const after = parseCheckpoint(fs.readFileSync(checkpointFileOf(first), "utf8"));
    if ("error" in after) throw new Error(after.error);
    const lines = fs.readFileSync(second, "utf8").split("\n").filter(Boolean);
    expect(await verifyExport(lines, { after, checkpoint: r.checkpoint })).toMatchObject({ ok: true, entries: 13, head: { seq: 33 } });

    expect(await runRemoval(37)).toMatch(/refused: no audit_archives row records entry 37/);
    expect(await runRemoval(33)).toBe("done");
    expect(await seqs()).toEqual({ lo: 34, hi: 37, n: 4 });
    expect(await verifyAudit(SYSTEM)).toMatchObject({ ok: true, entries: 4, head: { seq: 37 } });
    // Appending carries on from the head.
    await append(1);
    expect(await verifyAudit(SYSTEM)).toMatchObject({ ok: true, entries: 5, head: { seq: 38 } });
  });
});
