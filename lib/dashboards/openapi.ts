import type { ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import { OnCallQuery, OnCallView } from "./schemas";

type Helpers = { ok: (schema: z.ZodType, description?: string) => ResponseConfig; errors: (...codes: number[]) => Record<string, ResponseConfig> };

/** Dashboards, for lib/openapi.ts. */
export function dashboardRoutes({ ok, errors }: Helpers): RouteConfig[] {
  return [
    {
      method: "get",
      path: "/api/v1/dashboards/on-call",
      tags: ["dashboards"],
      summary:
        "The on-call dashboard in one read: firing alerts (pages first) and those resolved in the last 7 days, active silences, per version in production or serving traffic its p50/p95/p99 latency, error rate and traffic over the range with its deployments and SLO budgets, and retraining pipelines (last success, failures, success rate over 30 days)",
      request: { query: OnCallQuery },
      responses: { 200: ok(OnCallView), ...errors(400, 401, 403) },
    },
  ];
}
