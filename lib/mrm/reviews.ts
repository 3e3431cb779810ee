import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { conn, transact } from "@/db/client";
import { modelReviews, models } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { badRequest, conflict, notFound, pgCode } from "../errors";
import { productionVersion } from "../releases/evidence";
import { currentReviewPolicy } from "./review-policy";
import { addMonths } from "./schedule";
import { reviewSchedules } from "./schedule-read";
import {
  type CompleteReview,
  RECORDED_REVIEW_YEARS,
  type RecordReview,
  type Review,
  type ReviewSchedule,
  type StartReview,
} from "./schemas";
import { reviewSubject } from "./subject";

type ReviewRow = typeof modelReviews.$inferSelect;
type ModelRow = typeof models.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const reviewView = (r: ReviewRow, m: { name: string; owner: string }): Review => ({
  id: r.id,
  model: m.name,
  owner: m.owner,
  tier: r.tier,
  policyVersion: r.policyVersion,
  version: r.version,
  status: r.status,
  dueAt: iso(r.dueAt),
  startedBy: r.startedBy,
  startedAt: r.startedAt.toISOString(),
  outcome: r.outcome,
  comment: r.comment,
  checklist: r.checklist,
  completedBy: r.completedBy,
  completedAt: iso(r.completedAt),
  recordedAt: iso(r.recordedAt),
  reference: r.reference,
});

/** `now` is for the demo's history and tests only: the API always passes none. */
type Clock = { now?: Date };

/** POST /api/v1/models/{name}/reviews: a validator independent of the model opens its periodic review (one open at a time). */
export async function startReview(actor: Actor, name: string, input: z.infer<typeof StartReview>, clock: Clock = {}): Promise<Review> {
  authorize(actor, "review.start");
  const now = clock.now ?? new Date();
  return transact(async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, name)).for("update");
    if (!m) throw notFound(`The model ${name}`);
    authorize(actor, "review.start", await reviewSubject(m));
    const policy = await currentReviewPolicy(tx);
    const [schedule] = await reviewSchedules(policy, now, { modelId: m.id });
    if (schedule?.openReview)
      throw conflict(`A review of ${name} is already open (${schedule.openReview.id}); complete it first.`, "review_open");
    const prod = await productionVersion(m.id);
    const checklist = policy.rules.checklists[m.riskTier].map((item) => ({ item, done: false }));
    let r: ReviewRow;
    try {
      [r] = await tx
        .insert(modelReviews)
        .values({
          modelId: m.id,
          tier: m.riskTier,
          policyVersion: policy.version,
          version: prod?.version ?? null,
          dueAt: schedule?.nextReviewAt ? new Date(schedule.nextReviewAt) : null,
          startedBy: actor.email,
          startedAt: now,
          comment: input.comment || null,
          checklist,
        })
        .returning();
    } catch (e) {
      if (pgCode(e) === "23505") throw conflict(`A review of ${name} is already open; complete it first.`, "review_open");
      throw e;
    }
    const view = reviewView(r, m);
    await appendAudit(tx, actor, "review.started", { type: "review", id: r.id }, null, view);
    return view;
  });
}

/**
 * POST /api/v1/models/{name}/reviews/recorded: compliance records a review performed before or outside Steward (a
 * validation done before the model was registered, or by a third party). It counts like a completed review: a
 * satisfactory one (with or without findings) sets the next-review date one interval after the day it was completed.
 * It has no checklist; it is audited as review.recorded and its history says who recorded it.
 */
export async function recordReview(actor: Actor, name: string, input: z.infer<typeof RecordReview>, clock: Clock = {}): Promise<Review> {
  authorize(actor, "review.record");
  const now = clock.now ?? new Date();
  const completedAt = new Date(input.completedAt.length === 10 ? `${input.completedAt}T00:00:00Z` : input.completedAt);
  return transact(async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, name)).for("update");
    if (!m) throw notFound(`The model ${name}`);
    const earliest = addMonths(m.createdAt, -12 * RECORDED_REVIEW_YEARS);
    if (completedAt.getTime() > now.getTime())
      throw badRequest("A recorded review must have been completed already.", [
        { path: "completedAt", message: "must not be in the future" },
      ]);
    if (completedAt.getTime() < earliest.getTime())
      throw badRequest(`A recorded review may be at most ${RECORDED_REVIEW_YEARS} years older than the model's registration.`, [
        { path: "completedAt", message: `must be on or after ${earliest.toISOString().slice(0, 10)}` },
      ]);
    const policy = await currentReviewPolicy(tx);
    const [r] = await tx
      .insert(modelReviews)
      .values({
        modelId: m.id,
        tier: m.riskTier,
        policyVersion: policy.version,
        version: null,
        status: "completed",
        dueAt: null,
        startedBy: actor.email,
        startedAt: completedAt,
        outcome: input.outcome,
        comment: input.comment,
        checklist: [],
        completedBy: actor.email,
        completedAt,
        recordedAt: now,
        reference: input.reference || null,
      })
      .returning();
    const view = reviewView(r, m);
    await appendAudit(tx, actor, "review.recorded", { type: "review", id: r.id }, null, view);
    return view;
  });
}

