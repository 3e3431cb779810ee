// `steward import mlflow` against an MLflow tracking server played by node:http in this test, answering as MLflow's
// REST API reference and protos (mlflow/protos/model_registry.proto, service.proto) define: registered-models/search
// and model-versions/search paged by next_page_token (two a page here, so every list takes two pages or more),
// registered models with tags, aliases and latest_versions, versions with current_stage, run_id, source and status,
// runs/get with run.data.metrics[] / params[] / tags[], and MLflow's error body for a run that is gone.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { expectExit, steward } from "../cli";
import { E2E } from "../env";
import { adminApi, apiAs, tokenFor, unique } from "../fixtures";
import { auditEntries } from "./support";

const U = E2E.users;
const T0 = 1_730_000_000_000;
type Tag = { key: string; value: string };
type MV = {
  name: string;
  version: string;
  current_stage: string;
  description: string;
  source: string;
  run_id: string;
  status: string;
  tags: Tag[];
  aliases: string[];
};
type RM = { name: string; description: string; tags: Tag[]; aliases: { alias: string; version: string }[] };

const suffix = unique("m").slice(2);
const CREDIT = `Credit Scoring ${suffix}`;
const FRAUD = `fraud_detector_${suffix}`;
const CHURN = `churn-${suffix}`;
const RUN_V2 = "a1b2c3d4e5f64718993a4b5c6d7e8f90";
const RUN_V3 = "0f1e2d3c4b5a49788796a5b4c3d2e1f0";
const RUN_GONE = "ffffffffffffffffffffffffffffffff";

const mv = (name: string, version: string, current_stage: string, run_id: string, aliases: string[] = [], description = ""): MV => ({
  name,
  version,
  current_stage,
  description,
  source: `s3://mlflow-artifacts/${run_id || "none"}/artifacts/model`,
  run_id,
  status: "READY",
  tags: [],
  aliases,
});
const VERSIONS: MV[] = [
  mv(CREDIT, "1", "Archived", RUN_GONE),
  mv(CREDIT, "2", "Production", RUN_V2, [], "Gradient boosting, Q3 data"),
  mv(CREDIT, "3", "None", RUN_V3, ["challenger"]),
  mv(FRAUD, "1", "Staging", ""),
  mv(CHURN, "1", "None", ""),
];
// By name, as MLflow orders them ("C" sorts before "c").
const MODELS: RM[] = [
  {
    name: CREDIT,
    description: "Scores loan applications.",
    tags: [{ key: "team", value: "risk" }],
    aliases: [{ alias: "challenger", version: "3" }],
  },
  { name: CHURN, description: "", tags: [], aliases: [] },
  { name: FRAUD, description: "Flags card transactions.", tags: [], aliases: [] },
];
const RUNS: Record<string, { metrics: { key: string; value: number; timestamp: number; step: number }[]; params: Tag[]; tags: Tag[] }> = {
  [RUN_V2]: {
    metrics: [
      { key: "auc", value: 0.912, timestamp: T0 + 5000, step: 9 },
      { key: "log_loss", value: 0.231, timestamp: T0 + 5000, step: 9 },
    ],
    params: [
      { key: "max_depth", value: "6" },
      { key: "learning_rate", value: "0.05" },
    ],
    tags: [{ key: "mlflow.source.git.commit", value: "3f5e9a1c0b7d4e2f8a6c1b9d0e3f7a5c2b4d6e8f" }],
  },
  [RUN_V3]: { metrics: [{ key: "auc", value: 0.925, timestamp: T0 + 9000, step: 12 }], params: [], tags: [] },
};

/** MLflow's page tokens are opaque: here a base64 offset. */
const token = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString("base64");
const offsetOf = (t: string | null) => (t ? JSON.parse(Buffer.from(t, "base64").toString()).offset : 0);
function page<T>(items: T[], q: URLSearchParams) {
  const size = Number(q.get("max_results") ?? 100);
  const from = offsetOf(q.get("page_token"));
  const slice = items.slice(from, from + size);
  return { items: slice, next: from + size < items.length ? token(from + size) : undefined };
}
const fullVersion = (v: MV) => ({ ...v, creation_timestamp: T0, last_updated_timestamp: T0 + 1000, user_id: "", run_link: "" });

