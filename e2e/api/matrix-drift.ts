// Rows of the route matrix (route-matrix.spec.ts) for drift and quality: a version's reference profile is evidence
// (its model's owner, a maintainer or an admin registers it); pipelines post labels (telemetry ingest, any
// contributor); everyone signed in reads, and may compare two samples on demand (a computation that stores nothing).
import { modelOf, type Row } from "./matrix-types";

const profile = {
  features: { amount: { type: "numeric", values: [1, 2, 3, 4, 5, 6, 7, 8] }, channel: { type: "categorical", counts: { web: 3, app: 2 } } },
};

export const DRIFT_MATRIX: Record<string, Row> = {
  "PUT /api/v1/models/[name]/versions/[version]/reference": {
    action: "evidence.write",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/reference`, data: profile, subject: modelOf(f) }),
  },
  "GET /api/v1/models/[name]/versions/[version]/reference": {
    action: "inventory.read",
    call: async (_, f) => {
      // readable once registered: the fixture's owner registers it (idempotent: a PUT replaces)
      await f.contributor.put(`/api/v1/models/${f.model}/versions/${f.version}/reference`, { data: profile });
      return { path: `/api/v1/models/${f.model}/versions/${f.version}/reference` };
    },
  },
  "POST /api/v1/models/[name]/versions/[version]/drift": {
    action: "inventory.read",
    call: (_, f) => ({
      path: `/api/v1/models/${f.model}/versions/${f.version}/drift`,
      data: { feature: "amount", type: "numeric", reference: [1, 2, 3, 4, 5, 6], current: [2, 3, 4, 5, 6, 7] },
    }),
  },
  "GET /api/v1/models/[name]/drift": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/drift?version=${f.version}` }),
  },
  "POST /api/v1/labels": {
    action: "telemetry.write",
    call: (c) => ({ path: "/api/v1/labels", data: { labels: [{ traceId: `matrix-${c.label}`, label: 1 }] } }),
  },
  "GET /api/v1/models/[name]/quality": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/quality?version=${f.version}` }),
  },
};
