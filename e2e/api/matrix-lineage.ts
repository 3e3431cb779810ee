// Rows of the route-by-role matrix (route-matrix.spec.ts) for the lineage endpoints: everyone reads, contributors
// (pipelines) post events.
import { randomUUID } from "node:crypto";
import type { Row } from "./matrix-types";

const DATASET = `dataset:${encodeURIComponent("postgres://warehouse:5432")}:${encodeURIComponent("raw.card_transactions")}`;
const q = encodeURIComponent(DATASET);

export const LINEAGE_MATRIX: Record<string, Row> = {
  "POST /api/v1/lineage": {
    action: "lineage.write",
    call: (c) => ({
      path: "/api/v1/lineage",
      data: {
        eventType: "COMPLETE",
        eventTime: "2026-11-20T10:00:00Z",
        producer: "https://example.com/matrix",
        schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        run: { runId: randomUUID() },
        job: { namespace: "matrix", name: `job-by-${c.label}` },
        outputs: [{ namespace: "matrix", name: `out-by-${c.label}` }],
      },
    }),
  },
  "GET /api/v1/lineage/graph": { action: "inventory.read", call: () => ({ path: `/api/v1/lineage/graph?node=${q}&depth=1` }) },
  "GET /api/v1/lineage/impact": { action: "inventory.read", call: () => ({ path: `/api/v1/lineage/impact?node=${q}` }) },
  "GET /api/v1/lineage/nodes": { action: "inventory.read", call: () => ({ path: "/api/v1/lineage/nodes?q=card" }) },
  "GET /api/v1/lineage/node": { action: "inventory.read", call: () => ({ path: `/api/v1/lineage/node?node=${q}` }) },
};
