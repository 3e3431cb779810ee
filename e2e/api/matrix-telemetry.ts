// Rows of the route-by-role matrix (route-matrix.spec.ts) for telemetry: serving gateways post with a contributor's
// token; everyone signed in reads.
import type { Row } from "./matrix-types";

export const TELEMETRY_MATRIX: Record<string, Row> = {
  "POST /api/v1/telemetry": {
    action: "telemetry.write",
    call: (c, f) => ({
      path: "/api/v1/telemetry",
      data: {
        events: [
          { model: f.model, version: f.version, ts: new Date().toISOString(), latencyMs: 12.5, status: "ok", traceId: `matrix-${c.label}` },
        ],
      },
    }),
  },
  "GET /api/v1/models/[name]/telemetry": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/telemetry?version=${f.version}` }),
  },
};
