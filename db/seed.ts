import { and, eq, sql } from "drizzle-orm";
import { transact } from "./client";
import { models, modelVersions, users } from "./schema";
import { appendAudit } from "@/lib/audit/append";
import { type Actor, SYSTEM } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { createUser, findUserByEmail } from "@/lib/auth/users";
import { createModel } from "@/lib/inventory/models";
import type { RiskTier, Stage } from "@/lib/inventory/schemas";
import { addEvaluation, createVersion, retireVersion } from "@/lib/inventory/versions";

export const DEMO_USERS: { email: string; name: string; roles: Role[] }[] = [
  { email: "admin@example.com", name: "Amara Okafor", roles: ["admin"] },
  { email: "contributor@example.com", name: "Chen Wei", roles: ["contributor"] },
  { email: "priya@example.com", name: "Priya Natarajan", roles: ["contributor"] },
  { email: "reviewer@example.com", name: "Rafael Souza", roles: ["reviewer"] },
  { email: "compliance@example.com", name: "Greta Lindqvist", roles: ["compliance"] },
  { email: "viewer@example.com", name: "Victor Hale", roles: ["viewer"] },
];

type DemoModel = {
  name: string;
  title: string;
  description: string;
  owner: string;
  team: string;
  riskTier: RiskTier;
  useCase: string;
  tags: string[];
  framework: string;
  /** Oldest first; the stage each version ends in. */
  versions: [string, Stage][];
  metric: string;
};

const C = "contributor@example.com";
const P = "priya@example.com";

