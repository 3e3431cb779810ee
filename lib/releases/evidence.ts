import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { conn } from "@/db/client";
import { alerts, biasAudits, cardRevisions, evaluations, modelVersions } from "@/db/schema";
import type { Evidence } from "./checks";

type VersionRow = typeof modelVersions.$inferSelect;

/** What the checks look at for one version, read now. */
export async function gatherEvidence(model: string, v: VersionRow, replaced: VersionRow | null): Promise<Evidence> {
  const db = await conn();
  const [card] = await db
    .select({ revision: cardRevisions.revision, completeness: cardRevisions.completeness })
    .from(cardRevisions)
    .where(eq(cardRevisions.versionId, v.id))
    .orderBy(desc(cardRevisions.revision))
    .limit(1);
  const [audit] = await db
    .select({ id: biasAudits.id, name: biasAudits.name, passed: biasAudits.passed })
    .from(biasAudits)
    .where(eq(biasAudits.versionId, v.id))
    .orderBy(desc(biasAudits.createdAt), desc(biasAudits.id))
    .limit(1);
  const evals = await db
    .select({ id: evaluations.id, dataset: evaluations.dataset, slice: evaluations.slice })
    .from(evaluations)
    .where(eq(evaluations.versionId, v.id))
    .orderBy(desc(evaluations.createdAt));
  return {
    model,
    version: v.version,
    card: card ?? null,
    audit: audit ?? null,
    evaluations: evals,
    lineage: { inputs: v.inputs ?? [], trainingRunId: v.trainingRunId },
    replaced: replaced
      ? {
          version: replaced.version,
          firingPageAlerts: await db
            .select({ id: alerts.id, title: alerts.title })
            .from(alerts)
            .where(and(eq(alerts.versionId, replaced.id), eq(alerts.state, "firing"), eq(alerts.severity, "page")))
            .orderBy(desc(alerts.firedAt)),
        }
      : null,
  };
}

/** The model's version in production now, if any. */
export async function productionVersion(modelId: number): Promise<VersionRow | null> {
  const db = await conn();
  const [p] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.stage, "production")))
    .orderBy(desc(modelVersions.stageChangedAt))
    .limit(1);
  return p ?? null;
}
