// Rows of the route-by-role matrix (route-matrix.spec.ts) for SLOs, alerts and silences: everyone reads; the model's
// owner (contributor@ owns the fixture model), reviewers and admins set SLOs; reviewers and admins silence.
import { modelOf, type Row } from "./matrix-types";

export const SLO_MATRIX: Record<string, Row> = {
  "POST /api/v1/models/[name]/slos": {
    action: "slos.manage",
    call: (c, f) => ({
      path: `/api/v1/models/${f.model}/slos`,
      data: { sli: "availability", objective: 0.999, name: `by ${c.label}` },
      subject: modelOf(f),
    }),
  },
  "GET /api/v1/models/[name]/slos": { action: "inventory.read", call: (_, f) => ({ path: `/api/v1/models/${f.model}/slos` }) },
  "GET /api/v1/alerts": { action: "inventory.read", call: () => ({ path: "/api/v1/alerts?state=firing" }) },
  "POST /api/v1/silences": {
    action: "silences.manage",
    call: (c, f) => ({
      path: "/api/v1/silences",
      data: { model: f.model, endsAt: new Date(Date.now() + 3_600_000).toISOString(), reason: `maintenance by ${c.label}` },
    }),
  },
  "GET /api/v1/silences": { action: "inventory.read", call: () => ({ path: "/api/v1/silences?active=true" }) },
};
