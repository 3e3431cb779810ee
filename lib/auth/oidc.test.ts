import { afterEach, describe, expect, it } from "vitest";
import { useFreshStore } from "@/tests/store";
import { SYSTEM } from "./actor";
import { OidcRefused, upsertOidcUser } from "./oidc";
import { authenticate, createUser, findUserByEmail, updateUser } from "./users";

const PASSWORD = "correct horse battery";
const claims = (email: string, roles: string[], extra: Record<string, unknown> = {}) => ({
  sub: `idp-${email}`,
  email,
  email_verified: true,
  name: email.split("@")[0],
  roles,
  ...extra,
});
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "signed in",
    (e) => (e instanceof OidcRefused ? e.loginError : `threw ${e}`),
  );

describe("OIDC sign-in: verified email, no takeover of password accounts, roles (database)", () => {
  useFreshStore();
  const saved = process.env.OIDC_ROLES_FROM_IDP;
  afterEach(() => {
    if (saved === undefined) delete process.env.OIDC_ROLES_FROM_IDP;
    else process.env.OIDC_ROLES_FROM_IDP = saved;
  });

  it("refuses an identity whose email the provider has not verified, and creates nobody", async () => {
    expect(await refusal(upsertOidcUser(claims("new@example.com", ["reviewer"], { email_verified: false })))).toBe("EmailUnverified");
    expect(await refusal(upsertOidcUser(claims("new@example.com", ["reviewer"], { email_verified: undefined })))).toBe("EmailUnverified");
    expect(await refusal(upsertOidcUser(claims("new@example.com", ["reviewer"], { email_verified: "false" })))).toBe("EmailUnverified");
    expect(await findUserByEmail("new@example.com")).toBeUndefined();
    // Some providers send the claim as a string.
    expect(await refusal(upsertOidcUser(claims("new@example.com", ["reviewer"], { email_verified: "true" })))).toBe("signed in");
    expect(await findUserByEmail("new@example.com")).toMatchObject({ roles: ["reviewer"], oidcLinked: true });
  });

  it("never signs into a local password account until an admin links it; then keeps its password and roles", async () => {
    await createUser(SYSTEM, { email: "local@example.com", name: "Local", roles: ["viewer"], password: PASSWORD });
    expect(await refusal(upsertOidcUser(claims("Local@Example.com", ["admin"])))).toBe("OAuthAccountNotLinked");
    expect(await findUserByEmail("local@example.com")).toMatchObject({ roles: ["viewer"], oidcLinked: false });

    await updateUser(SYSTEM, "local@example.com", { oidcLinked: true });
    const u = await upsertOidcUser(claims("local@example.com", ["admin"]));
    // The provider said admin; the account's own roles stand.
    expect(u).toMatchObject({ email: "local@example.com", roles: ["viewer"], oidcLinked: true });
    expect((await authenticate("local@example.com", PASSWORD)).email).toBe("local@example.com");

    // An admin can unlink it again.
    await updateUser(SYSTEM, "local@example.com", { oidcLinked: false });
    expect(await refusal(upsertOidcUser(claims("local@example.com", ["viewer"])))).toBe("OAuthAccountNotLinked");
  });

  it("an account without a password (made for single sign-on) is linked at its first OIDC sign-in", async () => {
    await createUser(SYSTEM, { email: "sso-only@example.com", name: "SSO", roles: ["compliance"] });
    const u = await upsertOidcUser(claims("sso-only@example.com", ["viewer"]));
    expect(u).toMatchObject({ roles: ["compliance"], oidcLinked: true });
  });

  it("roles come from the provider when the user is created; then an admin's grants stand", async () => {
    expect((await upsertOidcUser(claims("ada@example.com", ["reviewer"]))).roles).toEqual(["reviewer"]);
    expect((await upsertOidcUser(claims("ada@example.com", ["viewer", "contributor"]))).roles).toEqual(["reviewer"]);
    await updateUser(SYSTEM, "ada@example.com", { roles: ["reviewer", "compliance"] });
    expect((await upsertOidcUser(claims("ada@example.com", ["viewer"]))).roles).toEqual(["reviewer", "compliance"]);
  });

  it("with OIDC_ROLES_FROM_IDP=1 the provider owns roles: refreshed at every sign-in", async () => {
    process.env.OIDC_ROLES_FROM_IDP = "1";
    expect((await upsertOidcUser(claims("ada@example.com", ["viewer", "contributor"]))).roles).toEqual(["viewer", "contributor"]);
    expect((await findUserByEmail("ada@example.com"))?.roles).toEqual(["viewer", "contributor"]);
  });

  it("a disabled account is refused", async () => {
    await updateUser(SYSTEM, "ada@example.com", { disabled: true });
    expect(await refusal(upsertOidcUser(claims("ada@example.com", ["viewer"])))).toBe("AccessDenied");
  });
});
