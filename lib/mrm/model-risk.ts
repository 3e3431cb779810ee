import "server-only";
import { desc, eq } from "drizzle-orm";
import { conn } from "@/db/client";
import { models, riskAssessments } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { authorize, decide } from "../auth/policy";
import { notFound } from "../errors";
import { listAssessments } from "./assessments";
import { attestationsDue, modelAttestations } from "./attestations";
import { currentReviewPolicy } from "./review-policy";
import { listModelReviews } from "./reviews";
import { reviewSchedules } from "./schedule-read";
import type { ModelRisk, ReviewScheduleItem } from "./schemas";
import { reviewSubject } from "./subject";

/** The model page's "Risk and reviews": tier, latest assessment, schedule, reviews and attestations. */
export async function modelRisk(
  actor: Actor,
  name: string,
  now = new Date(),
): Promise<ModelRisk & { mayStartReview: { allow: boolean; why: string | null } }> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const [m] = await db.select().from(models).where(eq(models.name, name));
  if (!m) throw notFound(`The model ${name}`);
  const [[schedule], assessments, reviews, [attestation], list] = await Promise.all([
    reviewSchedules(await currentReviewPolicy(), now, { modelId: m.id }),
    listAssessments(actor, name),
    listModelReviews(actor, name),
    attestationsDue(now, { modelId: m.id }),
    modelAttestations(m.id, m.name),
  ]);
  const v = decide(actor, "review.start", await reviewSubject(m));
  const strip = <T extends { modelId: number }>(x: T | undefined) => {
    if (!x) return null;
    const { modelId: _, ...rest } = x;
    return rest;
  };
  return {
    model: m.name,
    tier: m.riskTier,
    schedule: strip(schedule) as ReviewScheduleItem | null,
    latestAssessment: assessments.items[0] ?? null,
    reviews: reviews.items,
    attestation: strip(attestation),
    attestations: list,
    mayStartReview: { allow: v.allow, why: v.allow ? null : v.message },
  };
}

/**
 * The reviews a validator could do now ("My work"): overdue and upcoming production models they are independent of,
 * and the open reviews they started.
 */
export async function myReviewWork(actor: Actor, now = new Date()): Promise<ReviewScheduleItem[]> {
  authorize(actor, "inventory.read");
  if (!decide(actor, "review.start").allow) return [];
  const all = await reviewSchedules(await currentReviewPolicy(), now);
  const due = all.filter((s) => s.state === "overdue" || s.state === "upcoming");
  const db = await conn();
  const out: ReviewScheduleItem[] = [];
  for (const s of due) {
    const [m] = await db.select().from(models).where(eq(models.id, s.modelId));
    if (m && decide(actor, "review.start", await reviewSubject(m)).allow) {
      const { modelId: _, ...rest } = s;
      out.push(rest);
    }
  }
  return out;
}

/** Assessments awaiting compliance's confirmation (newest first), for the /reviews page. */
export async function pendingAssessments(
  actor: Actor,
): Promise<{ id: string; model: string; suggestedTier: string; submittedBy: string; submittedAt: string }[]> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const rs = await db
    .select({ a: riskAssessments, name: models.name })
    .from(riskAssessments)
    .innerJoin(models, eq(models.id, riskAssessments.modelId))
    .where(eq(riskAssessments.status, "submitted"))
    .orderBy(desc(riskAssessments.submittedAt))
    .limit(100);
  return rs.map((x) => ({
    id: x.a.id,
    model: x.name,
    suggestedTier: x.a.suggestedTier,
    submittedBy: x.a.submittedBy,
    submittedAt: x.a.submittedAt.toISOString(),
  }));
}
