import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { versionView } from "../inventory/views";
import { syncDeployments } from "../lineage/link";
import type { ReleaseRow } from "./read";

/**
 * An approved release takes effect: the version moves to the target stage and, for production, the version it
 * replaces is archived. Runs in the decision's transaction, so all of it commits with the decision or none does.
 */
export async function promote(tx: Tx, actor: Actor, row: ReleaseRow): Promise<{ archived: string[] }> {
  const now = new Date();
  const target = row.r.targetStage;
  const archived: string[] = [];
  if (target === "production") {
    const current = await tx
      .select()
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, row.m.id), eq(modelVersions.stage, "production"), ne(modelVersions.id, row.v.id)))
      .for("update");
    for (const p of current) {
      const [after] = await tx
        .update(modelVersions)
        .set({ stage: "archived", stageChangedAt: now })
        .where(eq(modelVersions.id, p.id))
        .returning();
      await appendAudit(tx, actor, "version.archived", { type: "version", id: `${row.m.name}/${p.version}` }, versionView(row.m.name, p), {
        ...versionView(row.m.name, after),
        releaseId: row.r.id,
      });
      archived.push(p.version);
    }
  }
  const [before] = await tx.select().from(modelVersions).where(eq(modelVersions.id, row.v.id)).for("update");
  const [after] = await tx
    .update(modelVersions)
    .set({ stage: target, stageChangedAt: now })
    .where(eq(modelVersions.id, row.v.id))
    .returning();
  await appendAudit(
    tx,
    actor,
    "version.promoted",
    { type: "version", id: `${row.m.name}/${row.v.version}` },
    versionView(row.m.name, before),
    {
      ...versionView(row.m.name, after),
      releaseId: row.r.id,
    },
  );
  await tx.update(models).set({ updatedAt: now }).where(eq(models.id, row.m.id));
  await syncDeployments(tx, row.m.name);
  return { archived };
}
