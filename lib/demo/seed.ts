import { and, eq, sql } from "drizzle-orm";
import { transact } from "@/db/client";
import { models, modelVersions, users } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append";
import { type Actor, SYSTEM } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { createUser, findUserByEmail } from "@/lib/auth/users";
import { createBiasAudit } from "@/lib/fairness/audits";
import { createModel } from "@/lib/inventory/models";
import type { Stage } from "@/lib/inventory/schemas";
import { addEvaluation, createVersion, retireVersion } from "@/lib/inventory/versions";
import { syncDeployments } from "@/lib/lineage/link";
import { seedDemoCard } from "./cards";
import { DEMO_MODELS, DEMO_USERS } from "./data";
import { seedDemoDrift } from "./drift";
import { DEMO_AUDITS, recordsFromCells } from "./fairness";
import { seedDemoFindings } from "./findings";
import { seedDemoKpisSafely } from "./kpis";
import { demoRunId, seedDemoLineage, WAREHOUSE } from "./lineage";
import { seedDemoMrm } from "./mrm";
import { DEMO_RELEASE_START, seedDemoReleases } from "./releases";
import { seedDemoTelemetry } from "./telemetry";

export { DEMO_MODELS, DEMO_USERS } from "./data";

const userActor = (u: { id: number; email: string; name: string; roles: string[] }): Actor => ({
  type: "user",
  userId: u.id,
  email: u.email,
  name: u.name,
  roles: u.roles as Role[],
});

/** Move a version to a stage as the seed does: recorded in the audit trail like any other change. */
async function seedStage(name: string, version: string, stage: Stage) {
  await transact(async (tx) => {
    const [m] = await tx.select().from(models).where(eq(models.name, name));
    const [v] = await tx
      .select()
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, m.id), eq(modelVersions.version, version)));
    await tx.update(modelVersions).set({ stage, stageChangedAt: new Date() }).where(eq(modelVersions.id, v.id));
    await syncDeployments(tx, name);
    await appendAudit(
      tx,
      SYSTEM,
      "version.stage_changed",
      { type: "version", id: `${name}/${version}` },
      { stage: v.stage },
      { stage, reason: "demo data" },
    );
  });
}

/** Users with the given password each, unless they exist. */
export async function seedUsers(password: (email: string) => string, list = DEMO_USERS) {
  for (const u of list) {
    if (!(await findUserByEmail(u.email))) await createUser(SYSTEM, { ...u, password: password(u.email) });
  }
}

/** The demo portfolio; does nothing if any model exists. */
export async function seedPortfolio() {
  const [{ n }] = await (await import("@/db/client")).rows<{ n: number }>(sql`select count(*)::int as n from ${models}`);
  if (Number(n) > 0) return false;
  const byEmail = new Map<string, Actor>();
  for (const u of DEMO_USERS) {
    const row = await findUserByEmail(u.email);
    if (row) byEmail.set(u.email, userActor(row));
  }
  let seed = 7;
  const rand = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  for (const [modelIndex, d] of DEMO_MODELS.entries()) {
    const owner = byEmail.get(d.owner) ?? SYSTEM;
    await createModel(owner, {
      name: d.name,
      title: d.title,
      description: d.description,
      owner: d.owner,
      team: d.team,
      riskTier: d.riskTier,
      useCase: d.useCase,
      tags: d.tags,
    });
    for (const [position, [version, finalStage]] of d.versions.entries()) {
      const start = DEMO_RELEASE_START[`${d.name}/${version}`];
      const stage = (start ?? finalStage) as Stage;
      const base = 0.7 + rand() * 0.2;
      await createVersion(owner, d.name, {
        version,
        description: `${d.title} ${version}`,
        framework: d.framework,
        artifactUri: `s3://models/${d.name}/${version}/model.bin`,
        gitCommit: Math.floor(rand() * 0xfffffff)
          .toString(16)
          .padStart(7, "0"),
        inputs: [{ namespace: WAREHOUSE, name: `features.${d.name.replace(/-/g, "_")}` }],
        trainingRunId: demoRunId(d.name, version),
        metrics: { [d.metric]: Number(base.toFixed(4)) },
        params: { seed: 42 },
      });
      const evaluation = await addEvaluation(owner, d.name, version, {
        dataset: `${d.name}-holdout`,
        metrics: { [d.metric]: Number((base - 0.01).toFixed(4)) },
      });
      if (stage === "retired")
        await retireVersion(byEmail.get("admin@example.com") ?? SYSTEM, d.name, version, { reason: "Superseded; withdrawn after review." });
      else if (stage !== "development") await seedStage(d.name, version, stage);
      // Model cards at various completeness, saved by the owner: see lib/demo/cards.ts.
      // The card fits where the version ends up, or where it starts when that is further along (a staging card for a
      // version released from staging).
      await seedDemoCard(
        owner,
        d,
        { version, stage: stage === "development" ? finalStage : stage, position, evaluationId: evaluation.id },
        modelIndex,
      );
    }
  }
  // Bias audits that pass and that fail, posted as row-level records generated from known counts, through the
  // same function as the API.
  for (const a of DEMO_AUDITS) {
    const owner = byEmail.get(DEMO_MODELS.find((m) => m.name === a.model)?.owner ?? "") ?? SYSTEM;
    await createBiasAudit(owner, a.model, a.version, { ...a.header, records: recordsFromCells(a.cells) });
  }
  await seedDemoReleases((email) => byEmail.get(email) ?? SYSTEM);
  // The pipelines that made them, as OpenLineage events (lib/demo/lineage.ts), posted by a pipeline's account.
  await seedDemoLineage(
    byEmail.get("contributor@example.com") ?? SYSTEM,
    DEMO_MODELS.flatMap((d) => d.versions.map(([version]) => ({ model: d.name, version }))),
  );
  // A week of serving telemetry, SLOs, deployments, retraining runs and the alerts they raised (lib/demo/telemetry.ts).
  await seedDemoTelemetry((email) => byEmail.get(email) ?? SYSTEM);
  // credit-default 1.1.0's features drift three days ago and its accuracy falls as late labels arrive (lib/demo/drift.ts).
  await seedDemoDrift((email) => byEmail.get(email) ?? SYSTEM);
  // A quarter of business KPIs, the rollout that raised revenue and the one rolled back (lib/demo/kpis.ts).
  await seedDemoKpisSafely((email) => byEmail.get(email) ?? SYSTEM);
  // Risk assessments, periodic reviews (one overdue) and attestations (lib/demo/mrm.ts).
  await seedDemoMrm((email) => byEmail.get(email) ?? SYSTEM);
  // Model-risk findings on aml-alert-triage and fraud-card-tx's incident (lib/demo/findings.ts).
  await seedDemoFindings((email) => byEmail.get(email) ?? SYSTEM);
  return true;
}
