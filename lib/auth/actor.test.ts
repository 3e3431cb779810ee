import { describe, expect, it } from "vitest";
import { type Actor, can } from "./actor";
import { rolesFromClaims } from "./oidc";

const user = (roles: Actor["roles"]): Actor => ({ type: "user", userId: 1, email: "u@example.com", name: "U", roles });
const token = (roles: Actor["roles"], scopes: Actor["scopes"]): Actor => ({ ...user(roles), type: "token", scopes, tokenId: "tok_1" });

describe("permissions: roles, narrowed by token scopes", () => {
  it("gives each role what API.md says", () => {
    expect(can(user(["viewer"]), "inventory.read")).toBe(true);
    expect(can(user(["viewer"]), "inventory.write")).toBe(false);
    expect(can(user(["viewer"]), "audit.read")).toBe(false);
    expect(can(user(["contributor"]), "inventory.write")).toBe(true);
    expect(can(user(["reviewer"]), "inventory.write")).toBe(false);
    expect(can(user(["compliance"]), "audit.read")).toBe(true);
    expect(can(user(["compliance"]), "inventory.risk")).toBe(true);
    expect(can(user(["contributor"]), "inventory.risk")).toBe(false);
    expect(can(user(["admin"]), "users.manage")).toBe(true);
    expect(can(user(["compliance"]), "users.manage")).toBe(false);
  });

  it("narrows a token to its scopes, never widening its user's roles", () => {
    expect(can(token(["contributor"], ["read"]), "inventory.read")).toBe(true);
    expect(can(token(["contributor"], ["read"]), "inventory.write")).toBe(false);
    expect(can(token(["contributor"], ["write"]), "inventory.write")).toBe(true);
    expect(can(token(["viewer"], ["read", "write", "admin"]), "inventory.write")).toBe(false);
    expect(can(token(["admin"], ["read", "write"]), "users.manage")).toBe(false);
    expect(can(token(["admin"], ["admin"]), "users.manage")).toBe(true);
  });
});

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
