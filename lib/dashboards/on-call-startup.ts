import "server-only";
import { sql } from "drizzle-orm";
import { conn } from "@/db/client";
import { deploymentSteps, startupFigures } from "../operations/cold-start";
import type { StartupView } from "../operations/schemas";

/** Deployment steps on the on-call charts that carry their start-up figures: the newest this many. */
export const STARTUP_STEPS = 100;

/**
 * The start-up figures (cold starts, lib/operations/cold-start.ts) of the newest STARTUP_STEPS of these deployment
 * steps, by id, as of `now`: one statement for the steps and one for their telemetry.
 */
export async function deploymentStartups(ids: string[], now: Date): Promise<Map<string, StartupView>> {
  if (!ids.length) return new Map();
  const db = await conn();
  const steps = await deploymentSteps(
    db,
    sql`d.id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::uuid)`,
    STARTUP_STEPS,
  );
  return startupFigures(db, steps, now.getTime());
}
