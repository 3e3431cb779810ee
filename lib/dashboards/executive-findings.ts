import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import { type FindingStatus, isActive, isOverdue, overdueDays, SEVERITIES, type Severity } from "../findings/status";
import type { FindingsPanelData } from "./executive-findings-schema";

export type { FindingsPanelData };

type Row = {
  id: string;
  title: string;
  model: string;
  severity: Severity;
  status: FindingStatus;
  due_date: string;
  risk_accepted_until: string | null;
};

/** Pure: the panel's figures from the findings not closed. */
export function findingsFigures(list: readonly Row[], now: Date): FindingsPanelData {
  const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let overdue = 0;
  let oldest: { row: Row; days: number } | null = null;
  for (const r of list) {
    const f = { status: r.status, riskAcceptedUntil: r.risk_accepted_until, dueDate: r.due_date };
    if (!isActive(f, now)) continue;
    open[r.severity] += 1;
    if (!isOverdue(f, now)) continue;
    overdue += 1;
    const days = overdueDays(f, now);
    if (!oldest || days > oldest.days) oldest = { row: r, days };
  }
  return {
    open,
    overdue,
    oldestOverdueDays: oldest?.days ?? null,
    oldestOverdue: oldest ? { id: oldest.row.id, title: oldest.row.title, model: oldest.row.model } : null,
  };
}

/** The executive dashboard's Findings panel for the models in scope (null: every model). One query. */
export async function findingsPanel(modelIds: readonly number[] | null, now: Date): Promise<FindingsPanelData> {
  if (modelIds && !modelIds.length) return findingsFigures([], now);
  const scope = modelIds
    ? sql`and f.model_id in (${sql.join(
        modelIds.map((id) => sql`${id}::int`),
        sql`, `,
      )})`
    : sql``;
  const list = await rows<Row>(sql`
    select f.id, f.title, m.name as model, f.severity, f.status, f.due_date::text as due_date, f.risk_accepted_until::text as risk_accepted_until
    from findings f join models m on m.id = f.model_id where f.status <> 'closed' ${scope}`);
  return findingsFigures(list, now);
}
