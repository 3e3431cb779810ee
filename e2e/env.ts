import type { Role } from "../lib/auth/roles";

const port = Number(process.env.E2E_PORT ?? 3210);

/**
 * An identity the test IdP (e2e/oidc-idp.ts) offers on its sign-in page; `key` names its button. `emailVerified` is
 * its `email_verified` claim (true unless said otherwise).
 */
export type IdpIdentity = {
  key: string;
  label: string;
  sub: string;
  email: string;
  name: string;
  roles: string[];
  emailVerified?: boolean;
};

/** Shared by the e2e server and the tests. Test-only values: this password and token exist only in throwaway stores. */
export const E2E = {
  port,
  password: "e2e-password-correct-horse",
  bootstrapToken: "stw_e2e_bootstrap_token_0123456789abcdefghijklmnop",
  /** The e2e server's NEXTAUTH_SECRET and AUDIT_CHECKPOINT_KEY (e2e/teardown.ts searches the store and log for them). */
  nextauthSecret: "e2e-only-secret-not-used-anywhere-else-0123456789",
  auditCheckpointKey: "e2e-only-audit-checkpoint-key-0123456789abcdef",
  /** Signs the audit log's checkpoints: an Ed25519 seed in base64, test-only. */
  auditSigningKey: "ZTJlLW9ubHkgYXVkaXQgc2lnbmluZyBrZXkgIzAxMjM=",
  users: {
    admin: "admin@example.com",
    contributor: "contributor@example.com",
    contributor2: "priya@example.com",
    reviewer: "reviewer@example.com",
    reviewer2: "samira@example.com",
    compliance: "compliance@example.com",
    viewer: "viewer@example.com",
  },
  extraUsers: [] as { email: string; name: string; roles: Role[] }[],
  /** The local OpenID Connect provider the e2e server starts beside the portal (test-only client secret). */
  idp: {
    port: Number(process.env.E2E_IDP_PORT ?? port + 1),
    name: "Test IdP",
    clientId: "steward-e2e",
    clientSecret: "e2e-idp-client-secret-not-used-anywhere-else",
    rolesClaim: "steward_roles",
    identities: [
      {
        key: "ada-reviewer",
        label: "Ada Okafor (reviewer)",
        sub: "idp-ada",
        email: "ada.okafor@idp.example.com",
        name: "Ada Okafor",
        roles: ["reviewer"],
      },
      {
        key: "ada-viewer-contributor",
        label: "Ada Okafor (viewer, contributor)",
        sub: "idp-ada",
        email: "Ada.Okafor@idp.example.com",
        name: "Ada Okafor",
        roles: ["viewer", "contributor"],
      },
      {
        key: "noor-reviewer",
        label: "Noor Haddad (reviewer)",
        sub: "idp-noor",
        email: "noor.haddad@idp.example.com",
        name: "Noor Haddad",
        roles: ["reviewer"],
      },
      {
        key: "kai-unknown",
        label: "Kai Mensah (no known role)",
        sub: "idp-kai",
        email: "kai.mensah@idp.example.com",
        name: "Kai Mensah",
        roles: ["wizard", "Superuser"],
      },
      {
        key: "mo-unverified",
        label: "Mo Tanaka (email not verified)",
        sub: "idp-mo",
        email: "mo.tanaka@idp.example.com",
        name: "Mo Tanaka",
        roles: ["reviewer"],
        emailVerified: false,
      },
      // The same email as a local password account the test creates first: an admin must link it.
      {
        key: "lin-local",
        label: "Lin Park (has a password account)",
        sub: "idp-lin",
        email: "lin.park@idp.example.com",
        name: "Lin Park",
        roles: ["admin"],
      },
    ] as IdpIdentity[],
  },
};
