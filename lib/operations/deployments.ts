import "server-only";
import { sql } from "drizzle-orm";
import { conn, rows, transact } from "@/db/client";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize } from "../auth/policy";
import { syncReportedDeployment } from "../lineage/link";
import { deploymentSteps, startupFigures } from "./cold-start";
import { type Bound, findModel, findVersion, iso, reportedTime, window } from "./common";
import { type CreateDeploymentInput, type DeploymentView, MAX_ITEMS } from "./schemas";

type Row = {
  id: string;
  model: string;
  version: string;
  environment: string;
  strategy: string;
  traffic_percent: number;
  status: string;
  ts: string | Date;
};

const view = (r: Row): DeploymentView => ({
  id: r.id,
  model: r.model,
  version: r.version,
  environment: r.environment,
  strategy: r.strategy as DeploymentView["strategy"],
  trafficPercent: Number(r.traffic_percent),
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
    const [r] = await rows<Row>(
      sql`insert into deployments (version_id, environment, strategy, traffic_percent, status, ts, created_by)
        values (${versionId}, ${input.environment}, ${input.strategy}, ${input.trafficPercent}, ${input.status}, ${ts.toISOString()}::timestamptz, ${actor.email})
        returning id, ${input.model}::text as model, ${input.version}::text as version, environment, strategy, traffic_percent, status, ts`,
      tx,
    );
    const d = view(r);
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
  const list = await rows<Row>(
    sql`select d.id, ${m.name}::text as model, v.version, d.environment, d.strategy, d.traffic_percent, d.status, d.ts
      from deployments d join model_versions v on v.id = d.version_id
      where v.model_id = ${m.id}
        ${w.from ? sql`and d.ts >= ${w.from}::timestamptz` : sql``}
        ${w.to ? sql`and d.ts < ${w.to}::timestamptz` : sql``}
      order by d.ts desc, d.id desc
      limit ${Math.min(Math.max(1, limit), MAX_ITEMS)}`,
    db,
  );
  // Start-up figures (cold starts, cold-start.ts) for the newest STARTUP_ITEMS steps: one statement for all of them.
  const newest = list.slice(0, STARTUP_ITEMS).map((r) => r.id);
  const steps = newest.length
    ? await deploymentSteps(db, sql`d.id in (select (jsonb_array_elements_text(${JSON.stringify(newest)}::jsonb))::uuid)`)
    : [];
  const startup = await startupFigures(db, steps);
  return list.map((r) => {
    const s = startup.get(r.id);
    return s ? { ...view(r), startup: s } : view(r);
  });
}
