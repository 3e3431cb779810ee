import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { listAudit, verifyAudit } from "@/lib/audit/read";
import { SYSTEM } from "@/lib/auth/actor";
import { getVersion } from "@/lib/inventory/versions";
import { useFreshStore } from "@/tests/store";
import { DEMO_MODELS } from "./data";
import { seedPortfolio, seedUsers } from "./seed";

describe("demo portfolio cards (database)", () => {
  useFreshStore();

  it("gives most versions a card, at various completeness, saved by the model's owner", async () => {
    await seedUsers(() => "demo-password-for-tests");
    await seedPortfolio();
    const summaries = [];
    for (const m of DEMO_MODELS)
      for (const [version, stage] of m.versions)
        summaries.push({ model: m.name, owner: m.owner, version, stage, card: (await getVersion(SYSTEM, m.name, version)).card });
    const withCard = summaries.filter((s) => s.card);
    expect(withCard.length).toBeGreaterThan(summaries.length / 2);
    expect(summaries.filter((s) => !s.card).length).toBeGreaterThan(0);
    // Everything in production is complete; staging is above the 80 a production release needs.
    for (const s of summaries.filter((x) => x.stage === "production")) expect(s.card?.completeness).toBe(100);
    for (const s of summaries.filter((x) => x.stage === "staging")) expect(s.card?.completeness).toBe(89);
    expect(new Set(withCard.map((s) => s.card?.completeness))).toEqual(new Set([33, 44, 67, 89, 100]));
    expect(withCard.some((s) => s.card?.needsReview)).toBe(true);
    const savers = await rows<{ model: string; saver: string }>(
      sql`select m.name as model, c.created_by as saver from card_revisions c join model_versions v on v.id = c.version_id join models m on m.id = v.model_id`,
    );
    for (const r of savers) expect(r.saver).toBe(DEMO_MODELS.find((m) => m.name === r.model)?.owner);
    expect((await listAudit(SYSTEM, { entityType: "card" }, 0, 500)).items.length).toBe(savers.length);
    expect(await verifyAudit(SYSTEM)).toMatchObject({ ok: true });
  });
});
