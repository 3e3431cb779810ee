import { z } from "zod";
import { RISK_TIERS } from "../inventory/schemas";

/** The executive dashboard's "Reviews" panel: periodic reviews overdue and upcoming, by tier, and the overdue models. */
export const ExecutiveReviews = z.object({
  byTier: z.array(z.object({ tier: z.enum(RISK_TIERS), overdue: z.number().int(), upcoming: z.number().int() })),
  overdue: z.array(z.object({ model: z.string(), tier: z.enum(RISK_TIERS), nextReviewAt: z.string(), daysOverdue: z.number().int() })),
});
export type ExecutiveReviewsData = z.infer<typeof ExecutiveReviews>;
