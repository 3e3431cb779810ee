// Rows of the route-by-role matrix (route-matrix.spec.ts) for drift and quality: a version's contributors register its
// reference profile and pipelines post labels (contributor tokens); everyone signed in reads, and may compare two
// samples on demand (a computation that stores nothing).
import type { Call, Caller, Fixture } from "./matrix-types";
import type { Role } from "./support";

type DriftRow = { allowed: Role[] | "everyone"; call: (caller: Caller, f: Fixture) => Promise<Call> | Call };
const profile = { features: { amount: { type: "numeric", values: [1, 2, 3, 4, 5, 6, 7, 8] }, channel: { type: "categorical", counts: { web: 3, app: 2 } } } };

export const DRIFT_MATRIX: Record<string, DriftRow> = {
  "PUT /api/v1/models/[name]/versions/[version]/reference": { allowed: ["contributor"], call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/reference`, data: profile }) },
  "GET /api/v1/models/[name]/versions/[version]/reference": {
    allowed: "everyone",
    call: async (_, f) => {
      // readable once registered: the fixture's contributor registers it (idempotent: a PUT replaces)
      await f.contributor.put(`/api/v1/models/${f.model}/versions/${f.version}/reference`, { data: profile });
      return { path: `/api/v1/models/${f.model}/versions/${f.version}/reference` };
    },
  },
  "POST /api/v1/models/[name]/versions/[version]/drift": {
    allowed: "everyone",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/drift`, data: { feature: "amount", type: "numeric", reference: [1, 2, 3, 4, 5, 6], current: [2, 3, 4, 5, 6, 7] } }),
  },
  "GET /api/v1/models/[name]/drift": { allowed: "everyone", call: (_, f) => ({ path: `/api/v1/models/${f.model}/drift?version=${f.version}` }) },
  "POST /api/v1/labels": { allowed: ["contributor"], call: (c) => ({ path: "/api/v1/labels", data: { labels: [{ traceId: `matrix-${c}`, label: 1 }] } }) },
  "GET /api/v1/models/[name]/quality": { allowed: "everyone", call: (_, f) => ({ path: `/api/v1/models/${f.model}/quality?version=${f.version}` }) },
};
