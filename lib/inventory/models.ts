import "server-only";
import { and, asc, desc, eq, getTableColumns, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { conn, lagTolerant, transact } from "@/db/client";
import { biasAudits, models, modelVersions } from "@/db/schema";
import { decodeCursor, encodeCursor, type Page } from "../api/pagination";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize, modelSubject } from "../auth/policy";
import { conflict, notFound, pgCode } from "../errors";
import { latestModelAudit, type ModelAuditItem } from "../fairness/audits";
import { type ReleaseBrief, releaseBriefs } from "../releases/brief";
import type { CreateModel, ListModelsQuery, UpdateModel } from "./schemas";
import { MODEL_ID, type ModelView, modelExtras, modelView, type VersionView, versionView } from "./views";

export async function createModel(actor: Actor, input: z.infer<typeof CreateModel>): Promise<ModelView> {
  authorize(actor, "model.create");
  return transact(async (tx) => {
    try {
      const [r] = await tx
        .insert(models)
        .values({
          name: input.name,
          title: input.title || null,
          description: input.description || null,
          owner: input.owner,
          maintainers: uniqueEmails(input.maintainers ?? []),
          team: input.team || null,
          riskTier: input.riskTier,
          useCase: input.useCase || null,
          runbookUrl: input.runbookUrl || null,
          tags: [...new Set(input.tags ?? [])],
          createdBy: actor.email,
        })
        .returning();
      const view = modelView(r, { latestVersion: null, stage: null, productionVersion: null, versionCount: 0 });
      await appendAudit(tx, actor, "model.created", { type: "model", id: r.name }, null, view);
      return view;
    } catch (e) {
      if (pgCode(e) === "23505") throw conflict(`A model named ${input.name} exists already.`, "exists");
      throw e;
    }
  });
}

/** Emails as stored: lower case, each once. */
const uniqueEmails = (list: readonly string[]) => [...new Set(list.map((e) => e.trim().toLowerCase()))];

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const CursorSchema = z.object({ v: z.union([z.string(), z.null()]), id: z.number().int() });

function sortColumn(sort: string): SQL {
  const key = sort.replace(/^-/, "");
  return key === "updatedAt" ? sql`${models.updatedAt}` : key === "riskTier" ? sql`${models.riskTier}` : sql`${models.name}`;
}

// The model's newest bias audit (of any version) in the shape of latestModelAudit, one subquery per row of the page.
const latestBiasAuditSql = sql<Record<string, unknown> | null>`(
  select json_build_object(
    'id', a.id, 'name', a.name, 'dataset', a.dataset, 'passed', a.passed, 'createdAt', a.created_at, 'version', v.version,
    'recordCount', a.record_count,
    'disparateImpact', (select min((s.value ->> 'disparateImpact')::float8)
      from jsonb_each(case when jsonb_typeof(a.result -> 'summary') = 'object' then a.result -> 'summary' else '{}'::jsonb end) s
      where jsonb_typeof(s.value -> 'disparateImpact') = 'number'))
  from ${biasAudits} a join ${modelVersions} v on v.id = a.version_id
  where v.model_id = ${MODEL_ID} order by a.created_at desc, a.id desc limit 1)`;

function auditBrief(j: Record<string, unknown> | null): ModelAuditItem | null {
  if (!j) return null;
  return {
    id: String(j.id),
    name: String(j.name),
    dataset: String(j.dataset),
    passed: Boolean(j.passed),
    createdAt: new Date(String(j.createdAt)).toISOString(),
    version: String(j.version),
    recordCount: Number(j.recordCount),
    disparateImpact: j.disparateImpact === null || j.disparateImpact === undefined ? null : Number(j.disparateImpact),
  };
}

export type ModelListItem = ModelView & { latestBiasAudit: ModelAuditItem | null };

/** listModels, read where lag is tolerated (the replica of DATABASE_READ_URL, when one is set). */
export function listModels(actor: Actor, q: ListModelsQuery): Promise<Page<ModelListItem>> {
  return lagTolerant(() => listModelsHere(actor, q));
}

/** The inventory: filters, sort and keyset pagination, so a page costs the same however deep it is. */
async function listModelsHere(actor: Actor, q: ListModelsQuery): Promise<Page<ModelListItem>> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const where: SQL[] = [];
  if (q.q) {
    const p = like(q.q.trim());
    where.push(
      or(
        sql`${models.name} ilike ${p}`,
        sql`${models.title} ilike ${p}`,
        sql`${models.description} ilike ${p}`,
        sql`exists (select 1 from unnest(${models.tags}) t where t ilike ${p})`,
      ) as SQL,
    );
  }
  if (q.riskTier) where.push(eq(models.riskTier, q.riskTier));
  if (q.owner) where.push(sql`lower(${models.owner}) = lower(${q.owner})`);
  if (q.team) where.push(sql`lower(${models.team}) = lower(${q.team})`);
  if (q.tag) where.push(sql`${q.tag} = any(${models.tags})`);
  if (q.stage) where.push(sql`exists (select 1 from ${modelVersions} v where v.model_id = ${MODEL_ID} and v.stage = ${q.stage})`);

  const desc_ = q.sort.startsWith("-");
  const col = sortColumn(q.sort);
  const cur = decodeCursor(q.cursor, CursorSchema);
  if (cur) {
    const v = q.sort.includes("updatedAt")
      ? sql`${cur.v}::timestamptz`
      : q.sort.includes("riskTier")
        ? sql`${cur.v}::risk_tier`
        : sql`${cur.v}`;
    where.push(desc_ ? sql`(${col}, ${models.id}) < (${v}, ${cur.id})` : sql`(${col}, ${models.id}) > (${v}, ${cur.id})`);
  }
  const order = desc_ ? [desc(col), desc(models.id)] : [asc(col), asc(models.id)];
  const rows = await db
    .select({ ...getTableColumns(models), ...modelExtras, latestBiasAudit: latestBiasAuditSql })
    .from(models)
    .where(where.length ? and(...where) : undefined)
    .orderBy(...order)
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor({
          v: q.sort.includes("updatedAt") ? last.updatedAt.toISOString() : q.sort.includes("riskTier") ? last.riskTier : last.name,
          id: last.id,
        })
      : null;
  return { items: page.map((r) => ({ ...modelView(r, r), latestBiasAudit: auditBrief(r.latestBiasAudit) })), nextCursor };
}

