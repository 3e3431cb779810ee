// Controls and frameworks on a real store. The hand-worked example: a production model whose card was last revised
// 400 days ago (stale: more than 365), with a passing bias audit of its production version (found) and nothing in
// lineage (missing); a custom framework of three controls mapped one to each gives covered 1, stale 1, missing 1,
// partial 0, and 1 of 3 = 33%.
import { and, asc, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { transact } from "@/db/client";
import { auditLog, cardRevisions, modelReviews, models, modelVersions } from "@/db/schema";
import { SYSTEM } from "@/lib/auth/actor";
import { createUser } from "@/lib/auth/users";
import { saveCard } from "@/lib/cards/cards";
import { FULL_CARD } from "@/lib/cards/fixtures/cards";
import { createBiasAudit } from "@/lib/fairness/audits";
import { raiseFinding } from "@/lib/findings/findings";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { currentReviewPolicy } from "@/lib/mrm/review-policy";
import { person, refused, tokenOf } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { controlStatus, figures } from "./coverage";
import { COVERAGE_CSV_COLUMNS, modelCoverageCsv, portfolioCoverageCsv } from "./csv";
import { createControl, deleteControl, updateControl } from "./custom";
import { getFramework, listFrameworks } from "./frameworks";
import { frameworkFigures, modelFrameworkCoverage, portfolioFrameworkCoverage } from "./read";

const chen = person("Chen", ["contributor"], 1);
const greta = person("Greta", ["compliance"], 2);
const ada = person("Ada", ["admin"], 3);
const victor = person("Victor", ["viewer"], 4);
const fair = { tp: 500, fp: 100, tn: 900, fn: 100 };
const DAY = 86_400_000;

async function production(model: string, version: string) {
  await transact(async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, model));
    await tx
      .update(modelVersions)
      .set({ stage: "production" })
      .where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, version)));
  });
}

