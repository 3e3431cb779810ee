import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows, transact } from "@/db/client";
import { releaseDecisions, webhookDeliveries, webhooks } from "@/db/schema";
import { listAudit, verifyAudit } from "@/lib/audit/read";
import { type Actor, SYSTEM } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { saveCard } from "@/lib/cards/cards";
import { FULL_CARD } from "@/lib/cards/fixtures/cards";
import { createBiasAudit } from "@/lib/fairness/audits";
import { createModel, getModel } from "@/lib/inventory/models";
import { addEvaluation, createVersion, getVersion } from "@/lib/inventory/versions";
import { useFreshStore } from "@/tests/store";
import { decideRelease } from "./decide";
import { updatePolicy } from "./policies";
import { DEFAULT_POLICY } from "./policy";
import { getRelease, listReleases } from "./read";
import { cancelRelease, previewChecks, requestRelease, requestRollback, resubmitRelease } from "./requests";
import { ListReleasesQuery } from "./schemas";

let uid = 100;
const user = (email: string, ...roles: Role[]): Actor => ({ type: "user", userId: uid++, email, name: email.split("@")[0], roles });
const owner = user("chen@example.com", "contributor");
const priya = user("priya@example.com", "contributor");
const rev1 = user("rafael@example.com", "reviewer");
const rev2 = user("noor@example.com", "reviewer");
const comp = user("greta@example.com", "compliance");
const admin = user("amara@example.com", "admin");
const viewer = user("victor@example.com", "viewer");
const ownerAsReviewer: Actor = { ...owner, roles: ["contributor", "reviewer"] };

const fair = { tp: 500, fp: 100, tn: 900, fn: 100 };
async function giveEvidence(model: string, version: string) {
  await saveCard(owner, model, version, FULL_CARD, { source: "api" });
  await addEvaluation(owner, model, version, { dataset: "holdout", metrics: { auc: 0.91 } });
  await createBiasAudit(owner, model, version, {
    name: "holdout",
    dataset: "holdout",
    sensitiveAttributes: ["sex"],
    referenceGroups: { sex: "male" },
    counts: [
      { attributes: { sex: "male" }, ...fair },
      { attributes: { sex: "female" }, ...fair },
    ],
  });
}
const stageOf = async (model: string, version: string) => (await getVersion(viewer, model, version)).stage;
async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string; message: string };
  }
  throw new Error("expected a failure");
}
const count = async (q: ReturnType<typeof sql>) => (await rows<{ n: number }>(q))[0].n;

