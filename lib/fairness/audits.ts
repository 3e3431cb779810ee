import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { conn, transact } from "@/db/client";
import { biasAudits, models, modelVersions } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize, modelSubject } from "../auth/policy";
import { notFound } from "../errors";
import { configOf, type Ingested, ingestJson } from "./ingest";
import type { BiasAuditHeader } from "./schemas";
import { type AttributeSummary, type AuditResult, evaluate, type GroupResult } from "./verdict";

export type BiasAuditTarget = { versionId: number; modelId: number; model: string; version: string; owner: string; maintainers: string[] };

export type BiasAuditView = {
  id: string;
  model: string;
  version: string;
  name: string;
  dataset: string;
  passed: boolean;
  recordCount: number;
  config: ReturnType<typeof configOf> & {
    referenceGroups: Record<string, string | null>;
    wording: BiasAuditHeader["wording"] | null;
    source: Ingested["source"];
  };
  groups: GroupResult[];
  summary: Record<string, AttributeSummary>;
  intersections: AuditResult["intersections"];
  createdBy: string;
  createdAt: string;
};

export type BiasAuditListItem = { id: string; name: string; dataset: string; passed: boolean; createdAt: string };

/**
 * Check the caller may post an audit and the version exists, before a byte of the records is read:
 * a stream of five million records should not be read only to be refused.
 */
export async function prepareBiasAudit(actor: Actor, name: string, version: string): Promise<BiasAuditTarget> {
  authorize(actor, "evidence.write");
  const target = await findTarget(name, version);
  authorize(actor, "evidence.write", modelSubject(target));
  return target;
}

async function findTarget(name: string, version: string): Promise<BiasAuditTarget> {
  const db = await conn();
  const [r] = await db
    .select({
      versionId: modelVersions.id,
      modelId: models.id,
      model: models.name,
      version: modelVersions.version,
      owner: models.owner,
      maintainers: models.maintainers,
    })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, name), eq(modelVersions.version, version)));
  if (!r) throw notFound(`Version ${version} of the model ${name}`);
  return r;
}

/** Compute the result from folded counts and store it with its audit-trail entry, in one transaction. */
export async function saveBiasAudit(actor: Actor, target: BiasAuditTarget, input: Ingested): Promise<BiasAuditView> {
  authorize(actor, "evidence.write", modelSubject(target));
  const base = configOf(input.header);
  // Evaluate before the transaction: a reference group missing from the data is a 400, and nothing is held open.
  const result = evaluate(input.folded, base);
  const config = { ...base, referenceGroups: result.referenceGroups, wording: input.header.wording ?? null, source: input.source };
  return transact(async (tx) => {
    const [row] = await tx
      .insert(biasAudits)
      .values({
        versionId: target.versionId,
        name: input.header.name,
        dataset: input.header.dataset,
        config,
        result: { groups: result.groups, summary: result.summary, intersections: result.intersections },
        passed: result.passed,
        recordCount: result.recordCount,
        createdBy: actor.email,
      })
      .returning();
    const view = toView(row, target.model, target.version);
    await appendAudit(tx, actor, "bias_audit.created", { type: "bias_audit", id: row.id }, null, {
      id: row.id,
      model: target.model,
      version: target.version,
      name: view.name,
      dataset: view.dataset,
      passed: view.passed,
      recordCount: view.recordCount,
      config,
      summary: Object.fromEntries(
        Object.entries({ ...result.summary, ...result.intersections.summary }).map(([k, s]) => [
          k,
          { passed: s.passed, referenceGroup: s.referenceGroup, disparateImpact: s.disparateImpact, failingGroups: s.failingGroups },
        ]),
      ),
    });
    return view;
  });
}

/** A JSON body (records or counts): the whole audit in one call. The seed and the JSON route use this. */
export async function createBiasAudit(actor: Actor, name: string, version: string, body: unknown): Promise<BiasAuditView> {
  const target = await prepareBiasAudit(actor, name, version);
  return saveBiasAudit(actor, target, ingestJson(body));
}

type Row = typeof biasAudits.$inferSelect;

