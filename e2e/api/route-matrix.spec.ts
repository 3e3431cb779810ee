// Every route handler, every method, called by every role, by tokens narrowed to each scope, by the fixture model's
// owner, a maintainer and a contributor who is neither, and with disabled, revoked, expired, unknown, malformed and
// absent credentials. A row names the policy action its route performs; what each caller must get is not written here
// but asked of the policy itself (decide() of lib/auth/policy.ts, given the caller and the object the call touches):
// allowed gets a 2xx, refused exactly 403 with the policy's code, and a bad or missing credential 401. The routes are
// read from the file system, so a new route (or method) without a row fails here until someone names its action.
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, type APIResponse, expect, request as pwRequest, test } from "@playwright/test";
import { decide, POLICY, type Principal } from "../../lib/auth/policy";
import { type Role as PolicyRole, SCOPES, type Scope } from "../../lib/auth/roles";
import { E2E } from "../env";
import { BASE, tokenFor } from "../fixtures";
import { AUDIT_TRANSPARENCY_MATRIX } from "./matrix-audit-transparency";
import { CLI_MATRIX } from "./matrix-cli";
import { COVERAGE_MATRIX } from "./matrix-coverage";
import { DASHBOARDS_MATRIX } from "./matrix-dashboards";
import { DATA_QUALITY_MATRIX } from "./matrix-data-quality";
import { DRIFT_MATRIX } from "./matrix-drift";
import { INTEGRATIONS_MATRIX } from "./matrix-integrations";
import { KPIS_MATRIX } from "./matrix-kpis";
import { LINEAGE_MATRIX } from "./matrix-lineage";
import { MRM_CONTROLS_MATRIX } from "./matrix-mrm-controls";
import { MRM_FINDINGS_MATRIX } from "./matrix-mrm-findings";
import { MRM_REVIEWS_MATRIX } from "./matrix-mrm-reviews";
import { OPERATIONS_MATRIX } from "./matrix-operations";
import { RELEASE_MATRIX } from "./matrix-releases";
import { SECURITY_MATRIX } from "./matrix-security";
import { SLO_MATRIX } from "./matrix-slo";
import { TELEMETRY_MATRIX } from "./matrix-telemetry";
import { type Call, type Caller, type Fixture, modelOf, type Row } from "./matrix-types";
import { WEBHOOK_MATRIX } from "./matrix-webhooks";
import { DISCOVERED, type Method, methodsOf, ROOT, ROUTE_FILES, walk } from "./routes";
import { adminApi, anonymousApi, bearerApi, disposeAll, EMAIL, ROLE_LIST, type Role, unique } from "./support";

const enc = encodeURIComponent;

/** The server actions ("use server" files) the portal has, each checked by a row below or by its own test. */
const SERVER_ACTION_FILES: string[] = [];

/** The release whose evidence pack every caller asks for (made on the first call). */
let packRelease: Promise<string> | undefined;

/** Whose tokens a token row touches: the caller's own, but the outsider reaches for the fixture owner's. */
const tokenUser = (c: Caller) => (c.kind === "outsider" ? E2E.users.contributor : c.email);
/** A token row's new token: as narrow as a scoped caller's own (so narrowing allows it), else read-only. */
const newScopes = (c: Caller): Scope[] => (c.kind === "scoped" ? [...c.scopes] : ["read"]);

