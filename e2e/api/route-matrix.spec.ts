// Every route handler, every method, called as every role: allowed roles get through, the rest get exactly 403,
// and a caller without credentials 401. The routes are read from the file system, so a new route (or method)
// without a row in MATRIX fails here until someone decides who may call it. Server actions are listed too.
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { AUDIT_TRANSPARENCY_MATRIX } from "./matrix-audit-transparency";
import { DASHBOARDS_MATRIX } from "./matrix-dashboards";
import { DRIFT_MATRIX } from "./matrix-drift";
import { KPIS_MATRIX } from "./matrix-kpis";
import { LINEAGE_MATRIX } from "./matrix-lineage";
import { OPERATIONS_MATRIX } from "./matrix-operations";
import { RELEASE_MATRIX } from "./matrix-releases";
import { SECURITY_MATRIX } from "./matrix-security";
import { SLO_MATRIX } from "./matrix-slo";
import { TELEMETRY_MATRIX } from "./matrix-telemetry";
import type { Call, Caller, Fixture, Row } from "./matrix-types";
import { WEBHOOK_MATRIX } from "./matrix-webhooks";
import { DISCOVERED, type Method, methodsOf, ROOT, ROUTE_FILES, walk } from "./routes";
import { adminApi, anonymousApi, disposeAll, EMAIL, ROLE_LIST, type Role, roleClients, unique } from "./support";

const EVERY_ROLE = "everyone" as const;
const emailOf = (c: Caller) => (c === "anonymous" ? E2E.users.viewer : EMAIL[c]);
const enc = encodeURIComponent;

/** The server actions ("use server" files) the portal has, each checked by a row below or by its own test. */
const SERVER_ACTION_FILES: string[] = [];

/** The release whose evidence pack every caller asks for (made on the first call). */
let packRelease: Promise<string> | undefined;

/**
 * Who may call what, from API.md: a viewer reads everything but the audit trail; a contributor registers models,
 * versions and evaluations; the model's owner or an admin changes or retires; compliance and admin read the audit
 * trail; admins manage users and tokens; any user lists, issues and revokes their own tokens.
 */
