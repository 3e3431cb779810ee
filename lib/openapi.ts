import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import pkg from "@/package.json";
import { OPENAPI_HELPERS } from "./api/openapi-helpers";
import { PageQuery } from "./api/pagination";
import { auditTransparencyRoutes } from "./audit/openapi";
import { AuditEntrySchema, AuditQuery, VerifyResultSchema } from "./audit/schemas";
import { CreateToken, CreateUser, IssuedToken, Me, TokenInfo, UpdateUser, User } from "./auth/schemas";
import { MctModelCard } from "./cards/mct-schema";
import {
  CardDiff,
  CardDocument,
  CardRevisionInfo,
  CopiedCard,
  DiffQuery,
  GetCardQuery,
  ImportedCard,
  ListRevisionsQuery,
  ModelCard,
  SavedCard,
} from "./cards/schemas";
import { controlsRoutes } from "./controls/openapi";
import { coverageRoutes } from "./coverage/openapi";
import { executiveRoutes } from "./dashboards/executive-openapi";
import { dashboardRoutes } from "./dashboards/openapi";
import { dataQualityRoutes } from "./dataquality/openapi";
import { driftRoutes } from "./drift/openapi";
import { BiasAudit, BiasAuditQuery, BiasRecord, CreateBiasAudit } from "./fairness/schemas";
import { findingRoutes } from "./findings/openapi";
import { healthRoutes } from "./health/openapi";
import { incidentRoutes } from "./incidents/openapi";
import {
  CreateEvaluation,
  CreateModel,
  CreateVersion,
  Evaluation,
  ListModelsQuery,
  ModelDetail,
  ModelSummary,
  RetireVersion,
  UpdateModel,
  Version,
  VersionDetail,
} from "./inventory/schemas";
import { kpiRoutes } from "./kpis/openapi";
import { lineageRoutes } from "./lineage/openapi";
import { metricsRoutes } from "./metrics/openapi";
import { mrmRoutes } from "./mrm/openapi";
import { operationsRoutes } from "./operations/openapi";
import { otlpRoutes } from "./otlp/openapi";
import { releaseRoutes } from "./releases/openapi";
import { securityRoutes } from "./security/openapi";
import { sloRoutes } from "./slo/openapi";
import { telemetryRoutes } from "./telemetry/openapi";
import { webhookRoutes } from "./webhooks/openapi";

const { ok, body, errors, page } = OPENAPI_HELPERS;
const WRITE = errors(400, 401, 403, 409, 413, 415);
const READ = errors(401, 403, 404);

const NameParam = z.object({ name: z.string() });
const VersionParams = z.object({ name: z.string(), version: z.string() });

