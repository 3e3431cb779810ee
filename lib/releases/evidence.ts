import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { conn, rows } from "@/db/client";
import { alerts, biasAudits, cardRevisions, evaluations, modelVersions } from "@/db/schema";
import type { EvidenceAuthor } from "../auth/policy";
import { candidateCoverage } from "../coverage/read";
import { latestResults } from "../dataquality/store";
import { blockingFindings } from "../findings/evidence";
import { PRODUCTION_ORDER } from "../inventory/production";
import { upstreamDatasetIds } from "../lineage/graph";
import { modelNodeId } from "../lineage/ids";
import { reviewEvidence } from "../mrm/release-evidence";
import type { Evidence } from "./checks";

/** The Great Expectations results on every dataset upstream of a version (any depth): how many have one, which failed. */
export async function upstreamDataQuality(model: string, version: string): Promise<NonNullable<Evidence["dataQuality"]>> {
  const latest = await latestResults(await upstreamDatasetIds(modelNodeId(model, version)));
  const failing = [...latest.values()]
    .filter((r) => !r.success)
    .map((r) => ({
      datasetId: r.datasetId,
      namespace: r.dataset.namespace,
      name: r.dataset.name,
      suite: r.suite,
      unsuccessful: r.unsuccessful,
      evaluated: r.evaluated,
    }));
  return { validated: latest.size, failing };
}

type VersionRow = typeof modelVersions.$inferSelect;

/** The failure modes the version would be blind to once it serves (lib/coverage/ `candidateCoverage`). */
async function coverageEvidence(versionId: number): Promise<Evidence["coverage"]> {
  const c = await candidateCoverage(versionId);
  if (!c) return undefined;
  return { blind: c.modes.filter((m) => !m.live).map((m) => ({ mode: m.mode, title: m.title, reason: m.reason ?? "" })) };
}

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
    dataQuality: await upstreamDataQuality(model, v.version),
    coverage: await coverageEvidence(v.id),
    review: await reviewEvidence(v.modelId),
    findings: { blocking: await blockingFindings(v.modelId, v.id) },
  };
}

/** The model's version in production now, if any. */
export async function productionVersion(modelId: number): Promise<VersionRow | null> {
  const db = await conn();
  const [p] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.stage, "production")))
    .orderBy(...PRODUCTION_ORDER)
    .limit(1);
  return p ?? null;
}

/**
 * Who wrote the evidence a release of each version is judged on (four eyes: none of them may decide it): the
 * version's registration, its latest card revision, every evaluation, and its latest bias audit. One query.
 */
export async function evidenceAuthors(versions: readonly { id: number; createdBy: string }[]): Promise<Map<number, EvidenceAuthor[]>> {
  const out = new Map<number, EvidenceAuthor[]>(versions.map((v) => [v.id, [{ email: v.createdBy, what: "the version's registration" }]]));
  if (!versions.length) return out;
  const ids = sql.join(
    versions.map((v) => sql`${v.id}::int`),
    sql`, `,
  );
  const found = await rows<{ version_id: number; email: string; what: string }>(sql`
    (select distinct on (version_id) version_id, created_by as email, 'card revision ' || revision as what
       from card_revisions where version_id in (${ids}) order by version_id, revision desc)
    union all
    (select version_id, created_by, 'the evaluation on ' || dataset from evaluations where version_id in (${ids}))
    union all
    (select distinct on (version_id) version_id, created_by, 'the bias audit ' || name
       from bias_audits where version_id in (${ids}) order by version_id, created_at desc, id desc)`);
  for (const f of found) out.get(Number(f.version_id))?.push({ email: f.email, what: f.what });
  return out;
}
