import "server-only";
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { conn, transact } from "@/db/client";
import { deployments, modelVersions } from "@/db/schema";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { syncReportedDeployment } from "../lineage/link";
import { deploymentSteps, startupFigures } from "./cold-start";
import { type Bound, findModel, findVersion, iso, reportedTime, window } from "./common";
import { type CreateDeploymentInput, type DeploymentView, MAX_ITEMS } from "./schemas";

type Row = Omit<typeof deployments.$inferSelect, "versionId" | "createdBy">;

/** A stored report as the API shows it, with its model's and version's names. */
const view = (r: Row, model: string, version: string): DeploymentView => ({
  id: r.id,
  model,
  version,
  environment: r.environment,
  strategy: r.strategy as DeploymentView["strategy"],
  trafficPercent: r.trafficPercent,
  status: r.status as DeploymentView["status"],
  ts: iso(r.ts),
});

/**
 * POST /api/v1/deployments: one step of a rollout as the serving platform reports it (each report is a row: started,
 * progressing at 10%, 50%, completed …). 404 naming an unknown model or version.
 */
export async function reportDeployment(actor: Actor, input: CreateDeploymentInput, now = new Date()): Promise<DeploymentView> {
  authorize(actor, "deployments.write");
  const ts = input.ts === undefined ? now : reportedTime(input.ts, "ts", now.getTime());
  return transact(async (tx) => {
    const { versionId } = await findVersion(tx, input.model, input.version);
    const [r] = await tx
      .insert(deployments)
      .values({
        versionId,
        environment: input.environment,
        strategy: input.strategy,
        trafficPercent: input.trafficPercent,
        status: input.status,
        ts,
        createdBy: actor.email,
      })
      .returning();
    const d = view(r, input.model, input.version);
    // API.md v1.2: the environment's lineage node follows the version last completed there.
    await syncReportedDeployment(tx, input.model, input.environment);
    await appendAudit(tx, actor, "deployment.reported", { type: "deployment", id: d.id }, null, d);
    return d;
  });
}

/** Steps of a list that carry their start-up figures (the newest). */
export const STARTUP_ITEMS = 100;

/**
 * A model's deployment reports with ts in [from, to), newest first (at most `limit`, 500). For the version page, the
 * on-call dashboard (annotations on its graphs) and GET /api/v1/models/{name}/deployments. The newest STARTUP_ITEMS
 * carry `startup`: the new version's error rate and p99 right after the step, against its steady state and the replaced
 * version's (lib/operations/cold-start.ts).
 */
export async function deploymentsBetween(
  actor: Actor,
  model: string | number,
  from?: Bound,
  to?: Bound,
  limit = MAX_ITEMS,
): Promise<DeploymentView[]> {
  authorize(actor, "inventory.read");
  const w = window(from, to);
  const db = await conn();
  const m = await findModel(db, model);
  const d = deployments;
  const list = await db
    .select({
      id: d.id,
      version: modelVersions.version,
      environment: d.environment,
      strategy: d.strategy,
      trafficPercent: d.trafficPercent,
      status: d.status,
      ts: d.ts,
    })
    .from(d)
    .innerJoin(modelVersions, eq(modelVersions.id, d.versionId))
    .where(
      and(eq(modelVersions.modelId, m.id), w.from ? gte(d.ts, new Date(w.from)) : undefined, w.to ? lt(d.ts, new Date(w.to)) : undefined),
    )
    .orderBy(desc(d.ts), desc(d.id))
    .limit(Math.min(Math.max(1, limit), MAX_ITEMS));
  // Start-up figures (cold starts, cold-start.ts) for the newest STARTUP_ITEMS steps: one statement for all of them.
  const newest = list.slice(0, STARTUP_ITEMS).map((r) => r.id);
  const steps = newest.length
    ? await deploymentSteps(db, sql`d.id in (select (jsonb_array_elements_text(${JSON.stringify(newest)}::jsonb))::uuid)`)
    : [];
  const startup = await startupFigures(db, steps);
  return list.map((r) => {
    const s = startup.get(r.id);
    const v = view(r, m.name, r.version);
    return s ? { ...v, startup: s } : v;
  });
}
