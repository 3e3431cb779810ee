// API.md "Additions (v1.2)" over real HTTP: a version reported through POST /api/v1/deployments as completed in
// environment prod gets the node deployment:{model}:prod, fed by that version; impact lists it.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs, disposeAll, expectStatus, newModel, newVersion } from "./support";

const enc = encodeURIComponent;
let pipeline: APIRequestContext;
let viewer: APIRequestContext;
test.beforeAll(async () => {
  pipeline = await apiAs(E2E.users.contributor);
  viewer = await apiAs(E2E.users.viewer);
});
test.afterAll(() => disposeAll(pipeline, viewer));

test("a completed deployment in prod becomes deployment:{model}:prod, fed by the version last completed there", async () => {
  const { name } = await newModel(pipeline);
  const inputs = [{ namespace: "s3://e2e-lake", name: `${name}.features` }];
  await newVersion(pipeline, name, "1.0", { inputs });
  await newVersion(pipeline, name, "2.0", { inputs });
  const deploy = async (version: string, status: string, ts: string) =>
    expectStatus(
      await pipeline.post("/api/v1/deployments", {
        data: { model: name, version, environment: "prod", strategy: "canary", trafficPercent: 100, status, ts },
      }),
      201,
    );
  const upstream = async () => {
    const res = await viewer.get(`/api/v1/lineage/graph?type=deployment&namespace=${name}&name=prod&direction=upstream&depth=1`);
    await expectStatus(res, 200);
    return res.json();
  };

  await deploy("1.0", "completed", "2026-11-01T10:00:00Z");
  const first = await upstream();
  expect(first.root).toBe(`deployment:${name}:prod`);
  expect(first.edges).toEqual([{ source: `model:${name}:1.0`, target: `deployment:${name}:prod` }]);
  expect(first.nodes.find((n: { id: string }) => n.id === `deployment:${name}:prod`)).toMatchObject({
    type: "deployment",
    environment: "prod",
    version: "1.0",
  });

  // 2.0 started: still 1.0. 2.0 completed: 2.0 alone.
  await deploy("2.0", "started", "2026-11-02T10:00:00Z");
  expect((await upstream()).edges.map((e: { source: string }) => e.source)).toEqual([`model:${name}:1.0`]);
  await deploy("2.0", "completed", "2026-11-02T11:00:00Z");
  expect((await upstream()).edges.map((e: { source: string }) => e.source)).toEqual([`model:${name}:2.0`]);

  const impact = await viewer.get(`/api/v1/lineage/impact?node=${enc(`dataset:${enc("s3://e2e-lake")}:${enc(`${name}.features`)}`)}`);
  await expectStatus(impact, 200);
  const items = (await impact.json()).items.map(
    (i: { type: string; environment: string | null; version: string | null }) => `${i.type} ${i.environment ?? "-"} ${i.version}`,
  );
  expect(items).toEqual(["deployment prod 2.0", "model - 1.0", "model - 2.0"]);
});
