import type { ResponseConfig, RouteConfig, ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import {
  CreateKpiDefinition,
  KpiBatch,
  KpiDefinition,
  KpiDefinitionList,
  KpiQuery,
  KpiSeries,
  KpisAccepted,
  MAX_KPI_POINTS,
  UpdateKpiDefinition,
} from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors">;

/** KPI points and definitions, for lib/openapi.ts. */
export function kpiRoutes({ ok, body, errors }: Helpers): RouteConfig[] {
  return [
    {
      method: "post",
      path: "/api/v1/kpis",
      tags: ["kpis"],
      summary: `Post business KPI points (contributor): up to ${MAX_KPI_POINTS.toLocaleString("en")} (413 beyond), checked whole (400 naming points[i].field: a KPI not defined at /admin/kpis, an unknown model or version included), stored all or nothing. A point repeating a stored (kpi, model, version, ts) replaces its value`,
      request: { body: body(KpiBatch) },
      responses: { 202: ok(KpisAccepted, "stored"), ...errors(400, 401, 403, 409, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/kpis",
      tags: ["kpis"],
      summary:
        "One KPI per model, version and step over [from, to): each step's count, sum, mean, min and max, and value (the sum or the mean, as the KPI's aggregation says). Steps 1h, 1d, 7d (weeks from Monday, UTC); 404 naming an unknown KPI or model",
      request: { query: KpiQuery },
      responses: { 200: ok(KpiSeries), ...errors(400, 401, 403, 404) },
    },
    {
      method: "get",
      path: "/api/v1/kpi-definitions",
      tags: ["kpis"],
      summary: "The KPIs defined (name, title, unit, direction, aggregation, owner), by name; one page",
      responses: { 200: ok(KpiDefinitionList), ...errors(401, 403) },
    },
    {
      method: "post",
      path: "/api/v1/kpi-definitions",
      tags: ["kpis"],
      summary: "Define a KPI (admin); 409 when the name exists. Audited as kpi.defined",
      request: { body: body(CreateKpiDefinition) },
      responses: { 201: ok(KpiDefinition, "created"), ...errors(400, 401, 403, 409, 413, 415) },
    },
    {
      method: "patch",
      path: "/api/v1/kpi-definitions/{name}",
      tags: ["kpis"],
      summary: "Change a KPI's title, unit, direction, aggregation, owner or description (admin); the name stays. Audited as kpi.updated",
      request: { params: z.object({ name: z.string() }), body: body(UpdateKpiDefinition) },
      responses: { 200: ok(KpiDefinition), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
  ];
}
