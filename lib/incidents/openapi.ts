import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import {
  CreateIncident,
  Incident,
  IncidentDetail,
  IncidentsQuery,
  ReportQuery,
  TimelineEntry,
  TimelineEntryInput,
  UpdateIncident,
} from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors" | "page">;

/** Production incidents and EU AI Act serious-incident reports (issue 21), for lib/openapi.ts. */
export function incidentRoutes({ ok, body, errors, page }: Helpers): RouteConfig[] {
  const Id = z.object({ id: z.string() });
  const tags = ["incidents"];
  return [
    {
      method: "post",
      path: "/api/v1/incidents",
      tags,
      summary:
        "Record an incident (contributor, reviewer, compliance, admin): by hand (model, title, startedAt) or from an alert (alertId fills model, version, title, startedAt and severity)",
      request: { body: body(CreateIncident) },
      responses: { 201: ok(IncidentDetail, "recorded"), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/incidents",
      tags,
      summary: "Incidents, newest first; filters model, status, serious",
      request: { query: IncidentsQuery },
      responses: { 200: ok(page(Incident)), ...errors(400, 401, 403) },
    },
    {
      method: "get",
      path: "/api/v1/incidents/{id}",
      tags,
      summary: "An incident with its timeline, corrective-action findings and, when serious, its Article 73 reporting deadline",
      request: { params: Id },
      responses: { 200: ok(IncidentDetail), ...errors(401, 403, 404) },
    },
    {
      method: "patch",
      path: "/api/v1/incidents/{id}",
      tags,
      summary:
        "Update an incident: status, dates, impact, decisions affected, root cause, linkFindings; seriousCategory, awareAt and reported need compliance or admin (incident.report)",
      request: { params: Id, body: body(UpdateIncident) },
      responses: { 200: ok(IncidentDetail), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
    {
      method: "post",
      path: "/api/v1/incidents/{id}/timeline",
      tags,
      summary: "Append a timeline entry (ts defaults to now; the author is the caller)",
      request: { params: Id, body: body(TimelineEntryInput) },
      responses: { 201: ok(TimelineEntry, "appended"), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/incidents/{id}/report",
      tags,
      summary:
        "The serious-incident report (compliance, admin) as Markdown or printable HTML: provider, system and version, description, dates, impact, root cause, corrective actions and the EU AI Act Article 73 deadline",
      request: { params: Id, query: ReportQuery },
      responses: {
        200: { description: "the report", content: { "text/markdown": { schema: z.string() }, "text/html": { schema: z.string() } } },
        ...errors(400, 401, 403, 404),
      },
    },
  ];
}
