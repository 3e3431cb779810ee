import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { rows } from "@/db/client";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { notFound } from "../errors";
import { type ControlStatus, controlStatus, type Figures, figures, itemsFor } from "./coverage";
import { gatherEvidence } from "./evidence";
import type { Target } from "./evidence-types";
import { type ControlView, type FrameworkSummary, type FrameworkView, frameworkById, loadFrameworks, summary } from "./frameworks";
import type { EvidenceItem, EvidenceRef } from "./types";

export type ControlCoverage = { control: ControlView; status: ControlStatus; evidence: EvidenceItem[] };
export type ModelCoverage = {
  model: string;
  version: string | null;
  stage: string | null;
  framework: FrameworkSummary;
  figures: Figures;
  controls: ControlCoverage[];
};
export type PortfolioFrameworkCoverage = {
  framework: FrameworkSummary;
  models: { model: string; version: string; figures: Figures }[];
  figures: Figures;
  controls: {
    control: ControlView;
    counts: { covered: number; partial: number; stale: number; missing: number };
    models: { model: string; version: string; status: ControlStatus; evidence: EvidenceItem[] }[];
  }[];
};

type TargetRow = {
  model_id: number;
  model: string;
  version_id: number;
  version: string;
  stage: string;
  risk_tier: string;
  runbook_url: string | null;
};

/** Each model's shown version (production, else the newest), for the models `where` selects. */
async function targets(where: SQL, productionOnly: boolean): Promise<Target[]> {
  const list = await rows<TargetRow>(sql`
    select distinct on (m.id) m.id as model_id, m.name as model, v.id as version_id, v.version, v.stage::text as stage,
      m.risk_tier::text as risk_tier, m.runbook_url
    from models m join model_versions v on v.model_id = m.id
    where ${where} ${productionOnly ? sql`and v.stage = 'production'` : sql``}
    order by m.id, (v.stage = 'production') desc, v.id desc`);
  return list
    .map((r) => ({
      modelId: Number(r.model_id),
      model: r.model,
      versionId: Number(r.version_id),
      version: r.version,
      stage: r.stage,
      riskTier: r.risk_tier,
      runbookUrl: r.runbook_url,
    }))
    .sort((a, b) => a.model.localeCompare(b.model));
}

function judge(f: FrameworkView, found: ReadonlyMap<EvidenceRef, EvidenceItem> | undefined): ControlCoverage[] {
  return f.controls.map((control) => {
    const evidence = itemsFor(control.evidence, found);
    return { control, status: controlStatus(evidence), evidence };
  });
}

/** GET /api/v1/models/{name}/framework-coverage?framework= (inventory.read): the shown version's coverage of one framework. */
export async function modelFrameworkCoverage(actor: Actor, model: string, frameworkId: string, now = new Date()): Promise<ModelCoverage> {
  authorize(actor, "inventory.read");
  const [exists] = await rows<{ id: number }>(sql`select id from models where name = ${model}`);
  if (!exists) throw notFound(`The model ${model}`);
  const f = await frameworkById(frameworkId);
  const [t] = await targets(sql`m.name = ${model}`, false);
  const evidence = t ? (await gatherEvidence([t], now)).get(t.versionId) : undefined;
  const controls = judge(f, evidence);
  return {
    model,
    version: t?.version ?? null,
    stage: t?.stage ?? null,
    framework: summary(f),
    figures: figures(controls.map((c) => c.status)),
    controls,
  };
}

function portfolioOf(f: FrameworkView, list: Target[], found: Map<number, Map<EvidenceRef, EvidenceItem>>): PortfolioFrameworkCoverage {
  const perModel = list.map((t) => ({ t, controls: judge(f, found.get(t.versionId)) }));
  return {
    framework: summary(f),
    models: perModel.map(({ t, controls }) => ({ model: t.model, version: t.version, figures: figures(controls.map((c) => c.status)) })),
    figures: figures(perModel.flatMap(({ controls }) => controls.map((c) => c.status))),
    controls: f.controls.map((control, i) => {
      const models = perModel.map(({ t, controls }) => ({
        model: t.model,
        version: t.version,
        status: controls[i].status,
        evidence: controls[i].evidence,
      }));
      const n = (s: ControlStatus) => models.filter((m) => m.status === s).length;
      return { control, counts: { covered: n("covered"), partial: n("partial"), stale: n("stale"), missing: n("missing") }, models };
    }),
  };
}

/** GET /api/v1/frameworks/{id}/coverage (inventory.read): every production model's coverage of one framework. */
export async function portfolioFrameworkCoverage(actor: Actor, frameworkId: string, now = new Date()): Promise<PortfolioFrameworkCoverage> {
  authorize(actor, "inventory.read");
  const f = await frameworkById(frameworkId);
  const list = await targets(sql`true`, true);
  return portfolioOf(f, list, await gatherEvidence(list, now));
}

/** Every framework's portfolio figures over the production models: one evidence read for all of them. No authorisation (callers did it). */
export async function allFrameworkFigures(
  now = new Date(),
  where: SQL = sql`true`,
): Promise<{ framework: FrameworkSummary; figures: Figures; models: number }[]> {
  const [frameworks, list] = await Promise.all([loadFrameworks(), targets(where, true)]);
  const found = await gatherEvidence(list, now);
  return frameworks.map((f) => {
    const p = portfolioOf(f, list, found);
    return { framework: p.framework, figures: p.figures, models: list.length };
  });
}

/** GET the frameworks page's figures (inventory.read). */
export async function frameworkFigures(actor: Actor, now = new Date()) {
  authorize(actor, "inventory.read");
  return allFrameworkFigures(now);
}

/**
 * One version's coverage of every framework (no authorisation: the evidence pack's reader did it), judged as of `now`:
 * the release evidence pack's coverage.json and coverage.csv.
 */
export async function versionCoverageAll(versionId: number, now: Date): Promise<ModelCoverage[]> {
  const list = await rows<TargetRow>(sql`
    select m.id as model_id, m.name as model, v.id as version_id, v.version, v.stage::text as stage,
      m.risk_tier::text as risk_tier, m.runbook_url
    from models m join model_versions v on v.model_id = m.id where v.id = ${versionId}`);
  const r = list[0];
  if (!r) return [];
  const t: Target = {
    modelId: Number(r.model_id),
    model: r.model,
    versionId: Number(r.version_id),
    version: r.version,
    stage: r.stage,
    riskTier: r.risk_tier,
    runbookUrl: r.runbook_url,
  };
  const found = (await gatherEvidence([t], now)).get(t.versionId);
  return (await loadFrameworks()).map((f) => {
    const controls = judge(f, found);
    return {
      model: t.model,
      version: t.version,
      stage: t.stage,
      framework: summary(f),
      figures: figures(controls.map((c) => c.status)),
      controls,
    };
  });
}
