export const ROLES = ["viewer", "contributor", "reviewer", "compliance", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const SCOPES = ["read", "write", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export function isRole(r: string): r is Role {
  return (ROLES as readonly string[]).includes(r);
}