describe("controls and frameworks (database)", () => {
  useFreshStore();

  it("judges the hand-worked example: covered 1, stale 1, missing 1 of 3 controls = 33%", async () => {
    await createModel(chen, { name: "house-loans", owner: chen.email, riskTier: "high" });
    await createVersion(chen, "house-loans", { version: "1.0" });
    await saveCard(chen, "house-loans", "1.0", FULL_CARD, { source: "api" });
    // The card's only revision, moved 400 days back.
    await transact(async (tx) => {
      await tx.update(cardRevisions).set({ createdAt: new Date(Date.now() - 400 * DAY) });
    });
    await createBiasAudit(chen, "house-loans", "1.0", {
      name: "fairness",
      dataset: "sample",
      sensitiveAttributes: ["sex"],
      counts: [
        { attributes: { sex: "male" }, ...fair },
        { attributes: { sex: "female" }, ...fair },
      ],
    });
    await production("house-loans", "1.0");

    for (const [identifier, evidence] of [
      ["H-1", "card"],
      ["H-2", "bias_audit"],
      ["H-3", "lineage"],
    ] as const)
      await createControl(ada, {
        framework: "house-rules",
        frameworkTitle: "House rules",
        identifier,
        title: `Rule ${identifier}`,
        evidence: [evidence],
      });

    const c = await modelFrameworkCoverage(victor, "house-loans", "house-rules");
    expect(c.version).toBe("1.0");
    expect(c.framework).toMatchObject({ id: "house-rules", title: "House rules", origin: "custom", controls: 3 });
    expect(c.controls.map((x) => [x.control.identifier, x.status])).toEqual([
      ["H-1", "stale"],
      ["H-2", "covered"],
      ["H-3", "missing"],
    ]);
    expect(c.figures).toEqual({ controls: 3, covered: 1, partial: 0, stale: 1, missing: 1, percent: 33 });
    const [card, audit, lineage] = c.controls.map((x) => x.evidence[0]);
    expect(card.status).toBe("stale");
    expect(card.reason).toContain("400 days old");
    expect(card.href).toBe("/models/house-loans/versions/1.0#card");
    expect(audit.status).toBe("found");
    expect(audit.href).toMatch(/^\/audits\/[0-9a-f-]{36}$/);
    expect(lineage).toMatchObject({ status: "missing", href: `/lineage?node=${encodeURIComponent("model:house-loans:1.0")}` });

    // The portfolio (one production model) has the same figures; every framework is listed with its own.
    const p = await portfolioFrameworkCoverage(victor, "house-rules");
    expect(p.figures).toEqual({ controls: 3, covered: 1, partial: 0, stale: 1, missing: 1, percent: 33 });
    expect(p.controls.map((x) => x.counts)).toEqual([
      { covered: 0, partial: 0, stale: 1, missing: 0 },
      { covered: 1, partial: 0, stale: 0, missing: 0 },
      { covered: 0, partial: 0, stale: 0, missing: 1 },
    ]);
    const all = await frameworkFigures(victor);
    expect(all.map((f) => f.framework.id)).toEqual(["eu-ai-act", "nist-ai-rmf", "iso-42001", "sr-11-7", "house-rules"]);
    expect(all.find((f) => f.framework.id === "eu-ai-act")?.figures.controls).toBe(10);

    // CSV: the documented columns, one row per control and evidence item.
    const csv = modelCoverageCsv(c).split("\r\n");
    expect(csv[0]).toBe(COVERAGE_CSV_COLUMNS.join(","));
    expect(COVERAGE_CSV_COLUMNS).toEqual([
      "framework",
      "model",
      "version",
      "control",
      "title",
      "status",
      "evidence",
      "evidence_status",
      "reason",
      "link",
    ]);
    expect(csv).toHaveLength(5); // header, three rows, and the empty string after the last CRLF
    expect(csv[1].startsWith("house-rules,house-loans,1.0,H-1,Rule H-1,stale,card,stale,")).toBe(true);
    expect(csv[3].startsWith("house-rules,house-loans,1.0,H-3,Rule H-3,missing,lineage,missing,")).toBe(true);
    expect(portfolioCoverageCsv(p)).toBe(modelCoverageCsv(c));
  });

  it("counts a control with some evidence found and some missing as partial", async () => {
    await createControl(ada, {
      framework: "house-rules",
      identifier: "H-4",
      title: "Card and lineage",
      evidence: ["card.intendedUse", "bias_audit", "lineage"],
    });
    const c = await modelFrameworkCoverage(victor, "house-loans", "house-rules");
    // card.intendedUse is stale (the card is 400 days old), the bias audit found, lineage missing: partial.
    expect(c.controls.find((x) => x.control.identifier === "H-4")?.status).toBe("partial");
    expect(c.figures).toEqual({ controls: 4, covered: 1, partial: 1, stale: 1, missing: 1, percent: 25 });
    expect(controlStatus([{ status: "found" }, { status: "stale" }])).toBe("stale");
    expect(controlStatus([{ status: "missing" }, { status: "missing" }])).toBe("missing");
    expect(figures(["covered", "covered", "missing"]).percent).toBe(67);
  });

  it("judges the model-risk kinds: a review 400 days old is overdue (stale), a finding 40 days past due (stale), no assessment (missing), no incident (found)", async () => {
    const [m] = await transact((tx) => tx.select().from(models).where(eq(models.name, "house-loans")));
    const policy = await currentReviewPolicy(); // high: every 12 months
    const completedAt = new Date(Date.now() - 400 * DAY);
    await transact((tx) =>
      tx.insert(modelReviews).values({
        modelId: m.id,
        tier: "high",
        policyVersion: policy.version,
        version: "1.0",
        status: "completed",
        startedBy: "val@example.com",
        startedAt: completedAt,
        outcome: "satisfactory",
        comment: "fine",
        completedBy: "val@example.com",
        completedAt,
      }),
    );
    const ruth = person("Ruth", ["reviewer"], 5);
    await createUser(SYSTEM, { email: chen.email, name: chen.name, roles: chen.roles });
    const raisedAt = new Date(Date.now() - 100 * DAY);
    const due = new Date(Date.now() - 40 * DAY).toISOString().slice(0, 10);
    await raiseFinding(
      ruth,
      { model: "house-loans", severity: "medium", title: "Drift unexplained", description: "d", dueDate: due },
      raisedAt,
    );

    const c = await modelFrameworkCoverage(victor, "house-loans", "sr-11-7");
    const v4 = c.controls.find((x) => x.control.identifier === "SR11-7.V.4");
    // 400 days after the review, 12 months on, the next review was due about 35 days ago.
    const nextDue = new Date(Date.UTC(completedAt.getUTCFullYear() + 1, completedAt.getUTCMonth(), completedAt.getUTCDate()));
    const overdue = Math.floor((Date.now() - nextDue.getTime()) / DAY);
    expect(v4?.evidence.map((e) => [e.ref, e.status, e.reason])).toEqual([
      ["finding", "stale", "1 finding past the due date (the oldest by 40 days)."],
      ["review", "stale", `The periodic review is ${overdue} days overdue (due ${nextDue.toISOString().slice(0, 10)}).`],
    ]);
    expect(v4?.status).toBe("stale");
    const eu = await modelFrameworkCoverage(victor, "house-loans", "eu-ai-act");
    const refs = new Map(eu.controls.flatMap((x) => x.evidence.map((e) => [e.ref, [e.status, e.reason]] as const)));
    expect(refs.get("risk_assessment")).toEqual(["missing", "No risk assessment is recorded."]);
    expect(refs.get("incident")).toEqual(["found", "No incidents recorded; no report is due."]);
  });

  it("lets admins alone add controls and extend shipped mappings, every change audited", async () => {
    const input = { framework: "eu-ai-act", identifier: "X-1", title: "Ours", evidence: ["slo" as const] };
    expect((await refused(createControl(chen, input))).status).toBe(403);
    expect((await refused(createControl(greta, input))).status).toBe(403);
    // An admin's token without the admin scope is refused too.
    expect((await refused(createControl(tokenOf(ada, ["read", "write"]), input))).status).toBe(403);
    expect((await refused(updateControl(greta, "eu-ai-act:Art. 12", { addedEvidence: ["bias_audit"] }))).status).toBe(403);
    expect((await refused(deleteControl(victor, "house-rules:H-1"))).status).toBe(403);

    // A custom control inside a shipped framework sits beside its shipped controls.
    const x1 = await createControl(ada, input);
    expect(x1).toMatchObject({ id: "eu-ai-act:X-1", origin: "custom", evidence: ["slo"] });
    expect((await getFramework(victor, "eu-ai-act")).items.map((c) => c.identifier).slice(-2)).toEqual(["Art. 73", "X-1"]);
    expect((await refused(createControl(ada, input))).status).toBe(409);
    expect((await refused(createControl(ada, { ...input, identifier: "Art. 9" }))).code).toBe("shipped_control");

    // A shipped control: only evidence kinds may be added, and they join its mapping.
    const art12 = await updateControl(ada, encodeURIComponent("eu-ai-act:Art. 12"), { addedEvidence: ["bias_audit"] });
    expect(art12.evidence).toEqual(["audit_trail", "monitoring_coverage", "bias_audit"]);
    expect(art12.addedEvidence).toEqual(["bias_audit"]);
    const titled = await refused(updateControl(ada, "eu-ai-act:Art. 12", { title: "Mine now" }));
    expect([titled.status, titled.details[0].path]).toEqual([400, "title"]);
    expect((await refused(deleteControl(ada, "eu-ai-act:Art. 12"))).code).toBe("shipped_control");
    expect((await updateControl(ada, "eu-ai-act:Art. 12", { addedEvidence: [] })).evidence).toEqual(["audit_trail", "monitoring_coverage"]);

    const edited = await updateControl(ada, "house-rules:H-4", { title: "Card, audit and lineage", group: "Evidence" });
    expect(edited).toMatchObject({ title: "Card, audit and lineage", group: "Evidence" });
    const extended = await refused(updateControl(ada, "house-rules:H-4", { addedEvidence: ["slo"] }));
    expect(extended.details[0].path).toBe("addedEvidence");
    expect(await deleteControl(ada, "house-rules:H-4")).toEqual({ deleted: "house-rules:H-4" });
    expect((await refused(deleteControl(ada, "house-rules:H-4"))).status).toBe(404);
    expect((await listFrameworks(victor)).items.find((f) => f.id === "house-rules")?.controls).toBe(3);

    const trail = await transact((tx) => tx.select().from(auditLog).where(like(auditLog.action, "control.%")).orderBy(asc(auditLog.seq)));
    expect(trail.map((e) => [e.action, e.entityId])).toEqual([
      ["control.created", "house-rules:H-1"],
      ["control.created", "house-rules:H-2"],
      ["control.created", "house-rules:H-3"],
      ["control.created", "house-rules:H-4"],
      ["control.created", "eu-ai-act:X-1"],
      ["control.mapping_extended", "eu-ai-act:Art. 12"],
      ["control.mapping_extended", "eu-ai-act:Art. 12"],
      ["control.updated", "house-rules:H-4"],
      ["control.deleted", "house-rules:H-4"],
    ]);
  });
});
