// The generated OpenAPI document holds together with API.md (the contract) and with the route files, and what the
// server sends matches what the document promises.
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { E2E } from "../env";
import { apiAs } from "../fixtures";
import { DISCOVERED } from "./routes";
import { adminApi, disposeAll, expectStatus, unique } from "./support";

// The contract, kept in the project (docs/contract/API.md) so a fresh clone tests against it; where the shared design
// folder sits beside the project (CI), the copy must equal it.
const API_MD = path.resolve(process.cwd(), "docs/contract/API.md");
const SHARED_API_MD = path.resolve(process.cwd(), "../shared/design/API.md");

test("the project's copy of API.md is the shared contract", () => {
  test.skip(!fs.existsSync(SHARED_API_MD), "no ../shared beside this checkout");
  expect(fs.readFileSync(API_MD, "utf8")).toBe(fs.readFileSync(SHARED_API_MD, "utf8"));
});

/**
 * Endpoints the project added beyond API.md (API.md allows additions, never removals). Each is described in the
 * OpenAPI document; adding one to the document means adding it here, on purpose.
 */
const DOCUMENTED_ADDITIONS = new Set([
  // Model risk management, issue 21 items 1, 2 and 6: risk assessments, periodic reviews, attestations (lib/mrm/).
  "GET /api/v1/risk-questionnaire",
  "PUT /api/v1/risk-questionnaire",
  "GET /api/v1/models/{}/assessments",
  "POST /api/v1/models/{}/assessments",
  "POST /api/v1/models/{}/assessments/{}/confirm",
  "GET /api/v1/review-policy",
  "PUT /api/v1/review-policy",
  "GET /api/v1/reviews",
  "GET /api/v1/models/{}/reviews",
  "POST /api/v1/models/{}/reviews",
  "GET /api/v1/reviews/{}",
  "POST /api/v1/reviews/{}/complete",
  "POST /api/v1/models/{}/reviews/recorded",
  "GET /api/v1/attestations",
  "POST /api/v1/models/{}/attestations",
  // Audit transparency, issue 19 part 5: the checkpoints published to webhooks and witnesses, and publishing now.
  "GET /api/v1/audit/checkpoints",
  "POST /api/v1/audit/checkpoints",
  // Lists the contract implies.
  "GET /api/v1/users",
  "GET /api/v1/users/{}/tokens",
  "GET /api/v1/models/{}/versions",
  "GET /api/v1/models/{}/versions/{}/evaluations",
  // Model cards: revision history, a diff of two revisions, starting from the previous version's card.
  "GET /api/v1/models/{}/versions/{}/card/revisions",
  "GET /api/v1/models/{}/versions/{}/card/diff",
  "POST /api/v1/models/{}/versions/{}/card/copy-previous",
  // Releases: resubmitting after "request changes", the checks before requesting, the policy admins edit.
  "POST /api/v1/releases/{}/resubmit",
  "GET /api/v1/models/{}/versions/{}/release-checks",
  "GET /api/v1/policies/release",
  "PUT /api/v1/policies/release",
  // Webhooks admins configure at /admin/webhooks (API.md names the page and the signature, not the endpoints).
  "GET /api/v1/webhooks",
  "POST /api/v1/webhooks",
  "PATCH /api/v1/webhooks/{}",
  "DELETE /api/v1/webhooks/{}",
  "GET /api/v1/webhooks/{}/deliveries",
  "POST /api/v1/webhooks/{}/test",
  // Issue 23: the JSON Schema of each webhook event's body, for receivers.
  "GET /api/v1/webhooks/schemas",
  // Issue 23: Great Expectations validation results on lineage datasets.
  "POST /api/v1/data-quality",
  // The evidence pack of a release, for compliance and admins (a zip; lib/compliance/).
  "GET /api/v1/releases/{}/evidence-pack",
  // Lineage: the explorer's search box and a node's panel (facets, runs, schema changes).
  "GET /api/v1/lineage/nodes",
  "GET /api/v1/lineage/node",
  // SLOs and silences: the lists beside the writes API.md names.
  "GET /api/v1/models/{}/slos",
  "GET /api/v1/silences",
  // Operations: the lists beside the deployment and pipeline-run writes API.md names.
  "GET /api/v1/models/{}/pipeline-runs",
  "GET /api/v1/models/{}/deployments",
  // The on-call dashboard's one read (lib/dashboards/on-call.ts), which the page polls.
  "GET /api/v1/dashboards/on-call",
  // Drift: reading back the reference profile a version was registered with.
  "GET /api/v1/models/{}/versions/{}/reference",
  // The debug dashboard's one read (lib/dashboards/debug.ts).
  "GET /api/v1/dashboards/debug",
  // KPI definitions admins manage at /admin/kpis (API.md names the points, not how KPIs are defined).
  "GET /api/v1/kpi-definitions",
  "POST /api/v1/kpi-definitions",
  "PATCH /api/v1/kpi-definitions/{}",
  // The executive dashboard's one read (lib/dashboards/executive.ts), which the page polls.
  "GET /api/v1/dashboards/executive",
  // The security log's summary (refused sign-ins and tokens, permission denials) shown on /admin and /audit.
  "GET /api/v1/security/events",
  // OTLP/HTTP's default traces path (API.md v1.2 names it outside /api, which the contract's endpoint scan reads).
  "POST /v1/traces",
  // Issue 22: failure-mode coverage of a version and of the production portfolio (lib/coverage/).
  "GET /api/v1/models/{}/versions/{}/coverage",
  "GET /api/v1/coverage",
  // Issue 17: readiness beside /api/health (liveness), for load balancers and orchestrators.
  "GET /api/ready",
  // Issue 21 item 5: controls and frameworks, their coverage by evidence, admins' own controls (lib/controls/).
  "GET /api/v1/frameworks",
  "GET /api/v1/frameworks/{}",
  "GET /api/v1/frameworks/{}/coverage",
  "GET /api/v1/models/{}/framework-coverage",
  "POST /api/v1/controls",
  "PATCH /api/v1/controls/{}",
  "DELETE /api/v1/controls/{}",
  // Issue 21 items 3 and 4: model-risk findings and incidents (with the EU AI Act serious-incident report).
  "GET /api/v1/findings",
  "POST /api/v1/findings",
  "GET /api/v1/findings/{}",
  "PATCH /api/v1/findings/{}",
  "POST /api/v1/findings/{}/close",
  "POST /api/v1/findings/{}/accept-risk",
  "GET /api/v1/incidents",
  "POST /api/v1/incidents",
  "GET /api/v1/incidents/{}",
  "PATCH /api/v1/incidents/{}",
  "POST /api/v1/incidents/{}/timeline",
  "GET /api/v1/incidents/{}/report",
]);

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
};
type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  pattern?: string;
};