describe("releases (database)", () => {
  useFreshStore();

  it("judges a request by its evidence, refuses the owner and a failing check, and on the second approval promotes and archives in one go", async () => {
    await transact(async (tx) => {
      await tx
        .insert(webhooks)
        .values({ name: "deployer", url: "http://127.0.0.1:9/unused", secret: "s", events: ["release.*"], createdBy: "t" });
    });
    await createModel(owner, { name: "fraud-x", owner: owner.email, riskTier: "high" });
    await createVersion(owner, "fraud-x", { version: "1.0", inputs: [{ namespace: "warehouse", name: "tx" }] });
    await createVersion(owner, "fraud-x", { version: "2.0" });
    await giveEvidence("fraud-x", "1.0");

    // 1.0 reaches production the only way there is: an approved release.
    const first = await requestRelease(priya, { model: "fraud-x", version: "1.0", targetStage: "production", summary: "First release" });
    expect(first).toMatchObject({
      status: "pending",
      requiredApprovals: 2,
      requiresCompliance: false,
      policyVersion: 1,
      approvals: [],
      replaces: null,
    });
    expect(first.checks.map((c) => [c.name, c.status])).toEqual([
      ["card_completeness", "pass"],
      ["bias_audit", "pass"],
      ["evaluation", "pass"],
      ["lineage_inputs", "pass"],
      ["no_page_alert", "pass"],
      // A new version with no telemetry, labels, reference profile or deployment reports: blind to more than 2 modes.
      ["monitoring_coverage", "warn"],
      ["open_findings", "pass"],
    ]);
    await decideRelease(rev1, first.id, { decision: "approve", comment: "ok" });
    expect(await stageOf("fraud-x", "1.0")).toBe("development");
    const done = await decideRelease(rev2, first.id, { decision: "approve", comment: "ok too" });
    expect(done.status).toBe("approved");
    expect(await stageOf("fraud-x", "1.0")).toBe("production");

    // 2.0 without evidence: three blocking checks fail, lineage warns.
    const r = await requestRelease(owner, { model: "fraud-x", version: "2.0", targetStage: "production", summary: "Retrained on Q3" });
    expect(r.replaces).toEqual({ version: "1.0", stage: "production" });
    expect(r.checks.map((c) => [c.name, c.status])).toEqual([
      ["card_completeness", "fail"],
      ["bias_audit", "fail"],
      ["evaluation", "fail"],
      ["lineage_inputs", "warn"],
      ["no_page_alert", "pass"],
      ["monitoring_coverage", "warn"],
      ["open_findings", "pass"],
    ]);
    expect(
      await failure(requestRelease(owner, { model: "fraud-x", version: "2.0", targetStage: "production", summary: "again" })),
    ).toMatchObject({ status: 409, code: "release_open" });
    expect(await failure(decideRelease(ownerAsReviewer, r.id, { decision: "approve", comment: "mine" }))).toMatchObject({
      status: 403,
      code: "separation_of_duties",
    });
    expect(await failure(decideRelease(owner, r.id, { decision: "approve", comment: "x" }))).toMatchObject({ status: 403 });
    expect(await failure(decideRelease(viewer, r.id, { decision: "reject", comment: "x" }))).toMatchObject({ status: 403 });
    const blocked = await failure(decideRelease(rev1, r.id, { decision: "approve", comment: "looks fine" }));
    expect(blocked).toMatchObject({ status: 422, code: "checks_failed" });
    expect(blocked.message).toContain("Model card complete");
    expect(await count(sql`select count(*)::int as n from release_decisions where release_id = ${r.id}`)).toBe(0);

    // Fix the evidence: the checks are evaluated again on view and at the decision.
    await giveEvidence("fraud-x", "2.0");
    expect((await getRelease(viewer, r.id)).checks.filter((c) => c.status === "fail")).toEqual([]);
    const half = await decideRelease(rev1, r.id, { decision: "approve", comment: "evidence fixed" });
    expect(half).toMatchObject({
      status: "pending",
      approvals: [{ reviewer: rev1.email, decision: "approve", comment: "evidence fixed" }],
    });
    expect(await failure(decideRelease(rev1, r.id, { decision: "approve", comment: "twice" }))).toMatchObject({
      status: 409,
      code: "already_decided",
    });
    const approved = await decideRelease(rev2, r.id, { decision: "approve", comment: "agreed" });
    expect(approved.status).toBe("approved");
    expect(approved.decidedAt).not.toBeNull();
    expect(await stageOf("fraud-x", "2.0")).toBe("production");
    expect(await stageOf("fraud-x", "1.0")).toBe("archived");
    expect((await getModel(viewer, "fraud-x")).productionVersion).toBe("2.0");
    expect(await failure(decideRelease(comp, r.id, { decision: "reject", comment: "late" }))).toMatchObject({
      status: 409,
      code: "not_pending",
    });

    const trail = await listAudit(SYSTEM, { entityId: r.id }, 0, 20);
    expect(trail.items.map((e) => e.action)).toEqual(["release.requested", "release.approval_recorded", "release.approved"]);
    const stages = await listAudit(SYSTEM, { entityType: "version" }, 0, 100);
    expect(stages.items.filter((e) => e.action === "version.archived").map((e) => e.entity.id)).toEqual(["fraud-x/1.0"]);

    // Rollback: back to 1.0, one approval from anyone but the requester, checks not blocking.
    const rb = await requestRollback(rev1, "fraud-x", { reason: "Fraud losses doubled after 2.0" });
    expect(rb).toMatchObject({
      kind: "rollback",
      version: "1.0",
      replaces: { version: "2.0" },
      requiredApprovals: 1,
      reason: "Fraud losses doubled after 2.0",
    });
    expect(rb.checks.every((c) => !c.blocking)).toBe(true);
    expect(await failure(decideRelease(rev1, rb.id, { decision: "approve", comment: "mine" }))).toMatchObject({
      status: 403,
      code: "separation_of_duties",
    });
    expect((await decideRelease(rev2, rb.id, { decision: "approve", comment: "roll it back" })).status).toBe("approved");
    expect(await stageOf("fraud-x", "1.0")).toBe("production");
    expect(await stageOf("fraud-x", "2.0")).toBe("archived");
    expect((await listAudit(SYSTEM, { entityId: rb.id }, 0, 10)).items.map((e) => e.action)).toEqual([
      "release.rollback_requested",
      "release.rolled_back",
    ]);

    // Every state change went to the webhook's outbox, once.
    const events = await rows<{ event: string; n: number }>(
      sql`select event, count(*)::int as n from webhook_deliveries group by event order by event`,
    );
    expect(events).toEqual([
      { event: "release.approved", n: 2 },
      { event: "release.requested", n: 2 },
      { event: "release.rollback_requested", n: 1 },
      { event: "release.rolled_back", n: 1 },
    ]);
    expect(await verifyAudit(SYSTEM)).toMatchObject({ ok: true });
    await transact(async (tx) => {
      await tx.delete(webhookDeliveries);
      await tx.delete(webhooks);
    });
  });

  it("request changes, resubmit under the policy now in force, then cancel; viewers and other contributors may not", async () => {
    await createModel(owner, { name: "churn-x", owner: owner.email, riskTier: "medium" });
    await createVersion(owner, "churn-x", { version: "1" });
    await addEvaluation(owner, "churn-x", "1", { dataset: "holdout", metrics: { auc: 0.8 } });
    const preview = await previewChecks(viewer, "churn-x", "1", "staging");
    expect(preview).toMatchObject({ requiredApprovals: 1, requiresCompliance: false, replaces: null });
    expect(preview.checks.map((c) => [c.name, c.status])).toEqual([
      ["card_completeness", "warn"],
      ["bias_audit", "warn"],
      ["evaluation", "pass"],
      ["lineage_inputs", "warn"],
      ["no_page_alert", "pass"],
      ["open_findings", "pass"],
    ]);
    expect(await failure(requestRelease(viewer, { model: "churn-x", version: "1", targetStage: "staging", summary: "x" }))).toMatchObject({
      status: 403,
    });
    const r = await requestRelease(owner, { model: "churn-x", version: "1", targetStage: "staging", summary: "To staging" });
    const back = await decideRelease(rev1, r.id, { decision: "request_changes", comment: "Fill in the card first" });
    expect(back.status).toBe("changes_requested");
    expect(await failure(resubmitRelease(priya, r.id, {}))).toMatchObject({ status: 403 });

    // Medium now needs two approvals; the resubmission is judged under policy 2.
    await updatePolicy(admin, { ...DEFAULT_POLICY, requiredApprovals: { ...DEFAULT_POLICY.requiredApprovals, medium: 2 } });
    expect(await failure(updatePolicy(owner, DEFAULT_POLICY))).toMatchObject({ status: 403 });
    const again = await resubmitRelease(owner, r.id, { summary: "To staging, card filled in" });
    expect(again).toMatchObject({
      status: "pending",
      round: 2,
      policyVersion: 2,
      requiredApprovals: 2,
      approvals: [],
      summary: "To staging, card filled in",
    });
    expect(again.decisions).toHaveLength(1);
    await decideRelease(rev1, r.id, { decision: "approve", comment: "better" }); // rev1 decides again in round 2
    expect(await failure(cancelRelease(priya, r.id, {}))).toMatchObject({ status: 403, code: "forbidden" });
    const cancelled = await cancelRelease(owner, r.id, { reason: "Superseded" });
    expect(cancelled.status).toBe("cancelled");
    expect(await stageOf("churn-x", "1")).toBe("development");
    expect(await failure(cancelRelease(admin, r.id, {}))).toMatchObject({ status: 409 });
    // A closed release no longer blocks a new request for the same version.
    const next = await requestRelease(priya, { model: "churn-x", version: "1", targetStage: "staging", summary: "Once more" });
    expect(next.policyVersion).toBe(2);
    await updatePolicy(admin, DEFAULT_POLICY);
  });

  it("a critical model needs a compliance approval among its two", async () => {
    await createModel(owner, { name: "credit-x", owner: owner.email, riskTier: "critical" });
    await createVersion(owner, "credit-x", { version: "1" });
    await giveEvidence("credit-x", "1");
    const r = await requestRelease(priya, { model: "credit-x", version: "1", targetStage: "production", summary: "Go live" });
    expect(r).toMatchObject({ requiredApprovals: 2, requiresCompliance: true });
    await decideRelease(rev1, r.id, { decision: "approve", comment: "ok" });
    expect((await decideRelease(rev2, r.id, { decision: "approve", comment: "ok" })).status).toBe("pending");
    expect((await decideRelease(comp, r.id, { decision: "approve", comment: "compliant" })).status).toBe("approved");
    expect(await stageOf("credit-x", "1")).toBe("production");
  });

  it("the queue: awaiting=me lists what I may still decide, never my own or my model's", async () => {
    await createModel(owner, { name: "queue-x", owner: owner.email, riskTier: "low" });
    await createVersion(owner, "queue-x", { version: "1" });
    const r = await requestRelease(owner, { model: "queue-x", version: "1", targetStage: "staging", summary: "q" });
    const q = ListReleasesQuery.parse({ awaiting: "me" });
    expect((await listReleases(rev1, q)).items.map((i) => i.id)).toContain(r.id);
    expect((await listReleases(ownerAsReviewer, q)).items.map((i) => i.id)).not.toContain(r.id);
    expect((await listReleases(viewer, q)).items).toEqual([]);
    await decideRelease(rev1, r.id, { decision: "request_changes", comment: "no" });
    expect((await listReleases(rev2, q)).items.map((i) => i.id)).not.toContain(r.id);
    const byModel = await listReleases(viewer, ListReleasesQuery.parse({ model: "queue-x" }));
    expect(byModel.items).toHaveLength(1);
    expect(byModel.items[0]).toMatchObject({ status: "changes_requested", approvalCount: 0 });
    expect(await failure(getRelease(viewer, "not-a-uuid"))).toMatchObject({ status: 404 });
  });

  it("concurrency: 50 simultaneous approvals give one state change, and 50 approve-versus-reject races one winner each", async () => {
    await createModel(owner, { name: "race-x", owner: owner.email, riskTier: "high" });
    await createVersion(owner, "race-x", { version: "1" });
    await giveEvidence("race-x", "1");
    const reviewers = Array.from({ length: 50 }, (_, i) => user(`reviewer${i}@example.com`, "reviewer"));
    const r = await requestRelease(priya, { model: "race-x", version: "1", targetStage: "production", summary: "race" });
    const results = await Promise.allSettled(reviewers.map((rv) => decideRelease(rv, r.id, { decision: "approve", comment: "go" })));
    const ok = results.filter((x) => x.status === "fulfilled");
    expect(ok).toHaveLength(2);
    const refused = results
      .filter((x): x is PromiseRejectedResult => x.status === "rejected")
      .map((x) => `${x.reason.status} ${x.reason.code}`);
    expect(refused).toEqual(Array(48).fill("409 not_pending"));
    expect(await count(sql`select count(*)::int as n from release_decisions where release_id = ${r.id}`)).toBe(2);
    const trail = (await listAudit(SYSTEM, { entityId: r.id }, 0, 100)).items.map((e) => e.action);
    expect(trail).toEqual(["release.requested", "release.approval_recorded", "release.approved"]);
    expect((await listAudit(SYSTEM, { action: "version.promoted", entityId: "race-x/1" }, 0, 10)).items).toHaveLength(1);

    // 50 releases (one per version, to staging), each raced by an approve and a reject.
    await createModel(owner, { name: "race-y", owner: owner.email, riskTier: "low" });
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      await createVersion(owner, "race-y", { version: `1.${i}` });
      await addEvaluation(owner, "race-y", `1.${i}`, { dataset: "holdout", metrics: { auc: 0.8 } });
      ids.push((await requestRelease(priya, { model: "race-y", version: `1.${i}`, targetStage: "staging", summary: "race" })).id);
    }
    const outcomes = await Promise.all(
      ids.map(async (id) => {
        const [a, b] = await Promise.allSettled([
          decideRelease(rev1, id, { decision: "approve", comment: "yes" }),
          decideRelease(rev2, id, { decision: "reject", comment: "no" }),
        ]);
        expect([a.status, b.status].filter((s) => s === "fulfilled")).toHaveLength(1);
        const loser = (a.status === "rejected" ? a : b) as PromiseRejectedResult;
        expect(loser.reason).toMatchObject({ status: 409, code: "not_pending" });
        return (await getRelease(viewer, id)).status;
      }),
    );
    expect(outcomes.every((s) => s === "approved" || s === "rejected")).toBe(true);
    const decisions = await rows<{ n: number }>(
      sql`select count(*)::int as n from ${releaseDecisions} d join releases r on r.id = d.release_id join models m on m.id = r.model_id where m.name = 'race-y'`,
    );
    expect(decisions[0].n).toBe(50);
    for (let i = 0; i < 50; i++) expect(await stageOf("race-y", `1.${i}`)).toBe(outcomes[i] === "approved" ? "staging" : "development");
    const entries = await rows<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action in ('release.approved', 'release.rejected') and entity_id in (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`,
    );
    expect(entries[0].n).toBe(50);
    expect(await verifyAudit(SYSTEM)).toMatchObject({ ok: true });
  }, 240_000); // 150 contended transactions: on a loaded 2-core machine this takes minutes, not seconds
});
