// Rows of the route-by-role matrix (route-matrix.spec.ts) for data-quality results: pipelines post Great Expectations
// validation results with the policy's lineage.write (contributors), as they post OpenLineage events.
import type { Row } from "./matrix-types";

const result = {
  success: true,
  results: [{ expectation_config: { type: "expect_column_to_exist", kwargs: { column: "id" } }, success: true }],
  statistics: { evaluated_expectations: 1, successful_expectations: 1, unsuccessful_expectations: 0, success_percent: 100 },
  meta: { expectation_suite_name: "matrix" },
};

export const DATA_QUALITY_MATRIX: Record<string, Row> = {
  "POST /api/v1/data-quality": {
    action: "lineage.write",
    call: (c) => ({ path: `/api/v1/data-quality?namespace=matrix&name=${encodeURIComponent(`checked-by-${c.label}`)}`, data: result }),
  },
};
