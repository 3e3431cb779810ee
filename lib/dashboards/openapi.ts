import type { ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { DebugQuery, DebugView } from "./debug-schemas";
import { OnCallQuery, OnCallView } from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "errors">;

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
    {
      method: "get",
      path: "/api/v1/dashboards/debug",
      tags: ["dashboards"],
      summary:
        "The debug dashboard in one read, for one version of a model (default: its production version) over a window ending at the end of the current hour: features sorted by drift against the reference profile with the distributions of the reference, the window and an earlier window; quality over the last 7 days; latency and errors; the newest sampled requests (or those of one trace id) and the highest-loss ones; CPU, memory and replicas with autoscaling events",
      request: { query: DebugQuery },
      responses: { 200: ok(DebugView), ...errors(400, 401, 403, 404) },
    },
  ];
}