const MATRIX: Record<string, Row> = {
  "GET /api/health": { access: "anyone", call: () => ({ path: "/api/health" }) },
  "GET /api/ready": { access: "anyone", call: () => ({ path: "/api/ready" }) },
  "GET /api/v1/openapi.json": { access: "anyone", call: () => ({ path: "/api/v1/openapi.json" }) },
  "GET /api/auth/[...nextauth]": { skip: "next-auth's own sign-in endpoints: public by design, covered by e2e/ui/auth.spec.ts" },
  "POST /api/auth/[...nextauth]": { skip: "next-auth's own sign-in endpoints: public by design, covered by e2e/ui/auth.spec.ts" },

  "GET /api/v1/me": { access: "signed-in", call: () => ({ path: "/api/v1/me" }) },
  "GET /api/v1/users": { action: "users.manage", call: () => ({ path: "/api/v1/users" }) },
  "POST /api/v1/users": {
    action: "users.manage",
    call: () => ({ path: "/api/v1/users", data: { email: `${unique("matrix")}@example.com`, name: "Matrix", roles: ["viewer"] } }),
  },
  "PATCH /api/v1/users/[email]": {
    action: "users.manage",
    call: (c, f) => ({ path: `/api/v1/users/${enc(f.patchTarget)}`, data: { name: `renamed by ${c.label}` } }),
  },
  "GET /api/v1/users/[email]/tokens": {
    action: "token.read",
    call: (c) => ({ path: `/api/v1/users/${enc(tokenUser(c))}/tokens`, subject: { kind: "user", email: tokenUser(c) } }),
  },
  "POST /api/v1/users/[email]/tokens": {
    action: "token.create",
    call: (c) => ({
      path: `/api/v1/users/${enc(tokenUser(c))}/tokens`,
      data: { name: "matrix", scopes: newScopes(c) },
      subject: { kind: "user", email: tokenUser(c), newToken: { scopes: newScopes(c), expiresAt: null } },
    }),
  },
  "DELETE /api/v1/tokens/[id]": {
    action: "token.revoke",
    // A token of the user the caller reaches for, issued for the occasion by the admin. Someone who may revoke tokens
    // but not this one is told it does not exist.
    refusedOnObject: 404,
    call: async (c, f) => {
      const res = await f.admin.post(`/api/v1/users/${enc(tokenUser(c))}/tokens`, { data: { name: "matrix-revoke", scopes: ["read"] } });
      expect(res.status()).toBe(201);
      return { path: `/api/v1/tokens/${(await res.json()).id}`, subject: { kind: "user", email: tokenUser(c) } };
    },
  },

  "GET /api/v1/models": { action: "inventory.read", call: () => ({ path: "/api/v1/models?limit=2" }) },
  "POST /api/v1/models": {
    action: "model.create",
    call: (c) => ({ path: "/api/v1/models", data: { name: unique("matrix"), owner: c.email, riskTier: "low" } }),
  },
  "GET /api/v1/models/[name]": { action: "inventory.read", call: (_, f) => ({ path: `/api/v1/models/${f.model}` }) },
  "PATCH /api/v1/models/[name]": {
    action: "model.update",
    call: (c, f) => ({ path: `/api/v1/models/${f.model}`, data: { description: `edited by ${c.label}` }, subject: modelOf(f) }),
  },
  "GET /api/v1/models/[name]/versions": { action: "inventory.read", call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions` }) },
  "POST /api/v1/models/[name]/versions": {
    action: "version.create",
    call: (_, f) => ({
      path: `/api/v1/models/${f.model}/versions`,
      data: { version: unique("m").replace(/^m-/, "9.") },
      subject: modelOf(f),
    }),
  },
  "GET /api/v1/models/[name]/versions/[version]": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}` }),
  },
  "GET /api/v1/models/[name]/versions/[version]/evaluations": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/evaluations` }),
  },
  "POST /api/v1/models/[name]/versions/[version]/evaluations": {
    action: "evidence.write",
    call: (_, f) => ({
      path: `/api/v1/models/${f.model}/versions/${f.version}/evaluations`,
      data: { dataset: "matrix", metrics: { auc: 0.5 } },
      subject: modelOf(f),
    }),
  },
  "POST /api/v1/models/[name]/versions/[version]/retire": {
    action: "version.retire",
    // A fresh development version each time, so an allowed retire never meets one retired already.
    call: async (_, f) => {
      const version = unique("r").replace(/^r-/, "0.");
      const res = await f.contributor.post(`/api/v1/models/${f.model}/versions`, { data: { version } });
      expect(res.status()).toBe(201);
      return { path: `/api/v1/models/${f.model}/versions/${version}/retire`, data: { reason: "matrix" }, subject: modelOf(f) };
    },
  },

  "POST /api/v1/models/[name]/versions/[version]/bias-audits": {
    action: "evidence.write",
    call: (_, f) => ({
      path: `/api/v1/models/${f.model}/versions/${f.version}/bias-audits`,
      data: {
        name: "matrix",
        dataset: "matrix",
        sensitiveAttributes: ["g"],
        counts: [{ attributes: { g: "a" }, tp: 5, fp: 5, tn: 5, fn: 5 }],
      },
      subject: modelOf(f),
    }),
  },
  "GET /api/v1/bias-audits/[id]": {
    action: "inventory.read",
    // An audit posted by the owner for the occasion.
    call: async (_, f) => {
      const res = await f.contributor.post(`/api/v1/models/${f.model}/versions/${f.version}/bias-audits`, {
        data: {
          name: "matrix-read",
          dataset: "matrix",
          sensitiveAttributes: ["g"],
          counts: [{ attributes: { g: "a" }, tp: 1, fp: 1, tn: 1, fn: 1 }],
        },
      });
      expect(res.status()).toBe(201);
      return { path: `/api/v1/bias-audits/${(await res.json()).id}` };
    },
  },

  // Model cards: everyone reads; the model's owner, a maintainer or an admin writes (evidence).
  "GET /api/v1/models/[name]/versions/[version]/card": {
    action: "inventory.read",
    // A card saved by the owner first, since a version without one is 404.
    call: async (_, f) => {
      const path = `/api/v1/models/${f.model}/versions/${f.version}/card`;
      expect((await f.contributor.put(path, { data: { modelDetails: { text: "matrix" } } })).status()).toBe(200);
      return { path };
    },
  },
  "PUT /api/v1/models/[name]/versions/[version]/card": {
    action: "evidence.write",
    call: (c, f) => ({
      path: `/api/v1/models/${f.model}/versions/${f.version}/card`,
      data: { modelDetails: { text: `saved by ${c.label}` } },
      subject: modelOf(f),
    }),
  },
  "POST /api/v1/models/[name]/versions/[version]/card/import": {
    action: "evidence.write",
    call: (c, f) => ({
      path: `/api/v1/models/${f.model}/versions/${f.version}/card/import`,
      data: { model_details: { overview: `imported by ${c.label}` } },
      subject: modelOf(f),
    }),
  },
  "GET /api/v1/models/[name]/versions/[version]/card/revisions": {
    action: "inventory.read",
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/card/revisions` }),
  },
  "GET /api/v1/models/[name]/versions/[version]/card/diff": {
    action: "inventory.read",
    call: async (_, f) => {
      const path = `/api/v1/models/${f.model}/versions/${f.version}/card`;
      expect((await f.contributor.put(path, { data: { modelDetails: { text: "matrix diff" } } })).status()).toBe(200);
      return { path: `${path}/diff?from=1&to=1` };
    },
  },
  "POST /api/v1/models/[name]/versions/[version]/card/copy-previous": {
    action: "evidence.write",
    // A fresh version each time, after the fixture version, whose card is there to copy.
    call: async (_, f) => {
      const base = `/api/v1/models/${f.model}/versions`;
      expect((await f.contributor.put(`${base}/${f.version}/card`, { data: { modelDetails: { text: "to copy" } } })).status()).toBe(200);
      const version = unique("c").replace(/^c-/, "2.");
      expect((await f.contributor.post(base, { data: { version } })).status()).toBe(201);
      return { path: `${base}/${version}/card/copy-previous`, subject: modelOf(f) };
    },
  },

  // The evidence pack: like the audit trail, compliance and admin only. One release, requested once, for every caller.
  "GET /api/v1/releases/[id]/evidence-pack": {
    action: "audit.read",
    call: async (_, f) => {
      packRelease ??= (async () => {
        const version = unique("pack").replace(/^pack-/, "6.");
        expect((await f.contributor.post(`/api/v1/models/${f.model}/versions`, { data: { version } })).status()).toBe(201);
        const res = await f.contributor.post("/api/v1/releases", {
          data: { model: f.model, version, targetStage: "staging", summary: "matrix pack" },
        });
        expect(res.status(), await res.text()).toBe(201);
        return (await res.json()).id as string;
      })();
      return { path: `/api/v1/releases/${await packRelease}/evidence-pack` };
    },
  },

  "GET /api/v1/audit": { action: "audit.read", call: () => ({ path: "/api/v1/audit?limit=1" }) },
  "GET /api/v1/audit/verify": { action: "audit.read", call: () => ({ path: "/api/v1/audit/verify" }) },
  "GET /api/v1/audit/checkpoint": { action: "audit.read", call: () => ({ path: "/api/v1/audit/checkpoint" }) },

  ...RELEASE_MATRIX,
  ...WEBHOOK_MATRIX,
  ...CLI_MATRIX,
  ...DATA_QUALITY_MATRIX,
  ...LINEAGE_MATRIX,
  ...SLO_MATRIX,
  ...MRM_FINDINGS_MATRIX,
  ...DASHBOARDS_MATRIX,
  ...TELEMETRY_MATRIX,
  ...DRIFT_MATRIX,
  ...OPERATIONS_MATRIX,
  ...KPIS_MATRIX,
  ...SECURITY_MATRIX,
  ...AUDIT_TRANSPARENCY_MATRIX,
  ...INTEGRATIONS_MATRIX,
  ...COVERAGE_MATRIX,
  ...MRM_CONTROLS_MATRIX,
  ...MRM_REVIEWS_MATRIX,
};

