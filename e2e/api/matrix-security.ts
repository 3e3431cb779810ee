// Rows of the route-by-role matrix (route-matrix.spec.ts) for the security log: compliance and admins read it, as they
// read the audit trail; everyone else gets 403 (and each such 403 is itself a row in the log).
import type { Call, Caller, Fixture } from "./matrix-types";
import type { Role } from "./support";

type SecurityRow = { allowed: Role[] | "everyone"; call: (caller: Caller, f: Fixture) => Promise<Call> | Call };

export const SECURITY_MATRIX: Record<string, SecurityRow> = {
  "GET /api/v1/security/events": { allowed: ["compliance", "admin"], call: () => ({ path: "/api/v1/security/events" }) },
};
