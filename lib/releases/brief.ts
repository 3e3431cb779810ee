import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { conn } from "@/db/client";
import { modelVersions, releases } from "@/db/schema";

export type ReleaseBrief = {
  id: string;
  kind: "release" | "rollback";
  version: string;
  targetStage: string;
  status: string;
  requestedBy: string;
  requestedAt: string;
  decidedAt: string | null;
};

/** Releases in brief, newest first, for the model and version pages and API (open ones only with openOnly). */
export async function releaseBriefs(where: { modelId?: number; versionId?: number; openOnly?: boolean }): Promise<ReleaseBrief[]> {
  const db = await conn();
  const list = await db
    .select({ r: releases, version: modelVersions.version })
    .from(releases)
    .innerJoin(modelVersions, eq(modelVersions.id, releases.versionId))
    .where(
      and(
        where.modelId !== undefined ? eq(releases.modelId, where.modelId) : undefined,
        where.versionId !== undefined ? eq(releases.versionId, where.versionId) : undefined,
        where.openOnly ? inArray(releases.status, ["pending", "changes_requested"]) : undefined,
      ),
    )
    .orderBy(desc(releases.requestedAt), desc(releases.id))
    .limit(50);
  return list.map(({ r, version }) => briefOf(r, version));
}

/** A release row in brief, with its version's name. */
export function briefOf(r: typeof releases.$inferSelect, version: string): ReleaseBrief {
  return {
    id: r.id,
    kind: r.kind,
    version,
    targetStage: r.targetStage,
    status: r.status,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}