function toView(row: Row, model: string, version: string): BiasAuditView {
  const result = row.result as unknown as Pick<AuditResult, "groups" | "summary" | "intersections">;
  return {
    id: row.id,
    model,
    version,
    name: row.name,
    dataset: row.dataset,
    passed: row.passed,
    recordCount: Number(row.recordCount),
    config: row.config as BiasAuditView["config"],
    groups: result.groups,
    summary: result.summary,
    intersections: result.intersections,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getBiasAudit(actor: Actor, id: string): Promise<BiasAuditView> {
  authorize(actor, "inventory.read");
  if (!UUID.test(id)) throw notFound("That bias audit");
  const db = await conn();
  const [r] = await db
    .select({ a: biasAudits, model: models.name, version: modelVersions.version })
    .from(biasAudits)
    .innerJoin(modelVersions, eq(modelVersions.id, biasAudits.versionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(eq(biasAudits.id, id));
  if (!r) throw notFound("That bias audit");
  return toView(r.a, r.model, r.version);
}

/** A version's audits, newest first, with their verdicts (for GET …/versions/{version}). */
export async function versionAudits(versionId: number): Promise<BiasAuditListItem[]> {
  const db = await conn();
  const list = await db
    .select({
      id: biasAudits.id,
      name: biasAudits.name,
      dataset: biasAudits.dataset,
      passed: biasAudits.passed,
      createdAt: biasAudits.createdAt,
    })
    .from(biasAudits)
    .where(eq(biasAudits.versionId, versionId))
    .orderBy(desc(biasAudits.createdAt), desc(biasAudits.id));
  return list.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() }));
}

/** GET …/versions/{version}/bias-audits */
export async function listVersionAudits(actor: Actor, name: string, version: string): Promise<BiasAuditListItem[]> {
  authorize(actor, "inventory.read");
  return versionAudits((await findTarget(name, version)).versionId);
}

export type ModelAuditItem = BiasAuditListItem & {
  version: string;
  /** The lowest disparate impact (four-fifths ratio) over the audit's attributes; null when none could be taken. */
  disparateImpact: number | null;
  recordCount: number;
};

function lowestDisparateImpact(summary: unknown): number | null {
  const values = Object.values((summary ?? {}) as Record<string, { disparateImpact?: number | null }>)
    .map((s) => s.disparateImpact)
    .filter((x): x is number => typeof x === "number");
  return values.length ? Math.min(...values) : null;
}

async function modelAudits(modelIds: number[], limit?: number): Promise<(ModelAuditItem & { modelId: number })[]> {
  if (modelIds.length === 0) return [];
  const db = await conn();
  const q = db
    .select({
      id: biasAudits.id,
      modelId: modelVersions.modelId,
      version: modelVersions.version,
      name: biasAudits.name,
      dataset: biasAudits.dataset,
      passed: biasAudits.passed,
      recordCount: biasAudits.recordCount,
      createdAt: biasAudits.createdAt,
      summary: sql<unknown>`${biasAudits.result} -> 'summary'`,
    })
    .from(biasAudits)
    .innerJoin(modelVersions, eq(modelVersions.id, biasAudits.versionId))
    .where(inArray(modelVersions.modelId, modelIds))
    .orderBy(desc(biasAudits.createdAt), desc(biasAudits.id));
  const list = await (limit ? q.limit(limit) : q);
  return list.map(({ summary, ...a }) => ({
    ...a,
    recordCount: Number(a.recordCount),
    createdAt: a.createdAt.toISOString(),
    disparateImpact: lowestDisparateImpact(summary),
  }));
}

/** The model's latest audit (of any version) and its verdict, for GET /api/v1/models/{name}. */
export async function latestModelAudit(modelId: number): Promise<ModelAuditItem | null> {
  const [a] = await modelAudits([modelId], 1);
  if (!a) return null;
  const { modelId: _, ...rest } = a;
  return rest;
}

/** Every audit of a model, newest first: the page compares verdicts across versions with it. */
export async function listModelAudits(actor: Actor, modelName: string): Promise<ModelAuditItem[]> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const [m] = await db.select({ id: models.id }).from(models).where(eq(models.name, modelName));
  if (!m) throw notFound(`The model ${modelName}`);
  return (await modelAudits([m.id])).map(({ modelId: _, ...rest }) => rest);
}
