// Rows of the route-by-role matrix (route-matrix.spec.ts) for telemetry: serving gateways post with a contributor's
// token; everyone signed in reads.
import type { Call, Caller, Fixture } from "./matrix-types";
import type { Role } from "./support";

type TelemetryRow = { allowed: Role[] | "everyone"; call: (caller: Caller, f: Fixture) => Promise<Call> | Call };

export const TELEMETRY_MATRIX: Record<string, TelemetryRow> = {
  "POST /api/v1/telemetry": {
    allowed: ["contributor"],
    call: (c, f) => ({
      path: "/api/v1/telemetry",
      data: { events: [{ model: f.model, version: f.version, ts: new Date().toISOString(), latencyMs: 12.5, status: "ok", traceId: `matrix-${c}` }] },
    }),
  },
  "GET /api/v1/models/[name]/telemetry": { allowed: "everyone", call: (_, f) => ({ path: `/api/v1/models/${f.model}/telemetry?version=${f.version}` }) },
};
