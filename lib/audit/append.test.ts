import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, transact } from "@/db/client";
import { SYSTEM } from "@/lib/auth/actor";
import { useFreshStore } from "@/tests/store";
import { appendAudit } from "./append";
import { verifyAudit } from "./read";

describe("audit append (database)", () => {
  useFreshStore();

  it("gives concurrent appends consecutive seqs with no fork, and the chain verifies", async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        transact((tx) => appendAudit(tx, SYSTEM, "test.appended", { type: "test", id: String(i) }, null, { i })),
      ),
    );
    const db = await getDb();
    const r = (await db.execute(
      sql`select count(*)::int as n, count(distinct prev_hash)::int as p, min(seq)::int as lo, max(seq)::int as hi from audit_log`,
    )) as unknown as {
      rows: { n: number; p: number; lo: number; hi: number }[];
    };
    expect(r.rows[0]).toEqual({ n: 40, p: 40, lo: 1, hi: 40 });
    expect(await verifyAudit(SYSTEM)).toMatchObject({ ok: true, entries: 40, head: { seq: 40 } });
  });

  it("is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused", async () => {
    const db = await getDb();
    // drizzle wraps the database's error; the refusal is in its cause.
    const refusal = (q: ReturnType<typeof sql>) =>
      db.execute(q).then(
        () => "allowed",
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(await refusal(sql`update audit_log set action = 'x' where seq = 1`)).toMatch(/append-only: UPDATE/);
    expect(await refusal(sql`delete from audit_log where seq = 1`)).toMatch(/append-only: DELETE/);
    expect(await refusal(sql`truncate audit_log`)).toMatch(/append-only: TRUNCATE/);
    expect(await verifyAudit(SYSTEM)).toMatchObject({ ok: true, entries: 40 });
  });

  it("leaves no entry when the transaction it belongs to rolls back", async () => {
    await expect(
      transact(async (tx) => {
        await appendAudit(tx, SYSTEM, "test.rolledback", { type: "test", id: "x" }, null, null);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await verifyAudit(SYSTEM)).toMatchObject({ ok: true, entries: 40 });
  });
});
