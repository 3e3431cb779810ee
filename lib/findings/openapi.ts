import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { AcceptRisk, CloseFinding, Finding, FindingDetail, FindingsQuery, RaiseFinding, UpdateFinding } from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors" | "page">;

/** Model-risk findings (issue 21), for lib/openapi.ts. */
export function findingRoutes({ ok, body, errors, page }: Helpers): RouteConfig[] {
  const Id = z.object({ id: z.string() });
  const tags = ["findings"];
  return [
    {
      method: "post",
      path: "/api/v1/findings",
      tags,
      summary:
        "Raise a finding (reviewer, compliance) against a model and optionally a version, release, review or incident; owner defaults to the model's owner, due date by severity",
      request: { body: body(RaiseFinding) },
      responses: { 201: ok(Finding, "raised"), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/findings",
      tags,
      summary:
        "Findings, active first and earliest due first; filters model, status (as it stands today: an accepted risk past its expiry is open; `active` = open or in remediation), severity, overdue",
      request: { query: FindingsQuery },
      responses: { 200: ok(page(Finding)), ...errors(400, 401, 403) },
    },
    {
      method: "get",
      path: "/api/v1/findings/{id}",
      tags,
      summary: "A finding with its history (the audit trail's entries about it)",
      request: { params: Id },
      responses: { 200: ok(FindingDetail), ...errors(401, 403, 404) },
    },
    {
      method: "patch",
      path: "/api/v1/findings/{id}",
      tags,
      summary:
        "Work a finding (its owner, the model's owner or a maintainer, an admin): remediation plan, due date, owner, status open → in_remediation, readyForValidation. 409 invalid_transition on a closed finding",
      request: { params: Id, body: body(UpdateFinding) },
      responses: { 200: ok(Finding), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
    {
      method: "post",
      path: "/api/v1/findings/{id}/close",
      tags,
      summary:
        "Close a finding after validating its remediation (compliance, or a reviewer who neither owns nor maintains the model: 403 separation_of_duties otherwise)",
      request: { params: Id, body: body(CloseFinding) },
      responses: { 200: ok(Finding), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
    {
      method: "post",
      path: "/api/v1/findings/{id}/accept-risk",
      tags,
      summary:
        "Accept a finding's risk through a date (compliance), with a justification; the day after, the finding is open again and blocks releases again if high or critical",
      request: { params: Id, body: body(AcceptRisk) },
      responses: { 200: ok(Finding), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
  ];
}
