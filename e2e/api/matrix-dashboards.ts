// Rows of the route-by-role matrix (route-matrix.spec.ts) for dashboards: everyone signed in reads.
import type { Call, Caller, Fixture } from "./matrix-types";
import type { Role } from "./support";

type DashboardRow = { allowed: Role[] | "everyone"; call: (caller: Caller, f: Fixture) => Promise<Call> | Call };

export const DASHBOARDS_MATRIX: Record<string, DashboardRow> = {
  "GET /api/v1/dashboards/on-call": { allowed: "everyone", call: (_, f) => ({ path: `/api/v1/dashboards/on-call?range=1h&model=${f.model}` }) },
  "GET /api/v1/dashboards/debug": { allowed: "everyone", call: (_, f) => ({ path: `/api/v1/dashboards/debug?model=${f.model}&version=${f.version}&range=6h&compare=previous` }) },
};
