import type { ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { ExecutiveQuery, ExecutiveView } from "./executive-schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "errors">;

/** The executive dashboard's one read, for lib/openapi.ts. */
export function executiveRoutes({ ok, errors }: Helpers): RouteConfig[] {
  return [
    {
      method: "get",
      path: "/api/v1/dashboards/executive",
      tags: ["dashboards"],
      summary:
        "The executive dashboard in one read, for a period (30d, 90d, 180d) and optionally one team or risk tier: headline figures (production models by risk tier, releases approved this quarter, production models with a complete card and a passing bias audit, SLOs met), KPI trends per model with deployments to mark, availability and p99 per production model, rollouts in the period with canary deltas per KPI, error rate and p99, and compliance activity",
      request: { query: ExecutiveQuery },
      responses: { 200: ok(ExecutiveView), ...errors(400, 401, 403) },
    },
  ];
}
