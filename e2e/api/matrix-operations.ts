// Rows of the route-by-role matrix (route-matrix.spec.ts) for deployments, pipeline runs and resource points: the
// serving platform and pipelines post with a contributor's token (admins may report deployments too); everyone
// signed in reads. contributor@ owns the fixture model, which does not matter here: any contributor reports.
import type { Row } from "./matrix-types";

let runs = 0;

export const OPERATIONS_MATRIX: Record<string, Row> = {
  "POST /api/v1/deployments": {
    action: "deployments.write",
    call: (_, f) => ({
      path: "/api/v1/deployments",
      data: { model: f.model, version: f.version, environment: "staging", strategy: "canary", trafficPercent: 10, status: "started" },
    }),
  },
  "POST /api/v1/pipeline-runs": {
    action: "pipelines.write",
    // A run of its own for each caller (a distinct startedAt), so an allowed call never meets another's run.
    call: (c, f) => ({
      path: "/api/v1/pipeline-runs",
      data: {
        pipeline: "matrix-retrain",
        model: f.model,
        status: "running",
        trigger: "manual",
        startedAt: new Date(Date.now() - 60_000 - runs++ * 1000).toISOString(),
        message: `by ${c.label}`,
      },
    }),
  },
  "POST /api/v1/resources": {
    action: "telemetry.write",
    call: (_, f) => ({
      path: "/api/v1/resources",
      data: {
        points: [
          {
            model: f.model,
            version: f.version,
            environment: "staging",
            ts: new Date().toISOString(),
            cpu: 0.5,
            memoryMb: 512,
            replicas: 2,
          },
        ],
      },
    }),
  },
  "GET /api/v1/models/[name]/pipeline-runs": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/pipeline-runs` }),
  },
  "GET /api/v1/models/[name]/deployments": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/deployments?limit=10` }),
  },
};
