import { sql } from "drizzle-orm";
import type { RiskTier } from "../inventory/schemas";
import type { KpiDefinitionView } from "../kpis/schemas";

export { iso } from "../time";

// What the executive dashboard's panels share (lib/dashboards/executive*.ts).

export const DAY = 86_400_000;
/** A pending release waiting longer than this is overdue. */
export const OVERDUE_DAYS = 7;
/** A production card not saved for this long is due for review. */
export const CARD_MAX_AGE_DAYS = 365;
/** A list of ids as a subquery (one parameter, whatever its length). */
export const ids = (xs: number[]) => sql`(select (jsonb_array_elements_text(${JSON.stringify(xs)}::jsonb))::int)`;

/** A model's production version with its latest card revision and bias audit. */
export type ProdRow = {
  model_id: number;
  model: string;
  title: string | null;
  team: string | null;
  risk_tier: RiskTier;
  version_id: number;
  version: string;
  completeness: number | null;
  needs_review: boolean | null;
  card_at: string | Date | null;
  audit_passed: boolean | null;
  audit_id: string | null;
  audit_name: string | null;
  audit_at: string | Date | null;
};
export type KpiDef = KpiDefinitionView & { id: number };
