import type { ResponseConfig, RouteConfig, ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { Policy } from "./policy";
import {
  CancelRelease,
  ChecksPreview,
  CreateRelease,
  DecideRelease,
  ListReleasesQuery,
  Release,
  ReleaseChecksQuery,
  ReleaseSummary,
  RequestRollback,
  ResubmitRelease,
  UpdatePolicy,
} from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors" | "page">;

const Id = z.object({ id: z.string() });

/** The release workflow's endpoints, for lib/openapi.ts. */
export function releaseRoutes({ ok, body, errors, page }: Helpers): RouteConfig[] {
  const WRITE = errors(400, 401, 403, 404, 409, 413, 415);
  return [
    {
      method: "post",
      path: "/api/v1/releases",
      tags: ["releases"],
      summary: "Request a release of a version to staging or production (contributor); the checks are evaluated now",
      request: { body: body(CreateRelease) },
      responses: { 201: ok(Release, "requested"), ...WRITE, ...errors(422) },
    },
    {
      method: "get",
      path: "/api/v1/releases",
      tags: ["releases"],
      summary: "Releases, newest first; ?awaiting=me is the caller's review queue",
      request: { query: ListReleasesQuery },
      responses: { 200: ok(page(ReleaseSummary)), ...errors(400, 401, 403) },
    },
    {
      method: "get",
      path: "/api/v1/releases/{id}",
      tags: ["releases"],
      summary: "A release with every decision; an open release's checks are evaluated now, a closed one's as at its final decision",
      request: { params: Id },
      responses: { 200: ok(Release), ...errors(401, 403, 404) },
    },
    {
      method: "post",
      path: "/api/v1/releases/{id}/decisions",
      tags: ["releases"],
      summary:
        "Approve, reject or request changes, with a comment (reviewer or compliance; never the requester or the model's owner: 403 separation_of_duties). 409 if decided already or no longer pending; 422 checks_failed on an approve while a blocking check fails",
      request: { params: Id, body: body(DecideRelease) },
      responses: { 200: ok(Release), ...WRITE, ...errors(422) },
    },
    {
      method: "post",
      path: "/api/v1/releases/{id}/cancel",
      tags: ["releases"],
      summary: "Cancel an open release (its requester or an admin); the body is optional",
      request: { params: Id, body: { ...body(CancelRelease), required: false } },
      responses: { 200: ok(Release), ...WRITE },
    },
    {
      method: "post",
      path: "/api/v1/releases/{id}/resubmit",
      tags: ["releases"],
      summary: "Resubmit a release returned for changes (its requester): a new round of decisions, judged under the policy now in force",
      request: { params: Id, body: { ...body(ResubmitRelease), required: false } },
      responses: { 200: ok(Release), ...WRITE },
    },
    {
      method: "post",
      path: "/api/v1/models/{name}/rollback",
      tags: ["releases"],
      summary:
        "Start an expedited rollback to the version the production one replaced (reviewer, compliance, admin or the model's owner): one approval from anyone but the requester, checks shown but not blocking",
      request: { params: z.object({ name: z.string() }), body: body(RequestRollback) },
      responses: { 201: ok(Release, "requested"), ...WRITE, ...errors(422) },
    },
    {
      method: "get",
      path: "/api/v1/models/{name}/versions/{version}/release-checks",
      tags: ["releases"],
      summary: "What a release of this version would be judged on now: the checks, the approvals it needs, the version it would replace",
      request: { params: z.object({ name: z.string(), version: z.string() }), query: ReleaseChecksQuery },
      responses: { 200: ok(ChecksPreview), ...errors(400, 401, 403, 404) },
    },
    {
      method: "get",
      path: "/api/v1/policies/release",
      tags: ["releases"],
      summary: "The release policy in force and its history",
      responses: {
        200: ok(Policy.extend({ history: z.array(z.object({ version: z.number().int(), createdBy: z.string(), createdAt: z.string() })) })),
        ...errors(401, 403),
      },
    },
    {
      method: "put",
      path: "/api/v1/policies/release",
      tags: ["releases"],
      summary:
        "Save a new version of the release policy (admin); open releases keep the version they were requested under until resubmitted",
      request: { body: body(UpdatePolicy) },
      responses: { 200: ok(Policy), ...errors(400, 401, 403, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/releases/{id}/evidence-pack",
      tags: ["releases"],
      summary:
        "Everything about a release in one zip (compliance, admin): the release with its decisions and comments, the policy version, the checks, the card revision (JSON, Markdown, MCT), bias audits, evaluations, lineage, release history, and every audit entry about it with a hash-chain proof; README.md summarises it along the EU AI Act's Annex IV headings. The same release gives the same bytes until something about it changes",
      request: { params: Id },
      responses: {
        200: {
          description: "the evidence pack; Content-Disposition names it evidence-<model>-<version>-<id prefix>.zip",
          content: { "application/zip": { schema: z.string().meta({ format: "binary" }) } },
        },
        ...errors(401, 403, 404),
      },
    },
  ];
}