const requests: string[] = [];
let server: http.Server;
let mlflowUrl: string;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://mlflow");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const q = url.searchParams;
    if (req.method !== "GET") return send(405, { error_code: "BAD_REQUEST", message: "GET only here" });
    if (url.pathname === "/api/2.0/mlflow/registered-models/search") {
      const p = page(MODELS, q);
      const registered_models = p.items.map((m) => ({
        ...m,
        creation_timestamp: T0,
        last_updated_timestamp: T0 + 1000,
        // Only models with a READY version in some stage; one per stage, as getLatestVersions gives them.
        latest_versions: [...new Map(VERSIONS.filter((v) => v.name === m.name).map((v) => [v.current_stage, fullVersion(v)])).values()],
        ...(m.description ? {} : { description: undefined }),
      }));
      return send(200, { registered_models, ...(p.next ? { next_page_token: p.next } : {}) });
    }
    if (url.pathname === "/api/2.0/mlflow/model-versions/search") {
      // filter: name='<model>' (single quotes, as the proto says)
      const f = q.get("filter") ?? "";
      const name = f.startsWith("name='") && f.endsWith("'") ? f.slice(6, -1).replaceAll("\\'", "'") : null;
      if (name === null) return send(400, { error_code: "INVALID_PARAMETER_VALUE", message: `Invalid filter '${f}'` });
      const p = page(VERSIONS.filter((v) => v.name === name).map(fullVersion), q);
      return send(200, { model_versions: p.items, ...(p.next ? { next_page_token: p.next } : {}) });
    }
    if (url.pathname === "/api/2.0/mlflow/runs/get") {
      const id = q.get("run_id") ?? "";
      const run = RUNS[id];
      if (!run) return send(404, { error_code: "RESOURCE_DOES_NOT_EXIST", message: `Run '${id}' not found` });
      return send(200, {
        run: {
          info: {
            run_id: id,
            run_uuid: id,
            experiment_id: "1",
            run_name: "train",
            user_id: "ci",
            status: "FINISHED",
            start_time: T0,
            end_time: T0 + 60_000,
            artifact_uri: `s3://mlflow-artifacts/${id}/artifacts`,
            lifecycle_stage: "active",
          },
          data: run,
          inputs: {},
        },
      });
    }
    send(404, { error_code: "ENDPOINT_NOT_FOUND", message: "No such endpoint" });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  mlflowUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const slugOf = (n: string) => n.toLowerCase().replaceAll(" ", "-");

