import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { ModelName } from "../inventory/schemas";
import {
  ControlSchema,
  CoverageFormat,
  CreateControl,
  FrameworkDetailSchema,
  FrameworkSummarySchema,
  ModelCoverageQuery,
  ModelCoverageSchema,
  PortfolioFrameworkCoverageSchema,
  UpdateControl,
} from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors" | "page">;

const FrameworkParams = z.object({ id: z.string().meta({ example: "eu-ai-act" }) });
const ControlParams = z.object({
  id: z.string().meta({ description: "`{framework}:{identifier}`, URL-encoded", example: "eu-ai-act%3AArt.%209" }),
});
const withCsv = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema }, "text/csv": { schema: z.string() } },
});

/** Controls, frameworks and their coverage by evidence (issue 21 item 5), for lib/openapi.ts. */
export function controlsRoutes({ ok, body, errors, page }: Helpers): RouteConfig[] {
  return [
    {
      method: "get",
      path: "/api/v1/frameworks",
      tags: ["controls"],
      summary:
        "The frameworks compliance answers to: the shipped library (EU AI Act, NIST AI RMF, ISO/IEC 42001 Annex A, SR 11-7) and admins' own",
      responses: { 200: ok(page(FrameworkSummarySchema)), ...errors(401, 403) },
    },
    {
      method: "get",
      path: "/api/v1/frameworks/{id}",
      tags: ["controls"],
      summary: "A framework's controls, each with the evidence kinds it maps to (shipped, custom, and kinds admins added)",
      request: { params: FrameworkParams },
      responses: { 200: ok(FrameworkDetailSchema), ...errors(401, 403, 404) },
    },
    {
      method: "get",
      path: "/api/v1/frameworks/{id}/coverage",
      tags: ["controls"],
      summary:
        "Every production model's coverage of a framework: per control covered, partial, stale or missing with the evidence and links, figures per model and overall; ?format=csv gives one row per model, control and evidence item",
      request: { params: FrameworkParams, query: CoverageFormat },
      responses: { 200: withCsv(PortfolioFrameworkCoverageSchema, "the coverage"), ...errors(400, 401, 403, 404) },
    },
    {
      method: "get",
      path: "/api/v1/models/{name}/framework-coverage",
      tags: ["controls"],
      summary:
        "A model's coverage of one framework, judged on its production version (else its newest): per control the status and each evidence item found, stale or missing with the reason and a link; ?format=csv",
      request: { params: z.object({ name: ModelName }), query: ModelCoverageQuery },
      responses: { 200: withCsv(ModelCoverageSchema, "the coverage"), ...errors(400, 401, 403, 404) },
    },
    {
      method: "post",
      path: "/api/v1/controls",
      tags: ["controls"],
      summary: "Add a control of your own (admin), to a shipped framework or to a new framework; audited as control.created",
      request: { body: body(CreateControl) },
      responses: { 201: ok(ControlSchema, "created"), ...errors(400, 401, 403, 409, 413, 415) },
    },
    {
      method: "patch",
      path: "/api/v1/controls/{id}",
      tags: ["controls"],
      summary:
        "Edit a custom control (title, group, evidence), or add evidence kinds to a shipped control's mapping (addedEvidence; the shipped mapping stays); admin, audited",
      request: { params: ControlParams, body: body(UpdateControl) },
      responses: { 200: ok(ControlSchema), ...errors(400, 401, 403, 404, 413, 415) },
    },
    {
      method: "delete",
      path: "/api/v1/controls/{id}",
      tags: ["controls"],
      summary: "Delete a custom control (admin, audited); a shipped control is 409",
      request: { params: ControlParams },
      responses: { 200: ok(z.object({ deleted: z.string() })), ...errors(401, 403, 404, 409) },
    },
  ];
}
