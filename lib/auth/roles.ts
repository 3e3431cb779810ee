export const ROLES = ["viewer", "contributor", "reviewer", "compliance", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const SCOPES = ["read", "write", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * What each permission needs: the roles that grant it, and the token scope that must be present
 * when the caller is a token (a token acts as its user, narrowed by its scopes).
 */
export const PERMISSIONS = {
  "inventory.read": { roles: ROLES, scope: "read" },
  "inventory.write": { roles: ["contributor"], scope: "write" },
  "inventory.admin": { roles: ["admin"], scope: "write" },
  "inventory.risk": { roles: ["compliance", "admin"], scope: "write" },
  "audit.read": { roles: ["compliance", "admin"], scope: "read" },
  /** Read the security log: refused sign-ins and tokens, permission denials (lib/security/events.ts). */
  "security.read": { roles: ["compliance", "admin"], scope: "read" },
  "users.manage": { roles: ["admin"], scope: "admin" },
  "tokens.self": { roles: ROLES, scope: "read" },
  "releases.request": { roles: ["contributor"], scope: "write" },
  "releases.decide": { roles: ["reviewer", "compliance"], scope: "write" },
  /** Start an expedited rollback (the model's owner may too; see lib/releases/rollback.ts). */
  "releases.rollback": { roles: ["reviewer", "compliance", "admin"], scope: "write" },
  "policies.manage": { roles: ["admin"], scope: "admin" },
  "webhooks.manage": { roles: ["admin"], scope: "admin" },
  /** Push OpenLineage events (pipelines, with a contributor's token). */
  "lineage.write": { roles: ["contributor"], scope: "write" },
  /** Set a model's SLOs (its owner may too; see lib/slo/slos.ts). */
  "slos.manage": { roles: ["reviewer", "admin"], scope: "write" },
  /** Silence a model's alert notifications for a maintenance window. */
  "silences.manage": { roles: ["reviewer", "admin"], scope: "write" },
  /** Push prediction telemetry (serving gateways, with a contributor's token). Reading it is inventory.read. */
  "telemetry.write": { roles: ["contributor"], scope: "write" },
  /** Report deployments (rollouts) of versions: the serving platform's token (a contributor's), or an admin. */
  "deployments.write": { roles: ["contributor", "admin"], scope: "write" },
  /** Report retraining pipeline runs (pipelines, with a contributor's token). */
  "pipelines.write": { roles: ["contributor"], scope: "write" },
  /** Post business KPI points (a reporting job, with a contributor's token). Reading them is inventory.read. */
  "kpis.write": { roles: ["contributor"], scope: "write" },
  /** Define and edit KPIs (name, unit, direction, owner) at /admin/kpis. */
  "kpis.manage": { roles: ["admin"], scope: "admin" },
} as const satisfies Record<string, { roles: readonly Role[]; scope: Scope }>;
export type Permission = keyof typeof PERMISSIONS;

export function isRole(r: string): r is Role {
  return (ROLES as readonly string[]).includes(r);
}