/** Every /api/v1 endpoint, described from the same zod schemas the handlers validate with. */
export const ROUTES: RouteConfig[] = [
  {
    method: "get",
    path: "/api/health",
    tags: ["health"],
    summary: "Health of the portal and its store",
    responses: {
      200: ok(z.object({ status: z.literal("ok"), db: z.enum(["pglite", "postgres"]), version: z.string() })),
      503: ok(z.object({ status: z.literal("degraded"), db: z.string(), version: z.string() }), "store unreachable"),
    },
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    tags: ["health"],
    summary: "This document",
    responses: { 200: ok(z.object({}).passthrough()) },
  },
  { method: "get", path: "/api/v1/me", tags: ["identity"], summary: "The caller", responses: { 200: ok(Me), ...errors(401) } },
  {
    method: "get",
    path: "/api/v1/users",
    tags: ["identity"],
    summary: "List users (admin)",
    request: { query: PageQuery },
    responses: { 200: ok(page(User)), ...READ },
  },
  {
    method: "post",
    path: "/api/v1/users",
    tags: ["identity"],
    summary: "Create a user (admin)",
    request: { body: body(CreateUser) },
    responses: { 201: ok(User, "created"), ...WRITE },
  },
  {
    method: "patch",
    path: "/api/v1/users/{email}",
    tags: ["identity"],
    summary: "Change roles, name, disabled (admin); disabling ends sessions and tokens at once",
    request: { params: z.object({ email: z.string() }), body: body(UpdateUser) },
    responses: { 200: ok(User), ...WRITE, ...errors(404, 422) },
  },
  {
    method: "get",
    path: "/api/v1/users/{email}/tokens",
    tags: ["identity"],
    summary: "A user's tokens (admin, or the user)",
    request: { params: z.object({ email: z.string() }), query: PageQuery },
    responses: { 200: ok(page(TokenInfo)), ...READ },
  },
  {
    method: "post",
    path: "/api/v1/users/{email}/tokens",
    tags: ["identity"],
    summary: "Issue a token (admin, or the user for themself); shown this once",
    request: { params: z.object({ email: z.string() }), body: body(CreateToken) },
    responses: { 201: ok(IssuedToken, "created"), ...WRITE, ...errors(404) },
  },
  {
    method: "delete",
    path: "/api/v1/tokens/{id}",
    tags: ["identity"],
    summary: "Revoke a token (admin or owner), effective at once",
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: ok(TokenInfo), ...READ },
  },
  {
    method: "get",
    path: "/api/v1/models",
    tags: ["inventory"],
    summary: "The inventory, filtered and sorted",
    request: { query: ListModelsQuery },
    responses: { 200: ok(page(ModelSummary)), ...errors(400, 401, 403) },
  },
  {
    method: "post",
    path: "/api/v1/models",
    tags: ["inventory"],
    summary: "Register a model (contributor)",
    request: { body: body(CreateModel) },
    responses: { 201: ok(ModelSummary, "created"), ...WRITE },
  },
  {
    method: "get",
    path: "/api/v1/models/{name}",
    tags: ["inventory"],
    summary: "A model and its versions",
    request: { params: NameParam },
    responses: { 200: ok(ModelDetail), ...READ },
  },
  {
    method: "patch",
    path: "/api/v1/models/{name}",
    tags: ["inventory"],
    summary: "Change a model (owner or admin; riskTier only compliance or admin)",
    request: { params: NameParam, body: body(UpdateModel) },
    responses: { 200: ok(ModelSummary), ...WRITE, ...errors(404) },
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/versions",
    tags: ["inventory"],
    summary: "A model's versions, newest first",
    request: { params: NameParam, query: PageQuery },
    responses: { 200: ok(page(Version)), ...READ },
  },
  {
    method: "post",
    path: "/api/v1/models/{name}/versions",
    tags: ["inventory"],
    summary: "Register a version (contributor); stage development",
    request: { params: NameParam, body: body(CreateVersion) },
    responses: { 201: ok(Version, "created"), ...WRITE, ...errors(404) },
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/versions/{version}",
    tags: ["inventory"],
    summary: "A version with its evaluations",
    request: { params: VersionParams },
    responses: { 200: ok(VersionDetail), ...READ },
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/versions/{version}/evaluations",
    tags: ["inventory"],
    summary: "A version's evaluations",
    request: { params: VersionParams, query: PageQuery },
    responses: { 200: ok(page(Evaluation)), ...READ },
  },
  {
    method: "post",
    path: "/api/v1/models/{name}/versions/{version}/evaluations",
    tags: ["inventory"],
    summary: "Record an evaluation (contributor)",
    request: { params: VersionParams, body: body(CreateEvaluation) },
    responses: { 201: ok(Evaluation, "created"), ...WRITE, ...errors(404) },
  },
  {
    method: "post",
    path: "/api/v1/models/{name}/versions/{version}/retire",
    tags: ["inventory"],
    summary: "Withdraw a version (its owner or an admin); not one in production",
    request: { params: VersionParams, body: body(RetireVersion) },
    responses: { 200: ok(Version), ...WRITE, ...errors(404, 422) },
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/versions/{version}/card",
    tags: ["model cards"],
    summary:
      "A version's model card: JSON (default; ETag is the revision), Model Card Toolkit v0.0.2 JSON (?format=mct) or Markdown (?format=markdown); ?revision=N for an older one. 404 until a card is saved",
    request: { params: VersionParams, query: GetCardQuery },
    responses: {
      200: {
        description: "the card",
        content: { "application/json": { schema: z.union([CardDocument, MctModelCard]) }, "text/markdown": { schema: z.string() } },
      },
      ...errors(400, 401, 403, 404),
    },
  },
  {
    method: "put",
    path: "/api/v1/models/{name}/versions/{version}/card",
    tags: ["model cards"],
    summary:
      'Save the whole card as a new revision (the model\'s owner or an admin). If-Match: <revision> (3 or "3"; 0 for no card yet) → 409 revision_conflict when someone saved in between',
    request: { params: VersionParams, headers: z.object({ "if-match": z.string().optional() }), body: body(ModelCard) },
    responses: { 200: ok(SavedCard), ...WRITE, ...errors(404) },
  },
  {
    method: "post",
    path: "/api/v1/models/{name}/versions/{version}/card/import",
    tags: ["model cards"],
    summary:
      "Import a card as a new revision (the model's owner or an admin): Model Card Toolkit v0.0.2 JSON, or a Hugging Face model card (YAML front matter + Markdown) as text/markdown. What has no field of its own is kept in the nearest section's text",
    request: {
      params: VersionParams,
      headers: z.object({ "if-match": z.string().optional() }),
      body: { required: true, content: { "application/json": { schema: MctModelCard }, "text/markdown": { schema: z.string() } } },
    },
    responses: { 201: ok(ImportedCard, "imported"), ...WRITE, ...errors(404) },
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/versions/{version}/card/revisions",
    tags: ["model cards"],
    summary: "The card's revisions, newest first: who saved each, when, how, its completeness",
    request: { params: VersionParams, query: ListRevisionsQuery },
    responses: { 200: ok(page(CardRevisionInfo)), ...errors(400, 401, 403, 404) },
  },
  {
    method: "get",
    path: "/api/v1/models/{name}/versions/{version}/card/diff",
    tags: ["model cards"],
    summary: "Section-by-section differences between two revisions (?from=&to=), with per-field changes and a line diff of text",
    request: { params: VersionParams, query: DiffQuery },
    responses: { 200: ok(CardDiff), ...errors(400, 401, 403, 404) },
  },
  {
    method: "post",
    path: "/api/v1/models/{name}/versions/{version}/card/copy-previous",
    tags: ["model cards"],
    summary:
      "Start this version's card as a copy of the nearest earlier version's latest card, marked as needing review (the model's owner or an admin); 409 if it has a card",
    request: { params: VersionParams },
    responses: { 201: ok(CopiedCard, "copied"), ...WRITE, ...errors(404) },
  },
  {
    method: "post",
    path: "/api/v1/models/{name}/versions/{version}/bias-audits",
    tags: ["bias audits"],
    summary:
      "Run and store a bias audit (contributor): records as JSON (up to 100,000) or NDJSON (a header line without records, then a record a line; up to 5,000,000, folded as they arrive), or counts per group",
    request: {
      params: VersionParams,
      body: {
        required: true,
        content: {
          "application/json": { schema: CreateBiasAudit },
          "application/x-ndjson": {
            schema: BiasRecord,
            description: "first line: this audit's header (the JSON body without records or counts); then one BiasRecord a line",
          },
        },
      },
    },
    responses: { 201: ok(BiasAudit, "created"), ...WRITE, ...errors(404) },
  },
  {
    method: "get",
    path: "/api/v1/bias-audits/{id}",
    tags: ["bias audits"],
    summary: "A stored bias audit; ?format=csv gives its group table as CSV",
    request: { params: z.object({ id: z.string() }), query: BiasAuditQuery },
    responses: {
      200: { description: "the audit", content: { "application/json": { schema: BiasAudit }, "text/csv": { schema: z.string() } } },
      ...READ,
    },
  },
  {
    method: "get",
    path: "/api/v1/audit",
    tags: ["audit"],
    summary: "The audit trail (compliance, admin): a page as JSON, or everything as NDJSON or CSV, streamed",
    request: { query: AuditQuery },
    responses: {
      200: {
        description: "entries",
        content: {
          "application/json": { schema: page(AuditEntrySchema) },
          "application/x-ndjson": { schema: AuditEntrySchema },
          "text/csv": { schema: z.string() },
        },
      },
      ...errors(400, 401, 403),
    },
  },
  ...releaseRoutes({ ok, body, errors, page }),
  ...lineageRoutes({ ok, body, errors }),
  ...dataQualityRoutes({ ok, body, errors }),
  ...sloRoutes({ ok, body, errors, page }),
  ...telemetryRoutes({ ok, body, errors }),
  ...driftRoutes({ ok, body, errors }),
  ...operationsRoutes({ ok, body, errors }),
  ...dashboardRoutes({ ok, errors }),
  ...kpiRoutes({ ok, body, errors }),
  ...executiveRoutes({ ok, errors }),
  ...securityRoutes({ ok, errors }),
  ...coverageRoutes({ ok, errors }),
  ...controlsRoutes({ ok, body, errors, page }),
  ...mrmRoutes({ ok, body, errors }),
  {
    method: "get",
    path: "/api/v1/audit/verify",
    tags: ["audit"],
    summary: "Recompute the hash chain (compliance, admin)",
    responses: { 200: ok(VerifyResultSchema), ...errors(401, 403) },
  },
  ...auditTransparencyRoutes({ ok, errors }),
  ...metricsRoutes({ errors }),
  ...otlpRoutes({ ok }),
  ...webhookRoutes({ ok, body, errors, page }),
  ...healthRoutes({ ok }),
  ...findingRoutes({ ok, body, errors, page }),
  ...incidentRoutes({ ok, body, errors, page }),
];

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | null = null;

export function openApiDocument() {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  registry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: "next-auth.session-token" });
  for (const r of ROUTES) {
    const isPublic = r.path === "/api/health" || r.path === "/api/ready" || r.path === "/api/v1/openapi.json";
    registry.registerPath({ ...r, security: isPublic ? [] : (r.security ?? [{ bearer: [] }, { session: [] }]) });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Steward API",
      version: pkg.version,
      description:
        "The public contract of Steward, v1. JSON in and out; errors are {error: {code, message, details}}; lists take ?limit= and ?cursor=; any POST takes an Idempotency-Key header.",
    },
    servers: [{ url: "/" }],
  });
  return cached;
}