// ---- the checks --------------------------------------------------------------------------------------------------

test("the route files are found, and each exports at least one method", () => {
  expect(ROUTE_FILES.length).toBeGreaterThanOrEqual(16);
  for (const f of ROUTE_FILES) expect(methodsOf(fs.readFileSync(f, "utf8")), path.relative(ROOT, f)).not.toEqual([]);
  expect(DISCOVERED.map((d) => d.key)).toContain("POST /api/auth/[...nextauth]");
  expect(DISCOVERED.map((d) => d.key)).toContain("GET /api/health");
});

test("every route and method has a row in the matrix, and every row a route", () => {
  const keys = DISCOVERED.map((d) => d.key);
  const missing = keys.filter((k) => !(k in MATRIX));
  expect(missing, "routes without a row in MATRIX: name the policy action they perform").toEqual([]);
  const stale = Object.keys(MATRIX).filter((k) => !keys.includes(k));
  expect(stale, "rows in MATRIX for routes that no longer exist").toEqual([]);
  for (const d of DISCOVERED) expect(["GET", "POST", "PATCH", "PUT", "DELETE"], d.key).toContain(d.method);
});

test("every row names an action of the policy, and every write action of the policy has a route", () => {
  const named = Object.values(MATRIX).flatMap((r) => ("action" in r ? [r.action] : []));
  for (const a of named) expect(Object.keys(POLICY), a).toContain(a);
  // Every action is some row's, but the risk tier: PATCH /api/v1/models/{name} is the model.update row here, and its
  // riskTier-only form (model.riskTier: compliance and admins) is e2e/api/inventory.spec.ts's "separation" test.
  const unexercised = Object.keys(POLICY).filter((a) => !named.includes(a as keyof typeof POLICY));
  expect(unexercised, "policy actions no row exercises").toEqual(["model.riskTier"]);
});

