// Rows of the route-by-role matrix (route-matrix.spec.ts) for dashboards: inventory.read (everyone signed in reads).
import type { Row } from "./matrix-types";

export const DASHBOARDS_MATRIX: Record<string, Row> = {
  "GET /api/v1/dashboards/on-call": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/dashboards/on-call?range=1h&model=${f.model}` }),
  },
  "GET /api/v1/dashboards/debug": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/dashboards/debug?model=${f.model}&version=${f.version}&range=6h&compare=previous` }),
  },
};
