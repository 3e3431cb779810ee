import "server-only";
import type { Evidence } from "../releases/checks";
import { currentReviewPolicy } from "./review-policy";
import { reviewSchedules } from "./schedule-read";

/**
 * What the periodic_review release check judges: the model's tier, next-review date and latest completed review.
 * Undefined (the check is not listed) until the model has a completed review or its review has fallen overdue: before
 * that there is nothing to judge.
 */
export async function reviewEvidence(modelId: number, now = new Date()): Promise<Evidence["review"]> {
  const [s] = await reviewSchedules(await currentReviewPolicy(), now, { modelId });
  if (!s || (!s.lastReview && s.state !== "overdue")) return undefined;
  return {
    tier: s.tier,
    nextReviewAt: s.nextReviewAt,
    overdue: s.state === "overdue",
    latest: s.lastReview,
  };
}
