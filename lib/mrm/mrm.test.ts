// Model risk management on a real store: the tier the questionnaire suggests, the review schedule's dates, the
// validator's four eyes, the periodic_review release check, and the attestation reminder sent once.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { conn, rows } from "@/db/client";
import { models, modelVersions, webhookDeliveries } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { createModel } from "@/lib/inventory/models";
import { addEvaluation, createVersion } from "@/lib/inventory/versions";
import { previewChecks } from "@/lib/releases/requests";
import { createWebhook } from "@/lib/webhooks/webhooks";
import { useFreshStore } from "@/tests/store";
import { confirmAssessment, listAssessments, submitAssessment } from "./assessments";
import { listAttestations, submitAttestation } from "./attestations";
import { DEFAULT_QUESTIONS, suggestTier } from "./questionnaire";
import { sendReminders } from "./reminders";
import { completeReview, listModelReviews, listReviews, recordReview, startReview } from "./reviews";
import { addMonths, nextReviewDate, reviewState } from "./schedule";

let uid = 900;
const user = (email: string, ...roles: Role[]): Actor => ({ type: "user", userId: uid++, email, name: email.split("@")[0], roles });
const owner = user("chen@bank.example", "contributor");
const maintainer = user("svc-train@bank.example", "contributor", "reviewer");
const evaluator = user("eve@bank.example", "contributor", "reviewer");
const ownerReviewer = user("chen@bank.example", "contributor", "reviewer");
const validator = user("rafael@bank.example", "reviewer");
const compliance = user("greta@bank.example", "compliance");

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string; message: string; details?: { path: string }[] };
  }
  throw new Error("expected a failure");
}

/** A model with version 1.0 in production (put there directly: the seed's privilege, not a release). */
async function inProduction(name: string, tier: "low" | "medium" | "high" | "critical", since: Date) {
  await createModel(owner, { name, owner: owner.email, riskTier: tier, maintainers: [maintainer.email] });
  await createVersion(owner, name, { version: "1.0" });
  const db = await conn();
  const [m] = await db.select().from(models).where(eq(models.name, name));
  await db.update(modelVersions).set({ stage: "production", stageChangedAt: since }).where(eq(modelVersions.modelId, m.id));
}

const allDone = (items: { item: string }[]) => items.map((c) => ({ item: c.item, done: true }));

describe("the tier the questionnaire suggests (pure)", () => {
  it("is the highest tier any answer points to, naming those answers", () => {
    // Employment (high), a person approves each decision (medium), 1,000 to 100,000 people (medium), personal data
    // (medium), 100,000 to 10 million (medium): one answer points to high, so high, because of that answer.
    const s = suggestTier(DEFAULT_QUESTIONS, [
      { question: "annex_iii_area", option: "employment" },
      { question: "autonomy", option: "human_in_the_loop" },
      { question: "people_affected", option: "under_100000" },
      { question: "data_sensitivity", option: "personal" },
      { question: "financial_materiality", option: "under_10m" },
    ]);
    expect(s).toEqual({
      tier: "high",
      reason: "High, the highest tier any answer points to, because of “EU AI Act Annex III use area: Employment and worker management”.",
    });
    // No Annex III area, advisory, internal data, fewer than 1,000 people, under 100,000: every answer is low.
    expect(
      suggestTier(DEFAULT_QUESTIONS, [
        { question: "annex_iii_area", option: "none" },
        { question: "autonomy", option: "advisory" },
        { question: "people_affected", option: "under_1000" },
        { question: "data_sensitivity", option: "internal" },
        { question: "financial_materiality", option: "under_100k" },
      ]),
    ).toEqual({ tier: "low", reason: "Every answer points to low risk." });
  });
});