test("no server action exists that is not listed (and so checked)", () => {
  const files = ["app", "lib", "components"].flatMap((d) => walk(path.join(ROOT, d))).filter((f) => /\.(ts|tsx|js|jsx|mjs)$/.test(f));
  const withDirective = files
    .filter((f) => /^\s*(['"])use server\1\s*;?\s*$/m.test(fs.readFileSync(f, "utf8")))
    .map((f) => path.relative(ROOT, f).split(path.sep).join("/"))
    .sort();
  expect(withDirective, 'files with a "use server" directive must be listed in SERVER_ACTION_FILES').toEqual(
    [...SERVER_ACTION_FILES].sort(),
  );
});

/** A caller with its client and what the policy is told of it (its roles as /api/v1/me reports them). */
type Client = { caller: Caller; api: APIRequestContext; principal: Principal };
type Want = { allow: true } | { allow: false; status: number; code: string };

/** What the policy says this caller must get from this call of this row. */
function expected(row: Exclude<Row, { skip: string }>, p: Principal, call: Call): Want {
  if ("access" in row) return { allow: true };
  const hasRelation = POLICY[row.action].grants.some((g) => "relation" in g && g.relation);
  expect(!hasRelation || call.subject !== undefined, `${row.action} is decided on its object: the row's call must give its subject`).toBe(
    true,
  );
  const v = decide(p, row.action, call.subject);
  if (v.allow) return { allow: true };
  // The route asks the policy first without the object, then with it: a refusal only the object explains may be hidden.
  if (row.refusedOnObject && decide(p, row.action).allow) return { allow: false, status: row.refusedOnObject, code: "not_found" };
  return { allow: false, status: 403, code: v.code };
}

test.describe("each route as each caller", () => {
  let admin: APIRequestContext;
  const roles = {} as Record<Role, Client>;
  const scoped = new Map<string, Client>();
  let relations: Client[];
  /** Credentials that must get 401 wherever one is needed, each named. */
  let bad: { label: string; api: APIRequestContext }[];
  let f: Fixture;

  async function client(caller: Caller, token: string): Promise<Client> {
    const api = await bearerApi(token);
    const me = await api.get("/api/v1/me");
    expect(me.status(), `${caller.label}: ${await me.text()}`).toBe(200);
    const { roles: held } = (await me.json()) as { roles: PolicyRole[] };
    return { caller, api, principal: { type: "token", email: caller.email, roles: held, scopes: caller.scopes, tokenExpiresAt: null } };
  }

  /** A seeded role's user on a token with only this scope (minted on first use). */
  async function scopedClient(role: Role, scope: Scope): Promise<Client> {
    const key = `${role}[${scope}]`;
    let c = scoped.get(key);
    if (!c) {
      c = await client({ kind: "scoped", label: key, role, email: EMAIL[role], scopes: [scope] }, await tokenFor(EMAIL[role], [scope]));
      scoped.set(key, c);
    }
    return c;
  }

  /** A user holding every role, and a token of theirs (optionally with an expiry in the past). */
  async function everyRoleUser(prefix: string): Promise<string> {
    const email = `${unique(prefix)}@example.com`;
    const res = await admin.post("/api/v1/users", { data: { email, name: prefix, roles: ROLE_LIST } });
    expect(res.status(), await res.text()).toBe(201);
    return email;
  }
  async function mint(email: string, expiresAt?: string): Promise<{ id: string; token: string }> {
    const res = await admin.post(`/api/v1/users/${enc(email)}/tokens`, {
      data: { name: "matrix-bad", scopes: [...SCOPES], ...(expiresAt ? { expiresAt } : {}) },
    });
    expect(res.status(), await res.text()).toBe(201);
    return res.json();
  }

  test.beforeAll(async () => {
    admin = await adminApi();
    for (const r of ROLE_LIST)
      roles[r] = await client({ kind: "role", label: r, role: r, email: EMAIL[r], scopes: [...SCOPES] }, await tokenFor(EMAIL[r]));

    // The fixture model: owned by contributor@, maintained by priya@ (set by the owner).
    const model = unique("matrix-model");
    const owner = roles.contributor.api;
    expect((await owner.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "low" } })).status()).toBe(
      201,
    );
    const patched = await owner.patch(`/api/v1/models/${model}`, { data: { maintainers: [E2E.users.contributor2] } });
    expect(patched.status(), await patched.text()).toBe(200);
    expect(await patched.json()).toMatchObject({ owner: E2E.users.contributor, maintainers: [E2E.users.contributor2] });
    expect((await owner.post(`/api/v1/models/${model}/versions`, { data: { version: "1.0.0" } })).status()).toBe(201);
    const patchTarget = `${unique("matrix-target")}@example.com`;
    expect((await admin.post("/api/v1/users", { data: { email: patchTarget, name: "Target", roles: ["viewer"] } })).status()).toBe(201);
    f = {
      model,
      version: "1.0.0",
      stewards: { owner: E2E.users.contributor, maintainers: [E2E.users.contributor2] },
      patchTarget,
      admin,
      contributor: owner,
    };

    // A contributor who maintains the fixture model, and one who neither owns nor maintains it.
    const outsider = `${unique("matrix-outsider")}@example.com`;
    expect((await admin.post("/api/v1/users", { data: { email: outsider, name: "Outsider", roles: ["contributor"] } })).status()).toBe(201);
    relations = [
      await client(
        { kind: "maintainer", label: "maintainer", role: "contributor", email: E2E.users.contributor2, scopes: [...SCOPES] },
        await tokenFor(E2E.users.contributor2),
      ),
      await client(
        { kind: "outsider", label: "outsider", role: "contributor", email: outsider, scopes: [...SCOPES] },
        await tokenFor(outsider),
      ),
    ];

    // Bad credentials, each of a user holding every role with every scope (so only the credential stands in the way).
    const holder = await everyRoleUser("matrix-holder");
    const revoked = await mint(holder);
    expect((await admin.delete(`/api/v1/tokens/${revoked.id}`)).status()).toBe(200);
    // A token may be issued already expired (the API does not refuse a past expiresAt).
    const expired = await mint(holder, new Date(Date.now() - 60_000).toISOString());
    const gone = await everyRoleUser("matrix-disabled");
    const ofDisabled = await mint(gone);
    expect((await admin.patch(`/api/v1/users/${enc(gone)}`, { data: { disabled: true } })).status()).toBe(200);
    const valid = await bearerApi((await mint(holder)).token);
    expect((await valid.get("/api/v1/me")).status(), "the holder's valid token works").toBe(200);
    await valid.dispose();
    bad = [
      { label: "no credential", api: await anonymousApi() },
      {
        label: "a malformed Authorization header",
        api: await pwRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { authorization: "Basic bWF0cml4Om1hdHJpeA==" } }),
      },
      { label: "an unknown token", api: await bearerApi(`stw_${"x".repeat(20)}${unique("unknown").replace(/-/g, "")}`) },
      { label: "a revoked token", api: await bearerApi(revoked.token) },
      { label: "an expired token", api: await bearerApi(expired.token) },
      { label: "a disabled user's token", api: await bearerApi(ofDisabled.token) },
    ];
  });
  test.afterAll(async () => {
    await disposeAll(
      admin,
      ...Object.values(roles).map((c) => c.api),
      ...[...scoped.values()].map((c) => c.api),
      ...relations.map((c) => c.api),
    );
    for (const b of bad) await b.api.dispose();
  });

  async function send(ctx: APIRequestContext, method: Method, call: Call, headers?: Record<string, string>): Promise<APIResponse> {
    const opts = call.data === undefined ? {} : { data: call.data };
    return ctx.fetch(call.path, { method, ...opts, ...(headers ? { headers } : {}) });
  }
  // Unknown and malformed credentials count toward the per-address limit (20 a minute, then 429): each route's bad
  // calls come from an address of their own (the e2e server trusts X-Forwarded-For), so every one is judged as a 401.
  const addressOf = (index: number) => ({ "x-forwarded-for": `198.51.${100 + Math.floor(index / 250)}.${index % 250}` });

  DISCOVERED.forEach((d, index) => {
    test(d.key, async () => {
      const row = MATRIX[d.key];
      expect(row, `no row in MATRIX for ${d.key} (${path.relative(ROOT, d.file)})`).toBeTruthy();
      if ("skip" in row) {
        test.info().annotations.push({ type: "skipped-in-matrix", description: row.skip });
        return;
      }
      const outcomes: string[] = [];
      /** Call as this client; check what it got against what the policy says. Returns whether it was allowed. */
      const check = async (c: Client): Promise<boolean> => {
        const call = await row.call(c.caller, f);
        const want = expected(row, c.principal, call);
        const res = await send(c.api, d.method, call);
        const status = res.status();
        const got = status >= 200 && status < 300 ? "2xx" : String(status);
        outcomes.push(`${c.caller.label}: ${got}`);
        const text = await res.text();
        expect(got, `${d.key} as ${c.caller.label}: ${text}`).toBe(want.allow ? "2xx" : String(want.status));
        if (!want.allow) expect(JSON.parse(text).error.code, `${d.key} as ${c.caller.label}`).toBe(want.code);
        return want.allow;
      };

      // Every role on a token with every scope.
      const allowed: Role[] = [];
      for (const r of ROLE_LIST) if (await check(roles[r])) allowed.push(r);

      if ("access" in row && row.access === "anyone") {
        const res = await send(bad[0].api, d.method, await row.call(roles.viewer.caller, f));
        outcomes.push(`no credential: ${res.status()}`);
        expect(res.status(), `${d.key} without credentials`).toBeLessThan(300);
        test.info().annotations.push({ type: "outcomes", description: outcomes.join(", ") });
        return;
      }

      // Tokens narrowed to one scope: for each allowed role, or for one of them (in turn, row by row) when more
      // than two are allowed, so every role meets every scope across the matrix without a call per role and scope.
      const narrowed = allowed.length <= 2 ? allowed : [allowed[index % allowed.length]];
      for (const r of narrowed) for (const s of SCOPES) await check(await scopedClient(r, s));

      // The owner (contributor@ above), a maintainer, and a contributor who is neither, where the action is decided on
      // its object.
      if ("action" in row && POLICY[row.action].grants.some((g) => "relation" in g && g.relation))
        for (const c of relations) await check(c);

      // Every bad credential, on the request an allowed role makes (the viewer's where none is): 401 unauthenticated.
      const call = await row.call(roles[allowed[0] ?? "viewer"].caller, f);
      for (const b of bad) {
        const res = await send(b.api, d.method, call, addressOf(index));
        outcomes.push(`${b.label}: ${res.status()}`);
        const text = await res.text();
        expect(res.status(), `${d.key} with ${b.label}: ${text}`).toBe(401);
        expect(JSON.parse(text).error.code).toBe("unauthenticated");
      }
      test.info().annotations.push({ type: "outcomes", description: outcomes.join(", ") });
    });
  });
});
