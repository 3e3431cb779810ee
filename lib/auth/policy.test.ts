// The policy, alone: roles, token scopes, owners and maintainers, four eyes, token narrowing; and the rule that no
// other file decides permissions by comparing roles or emails, and that docs/PERMISSIONS.md is the table's.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, authorize, can, decide, modelSubject, POLICY, type Principal, type Subject } from "./policy";
import { permissionsMarkdown } from "./policy-doc";
import type { Role, Scope } from "./roles";

const user = (email: string, ...roles: Role[]): Principal => ({ type: "user", email, roles });
const token = (p: Principal, scopes: Scope[], tokenExpiresAt: Date | null = null): Principal => ({
  ...p,
  type: "token",
  scopes,
  tokenExpiresAt,
});

const owner = user("owner@bank.example", "contributor");
const maintainer = user("svc-train@bank.example", "contributor");
const other = user("other@bank.example", "contributor");
const admin = user("admin@bank.example", "admin");
const viewer = user("viewer@bank.example", "viewer");
const reviewer = user("rev@bank.example", "reviewer");
const compliance = user("comp@bank.example", "compliance");
const model = modelSubject({ owner: "Owner@Bank.example", maintainers: ["svc-train@bank.example"] });

const release = (o: Partial<Extract<Subject, { kind: "release" }>> = {}): Subject => ({
  kind: "release",
  releaseKind: "release",
  requestedBy: "owner@bank.example",
  stewardsAtRequest: { owner: "owner@bank.example", maintainers: ["svc-train@bank.example"] },
  stewardsNow: { owner: "owner@bank.example", maintainers: [] },
  evidenceAuthors: [
    { email: "owner@bank.example", what: "the version's registration" },
    { email: "eval-bot@bank.example", what: "the evaluation on holdout-2026Q4" },
  ],
  ...o,
});

describe("evidence is written by the model's owner, its maintainers or an admin", () => {
  it("lets the owner (any case) and a maintainer write evidence and versions, not another contributor", () => {
    for (const a of ["evidence.write", "version.create"] as const) {
      expect(can(owner, a, model)).toBe(true);
      expect(can(maintainer, a, model)).toBe(true);
      expect(can(admin, a, model)).toBe(true);
      expect(can(other, a, model)).toBe(false);
      expect(can(viewer, a, model)).toBe(false);
      expect(can(reviewer, a, model)).toBe(false);
    }
    expect(decide(other, "evidence.write", model)).toEqual({
      allow: false,
      code: "forbidden",
      message: "Only the model's owner (Owner@Bank.example), one of its maintainers, or an admin can do this.",
    });
  });

  it("needs contributor beside the relation: an owner who is only a viewer writes nothing", () => {
    expect(can(user("owner@bank.example", "viewer"), "evidence.write", model)).toBe(false);
    expect(can(user("owner@bank.example", "viewer"), "model.update", model)).toBe(false);
  });

  it("keeps model changes and retirement to the owner or an admin (a maintainer may not), the risk tier to compliance or an admin", () => {
    expect(can(owner, "model.update", model)).toBe(true);
    expect(can(maintainer, "model.update", model)).toBe(false);
    expect(can(maintainer, "version.retire", model)).toBe(false);
    expect(can(admin, "model.update", model)).toBe(true);
    expect(can(owner, "model.riskTier", model)).toBe(false);
    expect(can(compliance, "model.riskTier", model)).toBe(true);
  });

  it("judges a token by its scopes: read never writes, write never administers", () => {
    expect(can(token(owner, ["read"]), "evidence.write", model)).toBe(false);
    expect(decide(token(owner, ["read"]), "evidence.write", model)).toMatchObject({
      message: "This token lacks the 'write' scope needed here.",
    });
    expect(can(token(owner, ["write"]), "evidence.write", model)).toBe(true);
    expect(can(token(admin, ["read", "write"]), "users.manage")).toBe(false);
    expect(can(token(admin, ["admin"]), "users.manage")).toBe(true);
    expect(can(token(viewer, ["read", "write", "admin"]), "model.create")).toBe(false);
  });
});

