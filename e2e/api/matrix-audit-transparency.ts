// Rows of the route matrix (route-matrix.spec.ts) for the audit log as a transparency log: like the trail, its
// checkpoint key and proofs are the policy's audit.read (compliance and admins).
import type { Row } from "./matrix-types";

export const AUDIT_TRANSPARENCY_MATRIX: Record<string, Row> = {
  "GET /api/v1/audit/checkpoint/key": { action: "audit.read", call: () => ({ path: "/api/v1/audit/checkpoint/key" }) },
  // Entry 1 is in every trail the e2e server starts with (the seeded portfolio writes hundreds).
  "GET /api/v1/audit/[seq]/proof": { action: "audit.read", call: () => ({ path: "/api/v1/audit/1/proof?size=2" }) },
  "GET /api/v1/audit/checkpoints": { action: "audit.read", call: () => ({ path: "/api/v1/audit/checkpoints" }) },
  "POST /api/v1/audit/checkpoints": { action: "audit.publish", call: () => ({ path: "/api/v1/audit/checkpoints", data: {} }) },
  "GET /api/v1/audit/consistency": { action: "audit.read", call: () => ({ path: "/api/v1/audit/consistency?from=1&to=2" }) },
};
