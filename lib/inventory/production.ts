import { desc, type SQL, sql } from "drizzle-orm";
import { modelVersions } from "@/db/schema";

// "The production version of a model", the one rule every read uses. Promotion moves the version it replaces out of
// production in the same transaction (lib/releases/promote.ts), so there is at most one; should a store ever hold two
// (a hand edit, an import), the one promoted last counts: latest stage_changed_at, then the highest id.

/** The order that picks a model's production version among its versions in production (drizzle's query builder). */
export const PRODUCTION_ORDER = [desc(modelVersions.stageChangedAt), desc(modelVersions.id)] as const;

/** The id of the production version of the model whose id is `modelId` (a column or value), or null: a scalar subquery. */
export function productionVersionId(modelId: SQL): SQL<number | null> {
  return sql<number | null>`(select pv.id from model_versions pv where pv.model_id = ${modelId} and pv.stage = 'production'
    order by pv.stage_changed_at desc, pv.id desc limit 1)`;
}
