// Rows of the route-by-role matrix (route-matrix.spec.ts) for issue 23's CLI work: the webhook payload schemas, read by
// anyone with a read credential (inventory.read), since they describe shapes and hold no data.
import type { Row } from "./matrix-types";

export const CLI_MATRIX: Record<string, Row> = {
  "GET /api/v1/webhooks/schemas": { action: "inventory.read", call: () => ({ path: "/api/v1/webhooks/schemas" }) },
};
