// Rows of the route-by-role matrix (route-matrix.spec.ts) for the integrations: Prometheus scrapes with a read token;
// OpenTelemetry exporters post spans with a contributor's write token.
import type { Row } from "./matrix-types";

export const INTEGRATIONS_MATRIX: Record<string, Row> = {
  "GET /api/v1/metrics": { action: "inventory.read", call: () => ({ path: "/api/v1/metrics" }) },
};
