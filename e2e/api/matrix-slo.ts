// Rows of the route-by-role matrix (route-matrix.spec.ts) for SLOs, alerts and silences: everyone reads; the model's
// owner (contributor@ owns the fixture model), reviewers and admins set SLOs; reviewers and admins silence.
import type { Call, Caller, Fixture } from "./matrix-types";
import type { Role } from "./support";

type SloRow = { allowed: Role[] | "everyone"; call: (caller: Caller, f: Fixture) => Promise<Call> | Call };

export const SLO_MATRIX: Record<string, SloRow> = {
  "POST /api/v1/models/[name]/slos": {
    allowed: ["contributor", "reviewer", "admin"],
    call: (c, f) => ({ path: `/api/v1/models/${f.model}/slos`, data: { sli: "availability", objective: 0.999, name: `by ${c}` } }),
  },
  "GET /api/v1/models/[name]/slos": { allowed: "everyone", call: (_, f) => ({ path: `/api/v1/models/${f.model}/slos` }) },
  "GET /api/v1/alerts": { allowed: "everyone", call: () => ({ path: "/api/v1/alerts?state=firing" }) },
  "POST /api/v1/silences": {
    allowed: ["reviewer", "admin"],
    call: (c, f) => ({ path: "/api/v1/silences", data: { model: f.model, endsAt: new Date(Date.now() + 3_600_000).toISOString(), reason: `maintenance by ${c}` } }),
  },
  "GET /api/v1/silences": { allowed: "everyone", call: () => ({ path: "/api/v1/silences?active=true" }) },
};
