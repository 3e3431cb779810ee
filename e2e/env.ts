import type { Role } from "../lib/auth/roles";

/** Shared by the e2e server and the tests. Test-only values: this password and token exist only in throwaway stores. */
export const E2E = {
  port: Number(process.env.E2E_PORT ?? 3210),
  password: "e2e-password-correct-horse",
  bootstrapToken: "stw_e2e_bootstrap_token_0123456789abcdefghijklmnop",
  users: {
    admin: "admin@example.com",
    contributor: "contributor@example.com",
    contributor2: "priya@example.com",
    reviewer: "reviewer@example.com",
    compliance: "compliance@example.com",
    viewer: "viewer@example.com",
  },
  extraUsers: [] as { email: string; name: string; roles: Role[] }[],
};