const MATRIX: Record<string, Row> = {
  "GET /api/health": { allowed: "anyone", call: () => ({ path: "/api/health" }) },
  "GET /api/v1/openapi.json": { allowed: "anyone", call: () => ({ path: "/api/v1/openapi.json" }) },
  "GET /api/auth/[...nextauth]": { skip: "next-auth's own sign-in endpoints: public by design, covered by e2e/ui/auth.spec.ts" },
  "POST /api/auth/[...nextauth]": { skip: "next-auth's own sign-in endpoints: public by design, covered by e2e/ui/auth.spec.ts" },

  "GET /api/v1/me": { allowed: EVERY_ROLE, call: () => ({ path: "/api/v1/me" }) },
  "GET /api/v1/users": { allowed: ["admin"], call: () => ({ path: "/api/v1/users" }) },
  "POST /api/v1/users": {
    allowed: ["admin"],
    call: () => ({ path: "/api/v1/users", data: { email: `${unique("matrix")}@example.com`, name: "Matrix", roles: ["viewer"] } }),
  },
  "PATCH /api/v1/users/[email]": {
    allowed: ["admin"],
    call: (c, f) => ({ path: `/api/v1/users/${enc(f.patchTarget)}`, data: { name: `renamed by ${c}` } }),
  },
  "GET /api/v1/users/[email]/tokens": { allowed: EVERY_ROLE, call: (c) => ({ path: `/api/v1/users/${enc(emailOf(c))}/tokens` }) },
  "POST /api/v1/users/[email]/tokens": {
    allowed: EVERY_ROLE,
    call: (c) => ({ path: `/api/v1/users/${enc(emailOf(c))}/tokens`, data: { name: "matrix", scopes: ["read"] } }),
  },
  "DELETE /api/v1/tokens/[id]": {
    allowed: EVERY_ROLE,
    // The caller's own token, issued for the occasion by the admin.
    call: async (c, f) => {
      const res = await f.admin.post(`/api/v1/users/${enc(emailOf(c))}/tokens`, { data: { name: "matrix-revoke", scopes: ["read"] } });
      expect(res.status()).toBe(201);
      return { path: `/api/v1/tokens/${(await res.json()).id}` };
    },
  },

  "GET /api/v1/models": { allowed: EVERY_ROLE, call: () => ({ path: "/api/v1/models?limit=2" }) },
  "POST /api/v1/models": {
    allowed: ["contributor"],
    call: (c) => ({ path: "/api/v1/models", data: { name: unique("matrix"), owner: emailOf(c), riskTier: "low" } }),
  },
  "GET /api/v1/models/[name]": { allowed: EVERY_ROLE, call: (_, f) => ({ path: `/api/v1/models/${f.model}` }) },
  "PATCH /api/v1/models/[name]": {
    allowed: ["contributor", "admin"], // the owner (contributor@ owns the fixture model) or an admin
    call: (c, f) => ({ path: `/api/v1/models/${f.model}`, data: { description: `edited by ${c}` } }),
  },
  "GET /api/v1/models/[name]/versions": { allowed: EVERY_ROLE, call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions` }) },
  "POST /api/v1/models/[name]/versions": {
    allowed: ["contributor"],
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions`, data: { version: unique("m").replace(/^m-/, "9.") } }),
  },
  "GET /api/v1/models/[name]/versions/[version]": {
    allowed: EVERY_ROLE,
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}` }),
  },
  "GET /api/v1/models/[name]/versions/[version]/evaluations": {
    allowed: EVERY_ROLE,
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/evaluations` }),
  },
  "POST /api/v1/models/[name]/versions/[version]/evaluations": {
    allowed: ["contributor"],
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/evaluations`, data: { dataset: "matrix", metrics: { auc: 0.5 } } }),
  },
  "POST /api/v1/models/[name]/versions/[version]/retire": {
    allowed: ["contributor", "admin"], // the owner or an admin
    // A fresh development version each time, so an allowed retire never meets one retired already.
    call: async (_, f) => {
      const version = unique("r").replace(/^r-/, "0.");
      const res = await f.contributor.post(`/api/v1/models/${f.model}/versions`, { data: { version } });
      expect(res.status()).toBe(201);
      return { path: `/api/v1/models/${f.model}/versions/${version}/retire`, data: { reason: "matrix" } };
    },
  },

  "POST /api/v1/models/[name]/versions/[version]/bias-audits": {
    allowed: ["contributor"],
    call: (_, f) => ({
      path: `/api/v1/models/${f.model}/versions/${f.version}/bias-audits`,
      data: { name: "matrix", dataset: "matrix", sensitiveAttributes: ["g"], counts: [{ attributes: { g: "a" }, tp: 5, fp: 5, tn: 5, fn: 5 }] },
    }),
  },
  "GET /api/v1/bias-audits/[id]": {
    allowed: EVERY_ROLE,
    // An audit posted by the contributor for the occasion.
    call: async (_, f) => {
      const res = await f.contributor.post(`/api/v1/models/${f.model}/versions/${f.version}/bias-audits`, {
        data: { name: "matrix-read", dataset: "matrix", sensitiveAttributes: ["g"], counts: [{ attributes: { g: "a" }, tp: 1, fp: 1, tn: 1, fn: 1 }] },
      });
      expect(res.status()).toBe(201);
      return { path: `/api/v1/bias-audits/${(await res.json()).id}` };
    },
  },

  // Model cards: everyone reads; the model's owner (contributor@ owns the fixture model) or an admin writes.
  "GET /api/v1/models/[name]/versions/[version]/card": {
    allowed: EVERY_ROLE,
    // A card saved by the owner first, since a version without one is 404.
    call: async (_, f) => {
      const path = `/api/v1/models/${f.model}/versions/${f.version}/card`;
      expect((await f.contributor.put(path, { data: { modelDetails: { text: "matrix" } } })).status()).toBe(200);
      return { path };
    },
  },
  "PUT /api/v1/models/[name]/versions/[version]/card": {
    allowed: ["contributor", "admin"],
    call: (c, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/card`, data: { modelDetails: { text: `saved by ${c}` } } }),
  },
  "POST /api/v1/models/[name]/versions/[version]/card/import": {
    allowed: ["contributor", "admin"],
    call: (c, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/card/import`, data: { model_details: { overview: `imported by ${c}` } } }),
  },
  "GET /api/v1/models/[name]/versions/[version]/card/revisions": {
    allowed: EVERY_ROLE,
    call: (_, f) => ({ path: `/api/v1/models/${f.model}/versions/${f.version}/card/revisions` }),
  },
  "GET /api/v1/models/[name]/versions/[version]/card/diff": {
    allowed: EVERY_ROLE,
    call: async (_, f) => {
      const path = `/api/v1/models/${f.model}/versions/${f.version}/card`;
      expect((await f.contributor.put(path, { data: { modelDetails: { text: "matrix diff" } } })).status()).toBe(200);
      return { path: `${path}/diff?from=1&to=1` };
    },
  },
  "POST /api/v1/models/[name]/versions/[version]/card/copy-previous": {
    allowed: ["contributor", "admin"],
    // A fresh version each time, after the fixture version, whose card is there to copy.
    call: async (_, f) => {
      const base = `/api/v1/models/${f.model}/versions`;
      expect((await f.contributor.put(`${base}/${f.version}/card`, { data: { modelDetails: { text: "to copy" } } })).status()).toBe(200);
      const version = unique("c").replace(/^c-/, "2.");
      expect((await f.contributor.post(base, { data: { version } })).status()).toBe(201);
      return { path: `${base}/${version}/card/copy-previous` };
    },
  },

  // The evidence pack: like the audit trail, compliance and admin only. One release, requested once, for every caller.
  "GET /api/v1/releases/[id]/evidence-pack": {
    allowed: ["compliance", "admin"],
    call: async (_, f) => {
      packRelease ??= (async () => {
        const version = unique("pack").replace(/^pack-/, "6.");
        expect((await f.contributor.post(`/api/v1/models/${f.model}/versions`, { data: { version } })).status()).toBe(201);
        const res = await f.contributor.post("/api/v1/releases", { data: { model: f.model, version, targetStage: "staging", summary: "matrix pack" } });
        expect(res.status(), await res.text()).toBe(201);
        return (await res.json()).id as string;
      })();
      return { path: `/api/v1/releases/${await packRelease}/evidence-pack` };
    },
  },

  "GET /api/v1/audit": { allowed: ["compliance", "admin"], call: () => ({ path: "/api/v1/audit?limit=1" }) },
  "GET /api/v1/audit/verify": { allowed: ["compliance", "admin"], call: () => ({ path: "/api/v1/audit/verify" }) },
  "GET /api/v1/audit/checkpoint": { allowed: ["compliance", "admin"], call: () => ({ path: "/api/v1/audit/checkpoint" }) },

  ...RELEASE_MATRIX,
  ...WEBHOOK_MATRIX,
  ...LINEAGE_MATRIX,
  ...SLO_MATRIX,
  ...DASHBOARDS_MATRIX,
  ...TELEMETRY_MATRIX,
  ...DRIFT_MATRIX,
  ...OPERATIONS_MATRIX,
  ...KPIS_MATRIX,
  ...SECURITY_MATRIX,
  ...AUDIT_TRANSPARENCY_MATRIX,
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
  expect(missing, "routes without a row in MATRIX: decide who may call them").toEqual([]);
  const stale = Object.keys(MATRIX).filter((k) => !keys.includes(k));
  expect(stale, "rows in MATRIX for routes that no longer exist").toEqual([]);
  for (const d of DISCOVERED) expect(["GET", "POST", "PATCH", "PUT", "DELETE"], d.key).toContain(d.method);
});

test("no server action exists that is not listed (and so checked)", () => {
  const files = ["app", "lib", "components"].flatMap((d) => walk(path.join(ROOT, d))).filter((f) => /\.(ts|tsx|js|jsx|mjs)$/.test(f));
  const withDirective = files
    .filter((f) => /^\s*(['"])use server\1\s*;?\s*$/m.test(fs.readFileSync(f, "utf8")))
    .map((f) => path.relative(ROOT, f).split(path.sep).join("/"))
    .sort();
  expect(withDirective, 'files with a "use server" directive must be listed in SERVER_ACTION_FILES').toEqual([...SERVER_ACTION_FILES].sort());
});

test.describe("each route as each role", () => {
  let admin: APIRequestContext;
  let anon: APIRequestContext;
  let as: Record<Role, APIRequestContext>;
  let f: Fixture;

  test.beforeAll(async () => {
    admin = await adminApi();
    anon = await anonymousApi();
    as = await roleClients();
    const model = unique("matrix-model");
    expect((await as.contributor.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "low" } })).status()).toBe(201);
    expect((await as.contributor.post(`/api/v1/models/${model}/versions`, { data: { version: "1.0.0" } })).status()).toBe(201);
    const patchTarget = `${unique("matrix-target")}@example.com`;
    expect((await admin.post("/api/v1/users", { data: { email: patchTarget, name: "Target", roles: ["viewer"] } })).status()).toBe(201);
    f = { model, version: "1.0.0", patchTarget, admin, contributor: as.contributor };
  });
  test.afterAll(async () => disposeAll(admin, anon, as));

  async function send(ctx: APIRequestContext, method: Method, call: Call): Promise<APIResponse> {
    const opts = call.data === undefined ? {} : { data: call.data };
    return ctx.fetch(call.path, { method, ...opts });
  }

  for (const d of DISCOVERED) {
    test(d.key, async () => {
      const row = MATRIX[d.key];
      expect(row, `no row in MATRIX for ${d.key} (${path.relative(ROOT, d.file)})`).toBeTruthy();
      if ("skip" in row) {
        test.info().annotations.push({ type: "skipped-in-matrix", description: row.skip });
        return;
      }
      const outcomes: string[] = [];
      for (const caller of [...ROLE_LIST, "anonymous"] as Caller[]) {
        const ctx = caller === "anonymous" ? anon : as[caller];
        const res = await send(ctx, d.method, await row.call(caller, f));
        const status = res.status();
        const allowed =
          row.allowed === "anyone" || (caller !== "anonymous" && (row.allowed === "everyone" || row.allowed.includes(caller)));
        const want = allowed ? "2xx" : caller === "anonymous" ? "401" : "403";
        const got = status >= 200 && status < 300 ? "2xx" : String(status);
        outcomes.push(`${caller}: ${got}`);
        expect(got, `${d.key} as ${caller}: ${await res.text()}`).toBe(want);
        if (!allowed) {
          const body = await res.json();
          expect(body.error.code).toBe(caller === "anonymous" ? "unauthenticated" : "forbidden");
        }
      }
      test.info().annotations.push({ type: "outcomes", description: outcomes.join(", ") });
    });
  }
});