describe("tokens: minting and revoking need write; another user's need admin; never broader or longer-lived", () => {
  const self = { kind: "user", email: "owner@bank.example" } as const;
  const mint = (scopes: Scope[], expiresAt: Date | null = null): Subject => ({ ...self, newToken: { scopes, expiresAt } });
  it("refuses a read-scoped token minting or revoking, even for its own user", () => {
    expect(can(token(owner, ["read"]), "token.create", mint(["read"]))).toBe(false);
    expect(can(token(owner, ["read"]), "token.revoke", self)).toBe(false);
    expect(can(token(owner, ["read"]), "token.read", self)).toBe(true);
    expect(can(owner, "token.create", mint(["read", "write", "admin"]))).toBe(true); // a session holds every scope
  });
  it("keeps a minted token within the minting token's scopes and lifetime", () => {
    const until = new Date("2027-01-01T00:00:00Z");
    const t = token(owner, ["read", "write"], until);
    expect(can(t, "token.create", mint(["read", "write"], new Date("2026-12-31T00:00:00Z")))).toBe(true);
    expect(decide(t, "token.create", mint(["admin"], until))).toMatchObject({ allow: false, message: expect.stringContaining("(admin)") });
    expect(can(t, "token.create", mint(["read"], null))).toBe(false);
    expect(can(t, "token.create", mint(["read"], new Date("2027-01-02T00:00:00Z")))).toBe(false);
  });
  it("lets only an admin-scoped admin act on another user's tokens", () => {
    const others = { kind: "user", email: "other@bank.example" } as const;
    expect(can(owner, "token.revoke", others)).toBe(false);
    expect(can(admin, "token.revoke", others)).toBe(true);
    expect(can(token(admin, ["read", "write"]), "token.revoke", others)).toBe(false);
    expect(can(token(admin, ["admin"]), "token.revoke", others)).toBe(true);
  });
});

describe("four eyes on release decisions", () => {
  it("allows an independent reviewer or compliance officer", () => {
    expect(can(reviewer, "release.decide", release())).toBe(true);
    expect(can(compliance, "release.decide", release())).toBe(true);
  });
  it("names why it refuses the requester, owners and maintainers then and now, and evidence authors", () => {
    const sod = (email: string, s = release()) => decide(user(email, "reviewer"), "release.decide", s);
    expect(sod("OWNER@bank.example")).toMatchObject({ code: "separation_of_duties", message: expect.stringContaining("You requested") });
    expect(sod("new-owner@bank.example", release({ stewardsNow: { owner: "new-owner@bank.example", maintainers: [] } }))).toMatchObject({
      code: "separation_of_duties",
      message: "You own this model, so someone else must decide its release.",
    });
    expect(sod("svc-train@bank.example")).toMatchObject({
      code: "separation_of_duties",
      message: expect.stringContaining("when the release was requested"),
    });
    expect(sod("eval-bot@bank.example")).toMatchObject({
      code: "separation_of_duties",
      message: "You authored evidence this release is judged on (the evaluation on holdout-2026Q4), so someone else must decide it.",
    });
  });
  it("lets a rollback be decided by anyone but its requester, and never lets a non-reviewer decide", () => {
    const rb = release({ releaseKind: "rollback", requestedBy: "rev@bank.example" });
    expect(can(user("owner@bank.example", "reviewer"), "release.decide", rb)).toBe(true);
    expect(decide(reviewer, "release.decide", rb)).toMatchObject({ code: "separation_of_duties" });
    expect(decide(admin, "release.decide", release())).toMatchObject({ code: "not_a_reviewer" });
    expect(can(token(reviewer, ["read"]), "release.decide", release())).toBe(false);
  });
  it("throws 403 with the verdict's code", () => {
    expect(() => authorize(user("eval-bot@bank.example", "reviewer"), "release.decide", release())).toThrow(
      expect.objectContaining({ status: 403, code: "separation_of_duties" }),
    );
  });
});

describe("the table", () => {
  it("lets the system do everything and gives every action a scope, grants and a description", () => {
    for (const a of ACTIONS) {
      expect(can({ type: "system", email: "system", roles: ["admin"] }, a)).toBe(true);
      expect(POLICY[a].grants.length).toBeGreaterThan(0);
      expect(POLICY[a].what.length).toBeGreaterThan(10);
    }
  });

  it("is what docs/PERMISSIONS.md says (regenerate it with npm run -s portal -- permissions > docs/PERMISSIONS.md)", () => {
    const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/PERMISSIONS.md"), "utf8");
    expect(doc).toBe(permissionsMarkdown());
  });
});

describe("no file but the policy decides by comparing roles or emails", () => {
  // Patterns that decide a permission by hand: a role looked up in an actor's roles, an email compared with an owner
  // or requester. Counting a recorded decision's roles (countsAsCompliance) and user management are the policy's too.
  const HAND_RULES = [
    /\.roles\.(includes|some|indexOf)\(\s*["'](viewer|contributor|reviewer|compliance|admin)/,
    /actor\.roles\.(includes|some)\(/,
    /\.owner\.toLowerCase\(\)/,
    /owner\)?\s*===\s*actor\.email/,
    /isOwner\b/,
    /hasRole\(/,
  ];
  const ROOTS = ["lib", "app", "components"];
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) return walk(p);
      return /\.(ts|tsx)$/.test(d.name) && !/\.test\.ts$/.test(d.name) ? [p] : [];
    });
  it("finds none outside lib/auth/policy.ts", () => {
    const root = path.resolve(__dirname, "../..");
    const found: string[] = [];
    for (const file of ROOTS.flatMap((r) => walk(path.join(root, r)))) {
      if (file.endsWith(path.join("lib", "auth", "policy.ts"))) continue;
      fs.readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (HAND_RULES.some((re) => re.test(line))) found.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
