// Rows of the route-by-role matrix (route-matrix.spec.ts) for the security log: compliance and admins read it, as they
// read the audit trail; everyone else gets 403 (and each such 403 is itself a row in the log).
import type { Row } from "./matrix-types";

export const SECURITY_MATRIX: Record<string, Row> = {
  "GET /api/v1/security/events": { action: "security.read", call: () => ({ path: "/api/v1/security/events" }) },
};
