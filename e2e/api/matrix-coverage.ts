// Rows of the route-by-role matrix (route-matrix.spec.ts) for failure-mode coverage: inventory.read (everyone signed in reads).
import type { Row } from "./matrix-types";

export const COVERAGE_MATRIX: Record<string, Row> = {
  "GET /api/v1/models/[name]/versions/[version]/coverage": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/coverage` }),
  },
  "GET /api/v1/coverage": { action: "inventory.read", call: () => ({ path: "/api/v1/coverage" }) },
};