describe("next-review dates (pure)", () => {
  const intervals = { low: null, medium: 24, high: 12, critical: 6 };
  it("adds the tier's months to the last satisfactory review; due that day, overdue from the next", () => {
    const next = nextReviewDate({
      tier: "high",
      intervals,
      effectiveFrom: null,
      firstProduction: new Date("2025-06-01T00:00:00Z"),
      lastPassedReview: new Date("2026-01-15T14:30:00Z"),
    });
    expect(next?.toISOString()).toBe("2027-01-15T00:00:00.000Z");
    expect(reviewState(next, new Date("2027-01-15T23:59:00Z"))).toBe("upcoming");
    expect(reviewState(next, new Date("2027-01-16T00:00:00Z"))).toBe("overdue");
    expect(reviewState(next, new Date("2026-12-16T00:00:00Z"))).toBe("upcoming");
    expect(reviewState(next, new Date("2026-12-15T00:00:00Z"))).toBe("scheduled");
  });
  it("without a review, counts from the later of first production and the policy's effective date; low has none", () => {
    const base = { tier: "critical" as const, intervals, lastPassedReview: null, firstProduction: new Date("2026-03-10T09:00:00Z") };
    expect(nextReviewDate({ ...base, effectiveFrom: null })?.toISOString()).toBe("2026-09-10T00:00:00.000Z");
    expect(nextReviewDate({ ...base, effectiveFrom: new Date("2026-05-01T00:00:00Z") })?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(nextReviewDate({ ...base, tier: "low", effectiveFrom: null })).toBeNull();
    expect(nextReviewDate({ ...base, firstProduction: null, effectiveFrom: null })).toBeNull();
    // 31 August + 6 months is the last day of February.
    expect(addMonths(new Date("2026-08-31T00:00:00Z"), 6).toISOString()).toBe("2027-02-28T00:00:00.000Z");
  });
});

describe("assessments, reviews and attestations (database)", () => {
  useFreshStore();

  it("suggests a tier from the owner's answers; compliance confirms or overrides it (with a comment) and the tier follows", async () => {
    await createModel(owner, { name: "hiring", owner: owner.email, riskTier: "low", maintainers: [maintainer.email] });
    const answers = [
      { question: "annex_iii_area", option: "employment" },
      { question: "autonomy", option: "human_in_the_loop" },
      { question: "people_affected", option: "under_100000" },
      { question: "data_sensitivity", option: "personal" },
      { question: "financial_materiality", option: "under_10m" },
    ];
    const missing = await failure(submitAssessment(owner, "hiring", { answers: answers.slice(1) }));
    expect(missing.status).toBe(400);
    expect(missing.details?.map((d) => d.path)).toEqual(["answers"]);
    expect((await failure(submitAssessment(validator, "hiring", { answers }))).status).toBe(403);
    const a = await submitAssessment(owner, "hiring", { answers });
    expect([a.suggestedTier, a.tierBefore, a.status]).toEqual(["high", "low", "submitted"]);
    // The owner may not set the tier; an override without a comment is refused naming it.
    expect((await failure(confirmAssessment(owner, "hiring", a.id, { tier: "high" }))).status).toBe(403);
    const noComment = await failure(confirmAssessment(compliance, "hiring", a.id, { tier: "critical" }));
    expect([noComment.status, noComment.details?.[0].path]).toEqual([400, "comment"]);
    const c = await confirmAssessment(compliance, "hiring", a.id, { tier: "critical", comment: "Used for every hire in the EU" });
    expect([c.status, c.confirmedTier]).toEqual(["overridden", "critical"]);
    const db = await conn();
    expect((await db.select().from(models).where(eq(models.name, "hiring")))[0].riskTier).toBe("critical");
    expect((await failure(confirmAssessment(compliance, "hiring", a.id, { tier: "high" }))).status).toBe(409);
    expect((await listAssessments(owner, "hiring")).items.map((x) => x.status)).toEqual(["overridden"]);
    const trail = await rows<{ action: string }>(
      sql`select action from audit_log where action like 'assessment.%' or action = 'model.updated' order by seq`,
    );
    expect(trail.map((t) => t.action)).toEqual(["assessment.submitted", "model.updated", "assessment.overridden"]);
  });

  it("refuses a validator who owns, maintains or wrote evidence of the production version (separation_of_duties)", async () => {
    await inProduction("scoring", "high", new Date("2026-01-01T00:00:00Z"));
    await addEvaluation(owner, "scoring", "1.0", { dataset: "holdout", metrics: { auc: 0.8 } });
    // eve maintains nothing now but wrote an evaluation as a maintainer once: make her one, write, then drop her.
    const db = await conn();
    await db
      .update(models)
      .set({ maintainers: [maintainer.email, evaluator.email] })
      .where(eq(models.name, "scoring"));
    await addEvaluation(evaluator, "scoring", "1.0", { dataset: "slice-eu", metrics: { auc: 0.79 } });
    await db
      .update(models)
      .set({ maintainers: [maintainer.email] })
      .where(eq(models.name, "scoring"));
    for (const [who, words] of [
      [ownerReviewer, "You own this model"],
      [maintainer, "You maintain this model"],
      [evaluator, "You authored evidence of this model's production version (the evaluation on slice-eu)"],
    ] as const) {
      const e = await failure(startReview(who, "scoring", {}));
      expect([e.status, e.code]).toEqual([403, "separation_of_duties"]);
      expect(e.message).toContain(words);
    }
    expect((await failure(startReview(owner, "scoring", {}))).code).toBe("not_a_validator");
    const r = await startReview(validator, "scoring", {});
    expect(r.checklist.length).toBe(7);
    expect((await failure(startReview(validator, "scoring", {}))).status).toBe(409);
    const e = await failure(
      completeReview(ownerReviewer, r.id, { outcome: "satisfactory", comment: "fine", checklist: allDone(r.checklist) }),
    );
    expect(e.code).toBe("separation_of_duties");
  });

  it("a satisfactory review needs every item done; it sets the next review one interval later", async () => {
    await inProduction("fraud", "high", new Date("2025-01-01T00:00:00Z"));
    const r = await startReview(validator, "fraud", {}, { now: new Date("2026-01-15T10:00:00Z") });
    const undone = r.checklist.map((c, i) => ({ item: c.item, done: i !== 2 }));
    const e = await failure(completeReview(validator, r.id, { outcome: "satisfactory", comment: "ok", checklist: undone }));
    expect([e.status, e.details?.[0].path]).toEqual([400, "checklist[2].done"]);
    const done = await completeReview(
      validator,
      r.id,
      { outcome: "satisfactory", comment: "All holds", checklist: allDone(r.checklist) },
      { now: new Date("2026-01-15T10:00:00Z") },
    );
    expect(done.status).toBe("completed");
    const on = (d: string) => listReviews(validator, {}, new Date(d)).then((l) => l.items.find((i) => i.model === "fraud"));
    expect((await on("2027-01-15T12:00:00Z"))?.nextReviewAt).toBe("2027-01-15T00:00:00.000Z");
    expect((await on("2027-01-15T12:00:00Z"))?.state).toBe("upcoming");
    expect((await on("2027-01-16T00:00:00Z"))?.state).toBe("overdue");
    expect((await on("2027-01-20T00:00:00Z"))?.daysOverdue).toBe(5);
  });

  it("periodic_review: an unsatisfactory review blocks; a critical model's overdue review blocks; a high one's is said but passes", async () => {
    // Critical, last reviewed satisfactory 7 months ago: due 1 month ago, overdue → blocking failure.
    await inProduction("credit", "critical", new Date("2024-01-01T00:00:00Z"));
    await createVersion(owner, "credit", { version: "2.0" });
    const sevenMonthsAgo = addMonths(new Date(), -7);
    const r1 = await startReview(validator, "credit", {}, { now: sevenMonthsAgo });
    await completeReview(
      validator,
      r1.id,
      { outcome: "satisfactory", comment: "ok", checklist: allDone(r1.checklist) },
      { now: sevenMonthsAgo },
    );
    const critical = (await previewChecks(owner, "credit", "2.0", "production")).checks.find((c) => c.name === "periodic_review");
    expect([critical?.status, critical?.blocking]).toEqual(["fail", true]);
    expect(critical?.detail).toMatch(/^The periodic review of this critical model is overdue \(it was due \d{4}-\d{2}-\d{2}\)\.$/);

    // High, reviewed 13 months ago: overdue, but only critical models' overdue reviews block.
    await inProduction("claims", "high", new Date("2024-01-01T00:00:00Z"));
    await createVersion(owner, "claims", { version: "2.0" });
    const thirteen = addMonths(new Date(), -13);
    const r2 = await startReview(validator, "claims", {}, { now: thirteen });
    await completeReview(validator, r2.id, { outcome: "satisfactory", comment: "ok", checklist: allDone(r2.checklist) }, { now: thirteen });
    const high = (await previewChecks(owner, "claims", "2.0", "production")).checks.find((c) => c.name === "periodic_review");
    expect(high?.status).toBe("pass");
    expect(high?.detail).toContain("it blocks only critical models");

    // Now an unsatisfactory review of the high model: blocking failure for production, a warning for staging.
    const r3 = await startReview(validator, "claims", {});
    await completeReview(validator, r3.id, {
      outcome: "unsatisfactory",
      comment: "Back-testing fails on 2026 data",
      checklist: r3.checklist.map((c) => ({ ...c, done: false })),
    });
    const prod = (await previewChecks(owner, "claims", "2.0", "production")).checks.find((c) => c.name === "periodic_review");
    expect([prod?.status, prod?.blocking]).toEqual(["fail", true]);
    expect(prod?.detail).toMatch(
      /^The latest periodic review \(\d{4}-\d{2}-\d{2}\) was unsatisfactory; next review due \d{4}-\d{2}-\d{2}\.$/,
    );
    const staging = (await previewChecks(owner, "claims", "2.0", "staging")).checks.find((c) => c.name === "periodic_review");
    expect([staging?.status, staging?.blocking]).toEqual(["warn", false]);

    // A model never reviewed and not overdue: the check is not listed.
    await inProduction("fresh", "critical", new Date());
    await createVersion(owner, "fresh", { version: "2.0" });
    expect((await previewChecks(owner, "fresh", "2.0", "production")).checks.map((c) => c.name)).not.toContain("periodic_review");
  });

  it("compliance records a review performed outside Steward; the next review follows from it", async () => {
    // Registered (and in production) in 2026; the bank validated it on 1 October 2025, before Steward held it.
    await inProduction("legacy-pd", "high", new Date("2026-01-10T00:00:00Z"));
    const now = { now: new Date("2026-03-01T09:00:00Z") };
    const input = { completedAt: "2025-10-01", outcome: "satisfactory" as const, comment: "Annual validation, report VR-2025-17" };
    for (const who of [owner, validator, maintainer]) expect((await failure(recordReview(who, "legacy-pd", input, now))).status).toBe(403);
    const future = await failure(recordReview(compliance, "legacy-pd", { ...input, completedAt: "2026-03-02" }, now));
    expect([future.status, future.details?.map((d) => d.path)]).toEqual([400, ["completedAt"]]);
    // More than ten years before the model was registered (today, in this store): refused, naming the field.
    const ancient = await failure(recordReview(compliance, "legacy-pd", { ...input, completedAt: "2000-01-01" }, now));
    expect([ancient.status, ancient.details?.map((d) => d.path)]).toEqual([400, ["completedAt"]]);
    expect((await failure(recordReview(compliance, "no-such-model", input, now))).status).toBe(404);

    const r = await recordReview(compliance, "legacy-pd", { ...input, reference: "VR-2025-17" }, now);
    expect(r).toMatchObject({
      status: "completed",
      outcome: "satisfactory",
      completedAt: "2025-10-01T00:00:00.000Z",
      completedBy: compliance.email,
      recordedAt: "2026-03-01T09:00:00.000Z",
      reference: "VR-2025-17",
      checklist: [],
    });
    // High tier, 12 months: next review 2026-10-01; on 2026-12-08 it is 68 days overdue (2 October to 8 December).
    const on = (d: string) => listReviews(compliance, {}, new Date(d)).then((l) => l.items.find((i) => i.model === "legacy-pd"));
    const dec8 = await on("2026-12-08T12:00:00Z");
    expect([dec8?.nextReviewAt, dec8?.state, dec8?.daysOverdue]).toEqual(["2026-10-01T00:00:00.000Z", "overdue", 68]);
    expect(dec8?.lastReview).toEqual({ id: r.id, outcome: "satisfactory", completedAt: "2025-10-01T00:00:00.000Z" });
    expect((await on("2026-10-01T12:00:00Z"))?.state).toBe("upcoming");
    expect((await listModelReviews(owner, "legacy-pd")).items.map((x) => x.id)).toEqual([r.id]);
    const trail = await rows<{ action: string; entity_id: string; actor_email: string }>(
      sql`select action, entity_id, actor_email from audit_log where entity_type = 'review' and entity_id = ${r.id}`,
    );
    expect(trail).toEqual([{ action: "review.recorded", entity_id: r.id, actor_email: compliance.email }]);
  });

  it("sends attestation.due once per model and due date, however often the pass runs; attesting clears it", async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE = "1";
    await createWebhook(user("ada@bank.example", "admin"), { name: "mrm", url: "http://127.0.0.1:9/hook", events: ["attestation.*"] });
    const db = await conn();
    const count = async () => (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.event, "attestation.due"))).length;
    const outstanding = (await listAttestations(compliance, {})).items.map((a) => a.model);
    // Every production model of this file, none attested yet.
    expect(outstanding).toEqual(["claims", "credit", "fraud", "fresh", "legacy-pd", "scoring"]);
    expect(await sendReminders()).toEqual({ sent: 6 });
    expect(await sendReminders()).toEqual({ sent: 0 });
    expect(await count()).toBe(6);
    expect((await failure(listAttestations(owner, {}))).status).toBe(403);
    expect((await failure(submitAttestation(validator, "fraud", { statementAccepted: true }))).status).toBe(403);
    await submitAttestation(owner, "fraud", { statementAccepted: true, comment: "Card updated in March" });
    expect((await listAttestations(compliance, {})).items.map((a) => a.model)).toEqual([
      "claims",
      "credit",
      "fresh",
      "legacy-pd",
      "scoring",
    ]);
    const fraud = (await listAttestations(compliance, { status: "all" })).items.find((a) => a.model === "fraud");
    expect(fraud?.state).toBe("current");
    // Due again a year later: one more reminder, once.
    const nextYear = addMonths(new Date(), 12);
    await sendReminders(new Date(nextYear.getTime() + 60_000));
    await sendReminders(new Date(nextYear.getTime() + 120_000));
    expect(await count()).toBe(7);
  });
});
