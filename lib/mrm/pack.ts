import "server-only";
import { and, asc, eq, lte, sql } from "drizzle-orm";
import { conn } from "@/db/client";
import { modelReviews, models } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { listAssessments } from "./assessments";
import { reviewView } from "./reviews";
import type { Assessment, Review } from "./schemas";

/**
 * The model's periodic reviews and risk assessments for the evidence pack's reviews.json: those begun by `until` (a
 * closed release's decision, so the pack stays the same when downloaded again; now for an open one), oldest first.
 * A recorded review is there once recorded by `until`.
 */
export async function packReviews(actor: Actor, modelId: number, until: Date): Promise<{ reviews: Review[]; assessments: Assessment[] }> {
  const db = await conn();
  const [m] = await db.select().from(models).where(eq(models.id, modelId));
  const rs = await db
    .select()
    .from(modelReviews)
    // A recorded review (performed outside Steward) counts from when it was recorded, so a closed release's pack
    // does not change when an older review is recorded later.
    .where(and(eq(modelReviews.modelId, modelId), lte(sql`coalesce(${modelReviews.recordedAt}, ${modelReviews.startedAt})`, until)))
    .orderBy(asc(modelReviews.startedAt), asc(modelReviews.id));
  // A review completed after `until` is shown as it stood then: open.
  const reviews = rs.map((r) =>
    reviewView(
      r.completedAt && r.completedAt > until
        ? { ...r, status: "open", outcome: null, completedAt: null, completedBy: null, comment: null }
        : r,
      m,
    ),
  );
  const cutoff = until.toISOString();
  const assessments = (await listAssessments(actor, m.name)).items
    .filter((a) => a.submittedAt <= cutoff)
    .map((a) =>
      a.confirmedAt && a.confirmedAt > cutoff
        ? { ...a, status: "submitted" as const, confirmedTier: null, confirmedBy: null, confirmedAt: null, confirmComment: null }
        : a,
    )
    .reverse();
  return { reviews, assessments };
}