test("import mlflow: a dry run lists, --apply creates models, versions, releases and retirements, a second run changes nothing", async () => {
  test.setTimeout(120_000);
  const tokenC = await tokenFor(U.contributor, ["read", "write"]);
  const run = (...extra: string[]) => steward(["import", "mlflow", "--url", mlflowUrl, "--page-size", "2", ...extra], tokenC);
  const viewer = await apiAs(U.viewer);
  const admin = await adminApi();
  const credit = slugOf(CREDIT);
  const fraud = FRAUD;

  // The audit trail about these models: every write to them appends there (the evaluator's own entries elsewhere do not count).
  const trail = async () => (await Promise.all([credit, fraud, CHURN].map((model) => auditEntries(admin, { model })))).flat().length;

  // Dry run: the plan, nothing written.
  const dry = expectExit(await run("--json"), 0);
  const plan = JSON.parse(dry.stdout);
  expect(plan.applied).toBe(false);
  const mine = plan.steps.filter((s: { model: string }) => [credit, fraud, CHURN].includes(s.model));
  expect(
    mine.map((s: { action: string; model: string; version?: string }) => `${s.action} ${s.model}${s.version ? ` ${s.version}` : ""}`),
  ).toEqual([
    `create model ${credit}`,
    `create version ${credit} 1`,
    `retire ${credit} 1`,
    `create version ${credit} 2`,
    `request release ${credit} 2`,
    `create version ${credit} 3`,
    `request release ${credit} 3`,
    `create model ${CHURN}`,
    `create version ${CHURN} 1`,
    `create model ${fraud}`,
    `create version ${fraud} 1`,
    `request release ${fraud} 1`,
  ]);
  for (const name of [credit, fraud, CHURN]) expect((await viewer.get(`/api/v1/models/${name}`)).status()).toBe(404);
  expect(await trail()).toBe(0);
  // Both lists were paged: three models at two a page, three versions of one model at two a page.
  expect(requests.filter((r) => r.includes("registered-models/search") && r.includes("page_token=")).length).toBeGreaterThanOrEqual(1);
  expect(requests.filter((r) => r.includes("model-versions/search") && r.includes("page_token=")).length).toBeGreaterThanOrEqual(1);

  // Apply.
  const applied = expectExit(await run("--apply"), 0);
  expect(applied.stdout).toContain("done create model");
  const model = await (await viewer.get(`/api/v1/models/${credit}`)).json();
  expect(model).toMatchObject({
    name: credit,
    title: CREDIT,
    description: "Scores loan applications.",
    owner: U.contributor,
    riskTier: "medium",
  });
  expect(model.tags).toEqual(["team=risk", "mlflow-alias:challenger=3"]);
  const v2 = await (await viewer.get(`/api/v1/models/${credit}/versions/2`)).json();
  expect(v2.metrics).toEqual({ auc: 0.912, log_loss: 0.231 });
  expect(v2.params).toMatchObject({ max_depth: "6", learning_rate: "0.05", "mlflow.run_id": RUN_V2, "mlflow.stage": "Production" });
  expect(v2.trainingRunId).toBe("a1b2c3d4-e5f6-4718-993a-4b5c6d7e8f90");
  expect(v2.gitCommit).toBe("3f5e9a1c0b7d4e2f8a6c1b9d0e3f7a5c2b4d6e8f");
  expect(v2.artifactUri).toBe(`s3://mlflow-artifacts/${RUN_V2}/artifacts/model`);
  expect(v2.description).toBe("Gradient boosting, Q3 data");
  const v1 = await (await viewer.get(`/api/v1/models/${credit}/versions/1`)).json();
  expect(v1.stage).toBe("retired");
  expect(v1.metrics).toEqual({});
  // Production and Staging stages, and the challenger alias, become release requests for reviewers to decide.
  const releases = (await (await viewer.get(`/api/v1/releases?status=pending&limit=500`)).json()).items
    .filter((r: { model: string }) => r.model === credit || r.model === fraud)
    .map((r: { model: string; version: string; targetStage: string }) => `${r.model} ${r.version} ${r.targetStage}`)
    .sort();
  expect(releases).toEqual([`${credit} 2 production`, `${credit} 3 staging`, `${fraud} 1 staging`].sort());

  // Again: nothing to do, nothing written.
  const written = await trail();
  expect(written).toBeGreaterThanOrEqual(12);
  const again = expectExit(await run("--apply", "--json"), 0);
  const second = JSON.parse(again.stdout);
  expect(
    second.steps.filter((s: { model: string; action: string }) => [credit, fraud, CHURN].includes(s.model) && s.action !== "unchanged"),
  ).toEqual([]);
  expect(await trail()).toBe(written);
  await viewer.dispose();
  await admin.dispose();
});

test("import mlflow: an unreachable server or one that refuses says so", async () => {
  const tokenC = await tokenFor(U.contributor, ["read", "write"]);
  const down = expectExit(await steward(["import", "mlflow", "--url", "http://127.0.0.1:9"], tokenC), 3);
  expect(down.stderr).toContain("Could not reach MLflow at http://127.0.0.1:9");
  const wrong = expectExit(await steward(["import", "mlflow", "--url", `${mlflowUrl}/nothing-here`], tokenC), 3);
  expect(wrong.stderr).toContain("MLflow refused GET registered-models/search: ENDPOINT_NOT_FOUND");
  expect(expectExit(await steward(["import", "mlflow"], tokenC), 4).stderr).toContain("needs --url");
});
