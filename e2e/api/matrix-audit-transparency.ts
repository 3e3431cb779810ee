// Rows of the route-by-role matrix (route-matrix.spec.ts) for the audit log as a transparency log: like the trail,
// compliance and admins read the checkpoint's key and the proofs; everyone else gets 403.
import type { Call, Caller, Fixture } from "./matrix-types";
import type { Role } from "./support";

type TransparencyRow = { allowed: Role[]; call: (caller: Caller, f: Fixture) => Promise<Call> | Call };

export const AUDIT_TRANSPARENCY_MATRIX: Record<string, TransparencyRow> = {
  "GET /api/v1/audit/checkpoint/key": { allowed: ["compliance", "admin"], call: () => ({ path: "/api/v1/audit/checkpoint/key" }) },
  // Entry 1 is in every trail the e2e server starts with (the seeded portfolio writes hundreds).
  "GET /api/v1/audit/[seq]/proof": { allowed: ["compliance", "admin"], call: () => ({ path: "/api/v1/audit/1/proof?size=2" }) },
  "GET /api/v1/audit/consistency": { allowed: ["compliance", "admin"], call: () => ({ path: "/api/v1/audit/consistency?from=1&to=2" }) },
};