/** "/api/v1/models/{name}" and "/api/v1/models/[name]" both become "/api/v1/models/{}". */
const shape = (p: string) => p.replace(/\{[^}]+\}|\[[^\]]+\]/g, "{}");

/** Every "METHOD /api/..." the contract names, without query strings or trailing punctuation. */
function contractEndpoints(md: string): Set<string> {
  const out = new Set<string>();
  for (const m of md.matchAll(/\b(GET|POST|PUT|PATCH|DELETE)\s+(\/api\/[^\s`|?()]+)/g)) {
    out.add(`${m[1]} ${shape(m[2].replace(/[.,:;]+$/, ""))}`);
  }
  return out;
}

/** The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) the generated document uses. Returns the problems. */
function validate(doc: Doc, schema: Schema, value: unknown, at = "body"): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = doc.components.schemas[name];
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    return validate(doc, target, value, at);
  }
  const problems: string[] = [];
  if (schema.anyOf && !schema.anyOf.some((s) => validate(doc, s, value, at).length === 0)) problems.push(`${at}: matches none of anyOf`);
  if (schema.oneOf && schema.oneOf.filter((s) => validate(doc, s, value, at).length === 0).length !== 1)
    problems.push(`${at}: not exactly one of oneOf`);
  for (const s of schema.allOf ?? []) problems.push(...validate(doc, s, value, at));
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
    const ok = types.some((t) => t === actual || (t === "number" && actual === "integer"));
    if (!ok) return [`${at}: is ${actual}, schema says ${types.join("|")}`];
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) problems.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (schema.pattern && typeof value === "string" && !new RegExp(schema.pattern, "u").test(value))
    problems.push(`${at}: does not match ${schema.pattern}`);
  if (Array.isArray(value) && schema.items) {
    for (const [k, v] of value.entries()) problems.push(...validate(doc, schema.items, v, `${at}[${k}]`));
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) problems.push(`${at}.${r}: required, missing`);
    for (const [k, v] of Object.entries(obj)) {
      const prop = schema.properties?.[k];
      if (prop) problems.push(...validate(doc, prop, v, `${at}.${k}`));
      else if (typeof schema.additionalProperties === "object")
        problems.push(...validate(doc, schema.additionalProperties, v, `${at}.${k}`));
      else if (schema.additionalProperties === false) problems.push(`${at}.${k}: not allowed`);
    }
  }
  return problems;
}

let doc: Doc;
let admin: APIRequestContext;
let contributor: APIRequestContext;

test.beforeAll(async ({ request }) => {
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  doc = await res.json();
  admin = await adminApi();
  contributor = await apiAs(E2E.users.contributor);
});
test.afterAll(async () => disposeAll(admin, contributor));

const docEndpoints = () =>
  new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${shape(p)}`)));

test("the document is OpenAPI 3.1 and served to anyone", async ({ request }) => {
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
  const res = await request.get("/api/v1/openapi.json");
  expect(res.headers()["content-type"]).toContain("application/json");
});

test("every path and method in the document is in API.md, or an explicit documented addition", () => {
  const contract = contractEndpoints(fs.readFileSync(API_MD, "utf8"));
  expect(contract.size, "API.md parsed").toBeGreaterThan(20);
  const extra = [...docEndpoints()].filter((e) => !contract.has(e) && !DOCUMENTED_ADDITIONS.has(e));
  expect(extra, "in openapi.json but not in API.md").toEqual([]);
  // The allow-list holds only what the document really has and the contract lacks.
  for (const a of DOCUMENTED_ADDITIONS) {
    expect(docEndpoints().has(a), `${a} is in the document`).toBe(true);
    expect(contract.has(a), `${a} is not (yet) in API.md`).toBe(false);
  }
});

test("every API.md endpoint that has a route file is in the document with the same method", () => {
  const contract = contractEndpoints(fs.readFileSync(API_MD, "utf8"));
  const routes = new Set(DISCOVERED.map((d) => `${d.method} ${shape(d.url)}`));
  const routePaths = new Set(DISCOVERED.map((d) => shape(d.url)));
  const inDoc = docEndpoints();
  const implemented = [...contract].filter((e) => routePaths.has(e.split(" ")[1]));
  expect(implemented.length).toBeGreaterThanOrEqual(17);
  expect(
    implemented.filter((e) => !inDoc.has(e)),
    "in API.md with a route, missing from openapi.json",
  ).toEqual([]);
  // A route on a contract path must serve the contract's method.
  expect(
    implemented.filter((e) => !routes.has(e)),
    "in API.md, the route file lacks that method",
  ).toEqual([]);
});

test("every method of every /api and /v1 route file (but next-auth's) is in the document, and nothing else is", () => {
  const served = DISCOVERED.filter((d) => (d.url.startsWith("/api/") || d.url.startsWith("/v1/")) && !d.url.startsWith("/api/auth/")).map(
    (d) => `${d.method} ${shape(d.url)}`,
  );
  expect([...new Set(served)].sort()).toEqual([...docEndpoints()].sort());
});

test("each 201 body of POST /api/v1/models matches ModelSummary, required properties and types", async () => {
  const op = doc.paths["/api/v1/models"].post;
  const schema = op.responses["201"].content?.["application/json"].schema as Schema;
  expect(schema.$ref).toBe("#/components/schemas/ModelSummary");
  const summary = doc.components.schemas.ModelSummary;
  expect(summary.required).toEqual(
    expect.arrayContaining(["name", "owner", "riskTier", "tags", "stage", "versionCount", "createdAt", "updatedAt"]),
  );
  const bodies = [
    { name: unique("oas-min"), owner: E2E.users.contributor, riskTier: "low" },
    {
      name: unique("oas-full"),
      title: "T",
      description: "D",
      owner: E2E.users.contributor2,
      team: "x",
      riskTier: "critical",
      useCase: "U",
      tags: ["a", "b"],
    },
  ];
  for (const data of bodies) {
    const res = await contributor.post("/api/v1/models", { data });
    await expectStatus(res, 201);
    const body = await res.json();
    for (const r of summary.required ?? []) expect(body, `required ${r}`).toHaveProperty(r);
    expect(validate(doc, schema, body)).toEqual([]);
    // Nothing undocumented either: a client generated from the document sees every field.
    expect(Object.keys(body).filter((k) => !(k in (summary.properties ?? {})))).toEqual([]);
  }
});

test("other responses match their documented schemas", async () => {
  const model = unique("oas");
  await expectStatus(
    await contributor.post("/api/v1/models", { data: { name: model, owner: E2E.users.contributor, riskTier: "high" } }),
    201,
  );
  const checks: { op: [string, string]; status: string; call: () => Promise<APIResponse> }[] = [
    { op: ["/api/health", "get"], status: "200", call: () => contributor.get("/api/health") },
    { op: ["/api/ready", "get"], status: "200", call: () => contributor.get("/api/ready") },
    { op: ["/api/v1/me", "get"], status: "200", call: () => contributor.get("/api/v1/me") },
    { op: ["/api/v1/models", "get"], status: "200", call: () => contributor.get("/api/v1/models?limit=20") },
    {
      op: ["/api/v1/models/{name}/versions", "post"],
      status: "201",
      call: () =>
        contributor.post(`/api/v1/models/${model}/versions`, {
          data: { version: "1.0", metrics: { auc: 0.8 }, inputs: [{ namespace: "n", name: "d" }] },
        }),
    },
    {
      op: ["/api/v1/models/{name}/versions/{version}/evaluations", "post"],
      status: "201",
      call: () => contributor.post(`/api/v1/models/${model}/versions/1.0/evaluations`, { data: { dataset: "d", metrics: { auc: 0.8 } } }),
    },
    {
      op: ["/api/v1/models/{name}/versions/{version}/coverage", "get"],
      status: "200",
      call: () => contributor.get(`/api/v1/models/${model}/versions/1.0/coverage`),
    },
    { op: ["/api/v1/coverage", "get"], status: "200", call: () => contributor.get("/api/v1/coverage") },
    { op: ["/api/v1/models/{name}", "get"], status: "200", call: () => contributor.get(`/api/v1/models/${model}`) },
    {
      op: ["/api/v1/models/{name}", "patch"],
      status: "200",
      call: () => contributor.patch(`/api/v1/models/${model}`, { data: { title: "x" } }),
    },
    { op: ["/api/v1/models/{name}/versions", "get"], status: "200", call: () => contributor.get(`/api/v1/models/${model}/versions`) },
    {
      op: ["/api/v1/models/{name}/versions/{version}", "get"],
      status: "200",
      call: () => contributor.get(`/api/v1/models/${model}/versions/1.0`),
    },
    {
      op: ["/api/v1/models/{name}/versions/{version}/evaluations", "get"],
      status: "200",
      call: () => contributor.get(`/api/v1/models/${model}/versions/1.0/evaluations`),
    },
    {
      op: ["/api/v1/models/{name}/versions/{version}/retire", "post"],
      status: "200",
      call: () => contributor.post(`/api/v1/models/${model}/versions/1.0/retire`, { data: { reason: "r" } }),
    },
    { op: ["/api/v1/users", "get"], status: "200", call: () => admin.get("/api/v1/users") },
    {
      op: ["/api/v1/users", "post"],
      status: "201",
      call: () => admin.post("/api/v1/users", { data: { email: `${unique("oas")}@example.com`, name: "O", roles: ["viewer"] } }),
    },
    {
      op: ["/api/v1/users/{email}", "patch"],
      status: "200",
      call: () => admin.patch(`/api/v1/users/${encodeURIComponent(E2E.users.reviewer)}`, { data: { name: "Rafael Souza" } }),
    },
    {
      op: ["/api/v1/users/{email}/tokens", "get"],
      status: "200",
      call: () => contributor.get(`/api/v1/users/${encodeURIComponent(E2E.users.contributor)}/tokens`),
    },
    {
      op: ["/api/v1/users/{email}/tokens", "post"],
      status: "201",
      call: () =>
        contributor.post(`/api/v1/users/${encodeURIComponent(E2E.users.contributor)}/tokens`, { data: { name: "oas", scopes: ["read"] } }),
    },
    { op: ["/api/v1/audit", "get"], status: "200", call: () => admin.get("/api/v1/audit?limit=30") },
    { op: ["/api/v1/audit/verify", "get"], status: "200", call: () => admin.get("/api/v1/audit/verify") },
    // An error, as every operation documents it.
    { op: ["/api/v1/models", "post"], status: "400", call: () => contributor.post("/api/v1/models", { data: { name: "X" } }) },
    { op: ["/api/v1/models/{name}", "get"], status: "404", call: () => contributor.get(`/api/v1/models/${unique("ghost")}`) },
    { op: ["/api/v1/audit", "get"], status: "403", call: () => contributor.get("/api/v1/audit") },
  ];
  for (const c of checks) {
    const res = await c.call();
    expect(String(res.status()), `${c.op.join(" ")}: ${await res.text()}`).toBe(c.status);
    const documented = doc.paths[c.op[0]]?.[c.op[1]]?.responses[c.status];
    expect(documented, `${c.op.join(" ")} documents ${c.status}`).toBeTruthy();
    const schema = documented.content?.["application/json"]?.schema as Schema;
    expect(validate(doc, schema, await res.json()), `${c.op.join(" ")} ${c.status}`).toEqual([]);
  }
  // The DELETE: revoke a token issued for the purpose.
  const issued = await (
    await contributor.post(`/api/v1/users/${encodeURIComponent(E2E.users.contributor)}/tokens`, {
      data: { name: "oas-del", scopes: ["read"] },
    })
  ).json();
  const del = await contributor.delete(`/api/v1/tokens/${issued.id}`);
  await expectStatus(del, 200);
  const schema = doc.paths["/api/v1/tokens/{id}"].delete.responses["200"].content?.["application/json"].schema as Schema;
  expect(validate(doc, schema, await del.json())).toEqual([]);
});

test("every operation but the public ones documents 401; every write with a body 400 and 403, with the error body", () => {
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      if (m === "get" && (p === "/api/health" || p === "/api/ready" || p === "/api/v1/openapi.json")) continue;
      expect(op.responses["401"], `${m} ${p} documents 401`).toBeTruthy();
      if (["post", "put", "patch"].includes(m)) {
        // OTLP's path answers errors as its specification says, a google.rpc.Status (with the portal's error object in it).
        const body = p.startsWith("/v1/") ? "#/components/schemas/OtlpStatus" : "#/components/schemas/Error";
        for (const s of ["400", "403"]) {
          expect(op.responses[s]?.content?.["application/json"].schema.$ref, `${m} ${p} ${s}`).toBe(body);
        }
      }
    }
  }
});
