import "server-only";
import { RISK_TIERS } from "../inventory/schemas";
import { currentReviewPolicy } from "../mrm/review-policy";
import { reviewSchedules } from "../mrm/schedule-read";
import type { ExecutiveReviewsData } from "./executive-reviews-schema";

/** For the models in scope (their ids), at `now`: one schedule query (lib/mrm/schedule-read.ts). */
export async function executiveReviews(modelIds: readonly number[], now: Date): Promise<ExecutiveReviewsData> {
  const scope = new Set(modelIds);
  const all = (await reviewSchedules(await currentReviewPolicy(), now)).filter((s) => scope.has(s.modelId));
  return {
    byTier: [...RISK_TIERS].reverse().map((tier) => ({
      tier,
      overdue: all.filter((s) => s.tier === tier && s.state === "overdue").length,
      upcoming: all.filter((s) => s.tier === tier && s.state === "upcoming").length,
    })),
    overdue: all
      .filter((s) => s.state === "overdue" && s.nextReviewAt)
      .sort((a, b) => b.daysOverdue - a.daysOverdue || a.model.localeCompare(b.model))
      .map((s) => ({ model: s.model, tier: s.tier, nextReviewAt: s.nextReviewAt ?? "", daysOverdue: s.daysOverdue })),
  };
}
