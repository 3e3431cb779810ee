// API.md "Additions (v1.2)", Deployments in lineage: a deployment reported through POST /api/v1/deployments gives the
// node deployment:{model}:{environment}, fed by the version last completed there, beside the stage nodes; impact lists it.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows, transact } from "@/db/client";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { reportDeployment } from "@/lib/operations/deployments";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { lineageGraph, lineageImpact } from "./graph";
import { backfillReportedDeployments } from "./link";

const chen = person("Chen", ["contributor"], 1);
const M = "churn-deploy";
const PROD = "deployment:churn-deploy:prod";
const report = (
  version: string,
  environment: string,
  status: "started" | "progressing" | "completed" | "rolled_back" | "failed",
  ts: string,
) =>
  reportDeployment(chen, {
    model: M,
    version,
    environment,
    strategy: "canary",
    trafficPercent: status === "completed" ? 100 : 10,
    status,
    ts,
  });
const feeders = async (node: string) => (await lineageGraph(chen, { node, direction: "upstream", depth: 1 })).edges.map((e) => e.source);

describe("deployments in lineage (database)", () => {
  useFreshStore();

  it("points deployment:{model}:{environment} at the version last completed there, by report time, in the report's transaction", async () => {
    await createModel(chen, { name: M, owner: chen.email, riskTier: "medium" });
    await createVersion(chen, M, { version: "1.0", inputs: [{ namespace: "s3://lake", name: "churn.features" }] });
    await createVersion(chen, M, { version: "2.0", inputs: [{ namespace: "s3://lake", name: "churn.features" }] });

    // A rollout that has not completed draws nothing.
    await report("1.0", "prod", "started", "2026-11-01T10:00:00Z");
    expect(await rows(sql`select id from lineage_nodes where id = ${PROD}`)).toEqual([]);

    await report("1.0", "prod", "completed", "2026-11-01T11:00:00Z");
    expect(await feeders(PROD)).toEqual(["model:churn-deploy:1.0"]);
    const g = await lineageGraph(chen, { node: PROD, direction: "upstream", depth: 0 });
    expect(g.nodes[0]).toMatchObject({ id: PROD, type: "deployment", namespace: M, name: "prod", environment: "prod", version: "1.0" });

    // 2.0's canary progresses: prod is still fed by 1.0; once 2.0 completes, by 2.0 alone.
    await report("2.0", "prod", "progressing", "2026-11-05T10:00:00Z");
    expect(await feeders(PROD)).toEqual(["model:churn-deploy:1.0"]);
    await report("2.0", "prod", "completed", "2026-11-05T12:00:00Z");
    expect(await feeders(PROD)).toEqual(["model:churn-deploy:2.0"]);

    // A report that arrives late, about an earlier completion, changes nothing; a rollback completed later does.
    await report("1.0", "prod", "completed", "2026-11-03T00:00:00Z");
    expect(await feeders(PROD)).toEqual(["model:churn-deploy:2.0"]);
    await report("1.0", "prod", "completed", "2026-11-06T08:00:00Z");
    expect(await feeders(PROD)).toEqual(["model:churn-deploy:1.0"]);

    // Another environment is a node of its own.
    await report("2.0", "canary-eu", "completed", "2026-11-06T09:00:00Z");
    expect(await feeders("deployment:churn-deploy:canary-eu")).toEqual(["model:churn-deploy:2.0"]);

    // Impact of the versions' input dataset lists both deployments with their environment and version (by version).
    const impact = await lineageImpact(chen, { type: "dataset", namespace: "s3://lake", name: "churn.features" });
    expect(impact.items.filter((i) => i.type === "deployment").map((i) => [i.id, i.environment, i.version])).toEqual([
      [PROD, "prod", "1.0"],
      ["deployment:churn-deploy:canary-eu", "canary-eu", "2.0"],
    ]);
  });

  it("leaves the stage nodes' own edges alone, and draws deployments written before v1.2 once at start-up", async () => {
    // A report into the environment named production draws its own edge beside the stage's (none here: no release).
    await report("2.0", "production", "completed", "2026-11-07T09:00:00Z");
    const edges = await rows<{ source: string; origin: string }>(
      sql`select source, origin from lineage_edges where target = 'deployment:churn-deploy:production'`,
    );
    expect(edges).toEqual([{ source: "model:churn-deploy:2.0", origin: "deployment_report" }]);

    // Rows written straight into the table (as an older store or the seed has them) are drawn by the start-up backfill.
    await rows(sql`insert into deployments (version_id, environment, strategy, traffic_percent, status, ts, created_by)
      select v.id, 'shadow', 'shadow', 0, 'completed', '2026-11-08T00:00:00Z', 'seed' from model_versions v join models m on m.id = v.model_id
      where m.name = ${M} and v.version = '1.0'`);
    expect(await transact((tx) => backfillReportedDeployments(tx))).toBe(1);
    expect(await feeders("deployment:churn-deploy:shadow")).toEqual(["model:churn-deploy:1.0"]);
    expect(await transact((tx) => backfillReportedDeployments(tx))).toBe(0);
  });
});
