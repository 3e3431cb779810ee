import { describe, expect, it } from "vitest";
import { rolesFromClaims } from "./oidc";

describe("OIDC roles claim", () => {
  it("reads an array, a string, or a nested claim, keeping only known roles", () => {
    expect(rolesFromClaims({ roles: ["Reviewer", "admin", "superuser"] }, "roles")).toEqual(["reviewer", "admin"]);
    expect(rolesFromClaims({ groups: "viewer contributor" }, "groups")).toEqual(["viewer", "contributor"]);
    expect(rolesFromClaims({ realm_access: { roles: ["compliance"] } }, "realm_access.roles")).toEqual(["compliance"]);
  });
  it("falls back to viewer when the claim names no known role", () => {
    expect(rolesFromClaims({ roles: ["nobody"] }, "roles")).toEqual(["viewer"]);
    expect(rolesFromClaims({}, "roles")).toEqual(["viewer"]);
  });
});