/** inventoryFacets, read where lag is tolerated (the replica of DATABASE_READ_URL, when one is set). */
export function inventoryFacets(actor: Actor): ReturnType<typeof inventoryFacetsHere> {
  return lagTolerant(() => inventoryFacetsHere(actor));
}

/** Distinct owners, teams and tags, for the inventory's filter menus. */
async function inventoryFacetsHere(actor: Actor) {
  authorize(actor, "inventory.read");
  const db = await conn();
  const [r] = await db
    .select({
      owners: sql<string[]>`coalesce(array_agg(distinct ${models.owner} order by ${models.owner}), '{}')`,
      teams: sql<
        string[]
      >`coalesce(array_agg(distinct ${models.team} order by ${models.team}) filter (where ${models.team} is not null), '{}')`,
      tags: sql<string[]>`coalesce((select array_agg(distinct t order by t) from ${models} mm, unnest(mm.tags) t), '{}')`,
    })
    .from(models);
  return { owners: r?.owners ?? [], teams: r?.teams ?? [], tags: r?.tags ?? [] };
}

export async function findModelRow(name: string) {
  const db = await conn();
  const [r] = await db.select().from(models).where(eq(models.name, name));
  return r;
}

export type ModelDetail = ModelView & { versions: VersionView[]; latestBiasAudit: ModelAuditItem | null; openReleases: ReleaseBrief[] };

export async function getModel(actor: Actor, name: string): Promise<ModelDetail> {
  authorize(actor, "inventory.read");
  const db = await conn();
  const [r] = await db
    .select({ ...getTableColumns(models), ...modelExtras })
    .from(models)
    .where(eq(models.name, name));
  if (!r) throw notFound(`The model ${name}`);
  const versions = await db
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.modelId, r.id))
    .orderBy(desc(modelVersions.createdAt), desc(modelVersions.id));
  return {
    ...modelView(r, r),
    versions: versions.map((v) => versionView(r.name, v)),
    latestBiasAudit: await latestModelAudit(r.id),
    openReleases: await releaseBriefs({ modelId: r.id, openOnly: true }),
  };
}

export async function updateModel(actor: Actor, name: string, input: z.infer<typeof UpdateModel>): Promise<ModelView> {
  // A first answer before the model is read: the risk tier is compliance's or an admin's, every other field the owner's.
  const changesOther = Object.values({ ...input, riskTier: undefined }).some((v) => v !== undefined);
  if (changesOther || input.riskTier === undefined) authorize(actor, "model.update");
  else authorize(actor, "model.riskTier");
  return transact(async (tx) => {
    const [before] = await tx.select().from(models).where(eq(models.name, name)).for("update");
    if (!before) throw notFound(`The model ${name}`);
    if (changesOther || input.riskTier === undefined) authorize(actor, "model.update", modelSubject(before));
    if (input.riskTier !== undefined && input.riskTier !== before.riskTier) authorize(actor, "model.riskTier");
    const [after] = await tx
      .update(models)
      .set({
        title: input.title === undefined ? before.title : input.title || null,
        description: input.description === undefined ? before.description : input.description || null,
        owner: input.owner ?? before.owner,
        maintainers: input.maintainers ? uniqueEmails(input.maintainers) : before.maintainers,
        team: input.team === undefined ? before.team : input.team || null,
        riskTier: input.riskTier ?? before.riskTier,
        useCase: input.useCase === undefined ? before.useCase : input.useCase || null,
        runbookUrl: input.runbookUrl === undefined ? before.runbookUrl : input.runbookUrl || null,
        tags: input.tags ? [...new Set(input.tags)] : before.tags,
        outlierThreshold: input.outlierThreshold === undefined ? before.outlierThreshold : input.outlierThreshold,
        updatedAt: new Date(),
      })
      .where(eq(models.id, before.id))
      .returning();
    const [x] = await tx.select(modelExtras).from(models).where(eq(models.id, before.id));
    const view = modelView(after, x);
    await appendAudit(tx, actor, "model.updated", { type: "model", id: name }, modelView(before, x), view);
    return view;
  });
}
