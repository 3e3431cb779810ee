import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { conn, transact } from "@/db/client";
import { kpiDefinitions } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { conflict, notFound, pgCode } from "../errors";
import type { CreateKpiDefinitionInput, KpiDefinitionView, UpdateKpiDefinitionInput } from "./schemas";

type Row = typeof kpiDefinitions.$inferSelect;

export const definitionView = (r: Row): KpiDefinitionView => ({
  name: r.name,
  title: r.title,
  unit: r.unit,
  higherIsBetter: r.higherIsBetter,
  aggregation: r.aggregation as KpiDefinitionView["aggregation"],
  owner: r.owner,
  description: r.description,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Every KPI definition, by name (there are tens, not thousands: one page). */
export async function listKpiDefinitions(actor: Actor): Promise<{ items: KpiDefinitionView[]; nextCursor: null }> {
  authorize(actor, "inventory.read");
  const list = await (await conn()).select().from(kpiDefinitions).orderBy(asc(kpiDefinitions.name));
  return { items: list.map(definitionView), nextCursor: null };
}

/** Definitions with their ids, for reads that join points (no authorisation: for callers that did it). */
export async function definitionsByName(): Promise<Map<string, KpiDefinitionView & { id: number }>> {
  const list = await (await conn()).select().from(kpiDefinitions).orderBy(asc(kpiDefinitions.name));
  return new Map(list.map((r) => [r.name, { ...definitionView(r), id: r.id }]));
}

/** POST /api/v1/kpi-definitions (admin): 409 when the name exists. Audited as kpi.defined. */
export async function createKpiDefinition(actor: Actor, input: CreateKpiDefinitionInput): Promise<KpiDefinitionView> {
  authorize(actor, "kpis.manage");
  try {
    return await transact(async (tx) => {
      const [r] = await tx
        .insert(kpiDefinitions)
        .values({
          name: input.name,
          title: input.title,
          unit: input.unit,
          higherIsBetter: input.higherIsBetter,
          aggregation: input.aggregation,
          owner: input.owner,
          description: input.description ?? null,
          createdBy: actor.email,
        })
        .returning();
      const view = definitionView(r);
      await appendAudit(tx, actor, "kpi.defined", { type: "kpi", id: view.name }, null, view);
      return view;
    });
  } catch (e) {
    if (pgCode(e) === "23505") throw conflict(`A KPI named ${input.name} exists already; edit it instead.`, "kpi_exists");
    throw e;
  }
}

/** PATCH /api/v1/kpi-definitions/{name} (admin): the fields given change; the name never does. Audited as kpi.updated. */
export async function updateKpiDefinition(actor: Actor, name: string, input: UpdateKpiDefinitionInput): Promise<KpiDefinitionView> {
  authorize(actor, "kpis.manage");
  return transact(async (tx) => {
    const [before] = await tx.select().from(kpiDefinitions).where(eq(kpiDefinitions.name, name)).for("update");
    if (!before) throw notFound(`The KPI ${name}`);
    const [r] = await tx
      .update(kpiDefinitions)
      .set({
        title: input.title ?? before.title,
        unit: input.unit ?? before.unit,
        higherIsBetter: input.higherIsBetter ?? before.higherIsBetter,
        aggregation: input.aggregation ?? before.aggregation,
        owner: input.owner ?? before.owner,
        description: input.description === undefined ? before.description : input.description,
        updatedAt: sql`now()`,
      })
      .where(eq(kpiDefinitions.id, before.id))
      .returning();
    const view = definitionView(r);
    await appendAudit(tx, actor, "kpi.updated", { type: "kpi", id: name }, definitionView(before), view);
    return view;
  });
}