async function loadReview(id: string): Promise<{ r: ReviewRow; m: ModelRow } | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const db = await conn();
  const [x] = await db
    .select({ r: modelReviews, m: models })
    .from(modelReviews)
    .innerJoin(models, eq(models.id, modelReviews.modelId))
    .where(eq(modelReviews.id, id));
  return x ?? null;
}

/**
 * POST /api/v1/reviews/{id}/complete: the checklist as the review holds it (every item, in its order, each ticked or
 * not), the outcome and a comment. "Satisfactory" needs every item done. Completed once (409 after).
 */
export async function completeReview(actor: Actor, id: string, input: z.infer<typeof CompleteReview>, clock: Clock = {}): Promise<Review> {
  authorize(actor, "review.complete");
  const now = clock.now ?? new Date();
  return transact(async (tx) => {
    const found = await loadReview(id);
    if (!found) throw notFound(`The review ${id}`);
    const [r] = await tx.select().from(modelReviews).where(eq(modelReviews.id, id)).for("update");
    const m = found.m;
    authorize(actor, "review.complete", await reviewSubject(m));
    if (r.status !== "open") throw conflict(`The review ${id} was completed already (${r.outcome}).`, "review_completed");
    const problems: { path: string; message: string }[] = [];
    if (input.checklist.length !== r.checklist.length)
      problems.push({ path: "checklist", message: `must list the review's ${r.checklist.length} items, each once, in order` });
    else
      input.checklist.forEach((c, i) => {
        if (c.item !== r.checklist[i].item) problems.push({ path: `checklist[${i}].item`, message: `must be “${r.checklist[i].item}”` });
      });
    if (!problems.length && input.outcome === "satisfactory") {
      const i = input.checklist.findIndex((c) => !c.done);
      if (i >= 0)
        problems.push({
          path: `checklist[${i}].done`,
          message: "must be done for a satisfactory outcome; record the gap as a finding instead",
        });
    }
    if (problems.length) throw badRequest("The review's checklist does not match what it asks.", problems);
    const [after] = await tx
      .update(modelReviews)
      .set({
        status: "completed",
        outcome: input.outcome,
        comment: input.comment,
        checklist: input.checklist.map((c) => ({ item: c.item, done: c.done })),
        completedBy: actor.email,
        completedAt: now,
      })
      .where(and(eq(modelReviews.id, id), eq(modelReviews.status, "open")))
      .returning();
    const view = reviewView(after, m);
    await appendAudit(tx, actor, "review.completed", { type: "review", id }, reviewView(r, m), view);
    return view;
  });
}

/** GET /api/v1/reviews/{id}. */
export async function getReview(actor: Actor, id: string): Promise<Review> {
  authorize(actor, "inventory.read");
  const found = await loadReview(id);
  if (!found) throw notFound(`The review ${id}`);
  return reviewView(found.r, found.m);
}

/** GET /api/v1/models/{name}/reviews: newest first. */
export async function listModelReviews(actor: Actor, name: string): Promise<{ items: Review[] }> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const [m] = await db.select().from(models).where(eq(models.name, name));
  if (!m) throw notFound(`The model ${name}`);
  const rs = await db
    .select()
    .from(modelReviews)
    .where(eq(modelReviews.modelId, m.id))
    .orderBy(desc(modelReviews.startedAt), desc(modelReviews.id))
    .limit(200);
  return { items: rs.map((r) => reviewView(r, m)) };
}

/**
 * GET /api/v1/reviews: production models by their next-review date (overdue first), and the open reviews. `status`
 * keeps overdue or upcoming models, or only the open reviews.
 */
export async function listReviews(
  actor: Actor,
  q: { status?: "overdue" | "upcoming" | "open" },
  now = new Date(),
): Promise<z.infer<typeof ReviewSchedule>> {
  authorize(actor, "inventory.read");
  const policy = await currentReviewPolicy();
  const all = (await reviewSchedules(policy, now)).map(({ modelId: _, ...s }) => s);
  const db = await conn();
  const open = await db
    .select({ r: modelReviews, m: models })
    .from(modelReviews)
    .innerJoin(models, eq(models.id, modelReviews.modelId))
    .where(eq(modelReviews.status, "open"))
    .orderBy(modelReviews.startedAt);
  const items =
    q.status === "open"
      ? []
      : all
          .filter((s) => (q.status ? s.state === q.status : s.state !== "none"))
          .sort((a, b) => (a.nextReviewAt ?? "").localeCompare(b.nextReviewAt ?? "") || a.model.localeCompare(b.model));
  return { items, open: open.map((x) => reviewView(x.r, x.m)) };
}
