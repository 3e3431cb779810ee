import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { allFrameworkFigures } from "../controls/read";
import type { RiskTier } from "../inventory/schemas";

export type ExecutiveFrameworks = Awaited<ReturnType<typeof allFrameworkFigures>>;

/**
 * "Coverage by framework": for each framework, how many (production model, control) pairs in scope are covered,
 * partial, stale or missing. One evidence read for every production model (lib/controls/evidence.ts), none per model.
 */
export async function executiveFrameworks(
  actor: Actor,
  q: { team?: string; riskTier?: RiskTier },
  now = new Date(),
): Promise<ExecutiveFrameworks> {
  authorize(actor, "inventory.read");
  const where = sql`true ${q.team ? sql`and m.team = ${q.team}` : sql``} ${q.riskTier ? sql`and m.risk_tier = ${q.riskTier}` : sql``}`;
  return allFrameworkFigures(now, where);
}