export const DEMO_MODELS: DemoModel[] = [
  { name: "credit-default", title: "Credit default risk", description: "Probability that a retail loan applicant defaults within 12 months.", owner: C, team: "credit-risk", riskTier: "critical", useCase: "Retail lending decisions", tags: ["lending", "tabular", "regulated"], framework: "xgboost", versions: [["1.0.0", "archived"], ["1.1.0", "production"], ["1.2.0", "staging"], ["1.3.0-rc1", "development"]], metric: "auc" },
  { name: "recidivism-risk", title: "Pre-trial risk assessment", description: "Scores the risk of failure to appear; advisory only, reviewed by a person.", owner: P, team: "public-sector", riskTier: "critical", useCase: "Pre-trial release recommendations", tags: ["justice", "tabular", "regulated"], framework: "sklearn", versions: [["2.0", "archived"], ["2.1", "production"], ["2.2", "development"]], metric: "auc" },
  { name: "fraud-card-tx", title: "Card transaction fraud", description: "Real-time fraud score for card-present and card-not-present transactions.", owner: C, team: "fraud", riskTier: "high", useCase: "Blocking and step-up authentication", tags: ["payments", "real-time", "tabular"], framework: "lightgbm", versions: [["3.4.0", "retired"], ["3.5.0", "archived"], ["3.6.0", "production"], ["3.7.0", "staging"]], metric: "pr_auc" },
  { name: "aml-alert-triage", title: "AML alert triage", description: "Ranks anti-money-laundering alerts so investigators see the riskiest first.", owner: P, team: "fraud", riskTier: "high", useCase: "Investigator queue ordering", tags: ["payments", "regulated"], framework: "xgboost", versions: [["0.9.0", "production"], ["1.0.0", "development"]], metric: "recall_at_100" },
  { name: "claims-triage", title: "Insurance claims triage", description: "Routes incoming claims to fast-track, standard or specialist handling.", owner: C, team: "insurance", riskTier: "high", useCase: "Claims routing", tags: ["insurance", "nlp"], framework: "pytorch", versions: [["1.0", "production"], ["1.1", "staging"]], metric: "macro_f1" },
  { name: "resume-screening", title: "Résumé screening assistant", description: "Suggests which applications a recruiter should read first. Withdrawn pending a bias review.", owner: P, team: "people", riskTier: "high", useCase: "Recruiting", tags: ["hr", "nlp", "regulated"], framework: "transformers", versions: [["0.3.0", "retired"], ["0.4.0", "development"]], metric: "ndcg_at_10" },
  { name: "churn-predictor", title: "Subscriber churn", description: "Monthly probability that a subscriber cancels.", owner: C, team: "growth", riskTier: "medium", useCase: "Retention offers", tags: ["marketing", "tabular"], framework: "catboost", versions: [["5.0.0", "archived"], ["5.1.0", "production"], ["5.2.0", "development"]], metric: "auc" },
  { name: "dynamic-pricing", title: "Dynamic pricing", description: "Nightly price recommendations per SKU and region.", owner: P, team: "pricing", riskTier: "medium", useCase: "Price setting", tags: ["pricing", "forecasting"], framework: "lightgbm", versions: [["2024.10", "archived"], ["2024.11", "production"], ["2024.12", "staging"]], metric: "mape" },
  { name: "demand-forecast", title: "Store demand forecast", description: "Daily unit demand per store and product, 28 days ahead.", owner: C, team: "supply-chain", riskTier: "medium", useCase: "Replenishment", tags: ["forecasting", "time-series"], framework: "prophet", versions: [["1.0.0", "production"], ["1.1.0", "development"]], metric: "wape" },
  { name: "support-intent", title: "Support ticket intent", description: "Classifies incoming support tickets into 40 intents for routing.", owner: P, team: "support", riskTier: "low", useCase: "Ticket routing", tags: ["nlp", "support"], framework: "transformers", versions: [["0.8.0", "archived"], ["0.9.0", "production"]], metric: "accuracy" },
  { name: "product-recs", title: "Product recommendations", description: "Home-page recommendations from browsing and purchase history.", owner: C, team: "growth", riskTier: "low", useCase: "Personalisation", tags: ["recommendations", "marketing"], framework: "pytorch", versions: [["7.2.0", "production"], ["7.3.0", "staging"], ["7.4.0", "development"]], metric: "recall_at_20" },
  { name: "search-ranking", title: "Site search ranking", description: "Learning-to-rank model for site search results.", owner: P, team: "search", riskTier: "low", useCase: "Search", tags: ["ranking"], framework: "lightgbm", versions: [["4.0", "production"]], metric: "ndcg_at_10" },
  { name: "invoice-ocr", title: "Invoice field extraction", description: "Extracts supplier, totals and dates from scanned invoices.", owner: C, team: "finance-ops", riskTier: "low", useCase: "Accounts payable automation", tags: ["vision", "documents"], framework: "onnx", versions: [["1.0.0", "development"]], metric: "field_accuracy" },
  { name: "marketing-mix", title: "Marketing mix model", description: "Attributes sales to channel spend for budget planning.", owner: P, team: "marketing-science", riskTier: "medium", useCase: "Budget allocation", tags: ["marketing", "bayesian"], framework: "pymc", versions: [["0.1.0", "staging"]], metric: "r2" },
];

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
    await appendAudit(tx, SYSTEM, "version.stage_changed", { type: "version", id: `${name}/${version}` }, { stage: v.stage }, { stage, reason: "demo data" });
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
  const [{ n }] = await (await import("./client")).rows<{ n: number }>(sql`select count(*)::int as n from ${models}`);
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
  for (const d of DEMO_MODELS) {
    const owner = byEmail.get(d.owner) ?? SYSTEM;
    await createModel(owner, { name: d.name, title: d.title, description: d.description, owner: d.owner, team: d.team, riskTier: d.riskTier, useCase: d.useCase, tags: d.tags });
    for (const [version, stage] of d.versions) {
      const base = 0.7 + rand() * 0.2;
      await createVersion(owner, d.name, {
        version,
        description: `${d.title} ${version}`,
        framework: d.framework,
        artifactUri: `s3://models/${d.name}/${version}/model.bin`,
        gitCommit: Math.floor(rand() * 0xfffffff).toString(16).padStart(7, "0"),
        inputs: [{ namespace: "postgres://warehouse:5432", name: `features.${d.name.replace(/-/g, "_")}` }],
        metrics: { [d.metric]: Number(base.toFixed(4)) },
        params: { seed: 42 },
      });
      await addEvaluation(owner, d.name, version, {
        dataset: `${d.name}-holdout`,
        metrics: { [d.metric]: Number((base - 0.01).toFixed(4)) },
      });
      if (stage === "retired") await retireVersion(byEmail.get("admin@example.com") ?? SYSTEM, d.name, version, { reason: "Superseded; withdrawn after review." });
      else if (stage !== "development") await seedStage(d.name, version, stage);
    }
  }
  return true;
}

export async function userCount(): Promise<number> {
  const [{ n }] = await (await import("./client")).rows<{ n: number }>(sql`select count(*)::int as n from ${users}`);
  return Number(n);
}
