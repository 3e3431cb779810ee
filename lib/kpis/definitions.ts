import "server-only";
import { sql } from "drizzle-orm";
import { conn, rows, transact } from "@/db/client";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { conflict, notFound, pgCode } from "../errors";
import type { CreateKpiDefinitionInput, KpiDefinitionView, UpdateKpiDefinitionInput } from "./schemas";

type Row = {
  id: number;
  name: string;
  title: string;
  unit: string;
  higher_is_better: boolean;
  aggregation: string;
  owner: string;
  description: string | null;
  created_at: string | Date;
  updated_at: string | Date;
};
const COLUMNS = sql`id, name, title, unit, higher_is_better, aggregation, owner, description, created_at, updated_at`;

export const definitionView = (r: Row): KpiDefinitionView => ({
  name: r.name,
  title: r.title,
  unit: r.unit,
  higherIsBetter: r.higher_is_better,
  aggregation: r.aggregation as KpiDefinitionView["aggregation"],
  owner: r.owner,
  description: r.description,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Every KPI definition, by name (there are tens, not thousands: one page). */
export async function listKpiDefinitions(actor: Actor): Promise<{ items: KpiDefinitionView[]; nextCursor: null }> {
  authorize(actor, "inventory.read");
  const list = await rows<Row>(sql`select ${COLUMNS} from kpi_definitions order by name`, await conn());
  return { items: list.map(definitionView), nextCursor: null };
}

/** Definitions with their ids, for reads that join points (no authorisation: for callers that did it). */
export async function definitionsByName(): Promise<Map<string, KpiDefinitionView & { id: number }>> {
  const list = await rows<Row>(sql`select ${COLUMNS} from kpi_definitions order by name`, await conn());
  return new Map(list.map((r) => [r.name, { ...definitionView(r), id: Number(r.id) }]));
}

/** POST /api/v1/kpi-definitions (admin): 409 when the name exists. Audited as kpi.defined. */
export async function createKpiDefinition(actor: Actor, input: CreateKpiDefinitionInput): Promise<KpiDefinitionView> {
  authorize(actor, "kpis.manage");
  try {
    return await transact(async (tx) => {
      const [r] = await rows<Row>(
        sql`insert into kpi_definitions (name, title, unit, higher_is_better, aggregation, owner, description, created_by)
          values (${input.name}, ${input.title}, ${input.unit}, ${input.higherIsBetter}, ${input.aggregation}, ${input.owner}, ${input.description ?? null}, ${actor.email})
          returning ${COLUMNS}`,
        tx,
      );
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
    const [before] = await rows<Row>(sql`select ${COLUMNS} from kpi_definitions where name = ${name} for update`, tx);
    if (!before) throw notFound(`The KPI ${name}`);
    const [r] = await rows<Row>(
      sql`update kpi_definitions set
          title = ${input.title ?? before.title},
          unit = ${input.unit ?? before.unit},
          higher_is_better = ${input.higherIsBetter ?? before.higher_is_better},
          aggregation = ${input.aggregation ?? before.aggregation},
          owner = ${input.owner ?? before.owner},
          description = ${input.description === undefined ? before.description : input.description},
          updated_at = now()
        where id = ${before.id} returning ${COLUMNS}`,
      tx,
    );
    const view = definitionView(r);
    await appendAudit(tx, actor, "kpi.updated", { type: "kpi", id: name }, definitionView(before), view);
    return view;
  });
}
