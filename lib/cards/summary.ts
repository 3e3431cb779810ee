import "server-only";
import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { conn } from "@/db/client";
import { cardRevisions } from "@/db/schema";
import type { CardSummary } from "./schemas";

export type CardSummaryView = z.infer<typeof CardSummary>;

/**
 * The latest revision of a version's card in brief, or null when none was saved. For the version page and API;
 * callers have already checked the actor may read the version.
 */
export async function cardSummary(versionId: number): Promise<CardSummaryView | null> {
  const db = await conn();
  const [r] = await db
    .select({
      revision: cardRevisions.revision,
      completeness: cardRevisions.completeness,
      needsReview: cardRevisions.needsReview,
      createdAt: cardRevisions.createdAt,
    })
    .from(cardRevisions)
    .where(eq(cardRevisions.versionId, versionId))
    .orderBy(desc(cardRevisions.revision))
    .limit(1);
  return r ? { revision: r.revision, completeness: r.completeness, needsReview: r.needsReview, savedAt: r.createdAt.toISOString() } : null;
}
