import "server-only";
import { sql } from "drizzle-orm";
import { rows, type Tx } from "@/db/client";
import type { AlertCandidate } from "../slo/candidate";
import { COLD_MIN_ERROR_RATE, COLD_RATIO, deploymentSteps, MIN_REQUESTS, type Step, startupFigures } from "./cold-start";

/** A cold-start ticket stays open at most this long after its step (unless a later step resolves it first). */
export const COLD_START_ALERT_HOURS = 24;
const HOUR = 3_600_000;

/** See lib/slo/candidate.ts. */
export type ColdStartAlertCandidate = AlertCandidate<"cold_start"> & {
  versionId: number;
  version: string;
  sloId: null;
  severity: "ticket" | null;
};

const pct = (x: number | null) => (x === null ? "n/a" : `${Number((x * 100).toFixed(2))}%`);

/**
 * Cold-start tickets, one per deployment step (lib/operations/cold-start.ts says when a step is a cold start). Judged:
 * the steps of the last COLD_START_ALERT_HOURS and those with a ticket open. A ticket fires as soon as the step is
 * judged a cold start (its cold window and at least MIN_REQUESTS requests of steady state are in), then stays open,
 * its figures refreshed as the steady window fills, until whichever comes first:
 * - a later step is reported for the model in that environment (the rollout moved on: that step is judged afresh), or
 * - COLD_START_ALERT_HOURS have passed since the step.
 * A step already resolved, or past either point, never fires again. Shape as settle() in lib/slo/evaluate.ts takes.
 */
export async function coldStartAlertCandidates(tx: Tx, now: Date): Promise<ColdStartAlertCandidate[]> {
  const nowIso = now.toISOString();
  const steps = await deploymentSteps(
    tx,
    sql`d.ts <= ${nowIso}::timestamptz and (d.ts > ${nowIso}::timestamptz - make_interval(hours => ${COLD_START_ALERT_HOURS})
      or exists (select 1 from alerts a where a.key = 'cold_start:' || d.id::text and a.state = 'firing'))`,
    5000,
  );
  if (!steps.length) return [];
  const seen = await rows<{ key: string; state: string }>(
    sql`select key, state from alerts where kind = 'cold_start'
      and key in (select 'cold_start:' || (jsonb_array_elements_text(${JSON.stringify(steps.map((s) => s.id))}::jsonb)))`,
    tx,
  );
  const firing = new Set(seen.filter((a) => a.state === "firing").map((a) => a.key));
  const resolved = new Set(seen.filter((a) => a.state !== "firing").map((a) => a.key));
  const over = (s: Step) => (s.nextTs !== null && s.nextTs <= now.getTime()) || now.getTime() - s.ts >= COLD_START_ALERT_HOURS * HOUR;
  const figures = await startupFigures(
    tx,
    steps.filter((s) => !over(s)),
    now.getTime(),
  );
  const out: ColdStartAlertCandidate[] = [];
  for (const s of [...steps].sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1))) {
    const key = `cold_start:${s.id}`;
    const base = {
      key,
      kind: "cold_start" as const,
      modelId: s.modelId,
      model: s.model,
      versionId: s.versionId,
      version: s.version,
      sloId: null,
    };
    const f = figures.get(s.id);
    if (!f) {
      // Over: a later step was reported, or the day has passed.
      if (firing.has(key)) out.push({ ...base, severity: null, title: "", details: {} });
      continue;
    }
    // An episode that resolved stays resolved; a step that is not (yet) a cold start raises nothing.
    if (!firing.has(key) && (resolved.has(key) || !f.coldStart)) continue;
    const at = new Date(s.ts).toISOString();
    out.push({
      ...base,
      severity: "ticket",
      title: `${s.model} ${s.version}: start-up error rate ${pct(f.cold.errorRate)} in the first 10 minutes after the ${s.environment} deployment step (${s.status}, ${s.trafficPercent}%) at ${at}, ${f.ratio === null ? "against no errors" : `${Number(f.ratio.toFixed(1))}×`} in steady state (${pct(f.steady?.errorRate ?? null)})`,
      details: {
        deploymentId: s.id,
        environment: s.environment,
        strategy: s.strategy,
        status: s.status,
        trafficPercent: s.trafficPercent,
        at,
        cold: f.cold,
        steady: f.steady,
        replacedVersion: f.replacedVersion,
        replaced: f.replaced,
        ratio: f.ratio,
        rule: { ratio: COLD_RATIO, minErrorRate: COLD_MIN_ERROR_RATE, minRequests: MIN_REQUESTS },
        resolvesBy: new Date(s.ts + COLD_START_ALERT_HOURS * HOUR).toISOString(),
      },
    });
  }
  return out;
}
