import type { ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";

type Helpers = Pick<OpenApiHelpers, "errors">;

/** GET /api/v1/metrics, for lib/openapi.ts. */
export function metricsRoutes({ errors }: Helpers): RouteConfig[] {
  const text = z
    .string()
    .meta({ description: "the exposition: `# HELP`, `# TYPE` and one sample a line (README, Prometheus and Grafana, lists every metric)" });
  return [
    {
      method: "get",
      path: "/api/v1/metrics",
      tags: ["integrations"],
      summary:
        "Prometheus scrape (a read token or session): per model version request and error counters, latency quantiles, SLO budget and burn rates, drift, quality; open releases, failing audits, firing alerts, retraining; the portal's own health. Text format 0.0.4, or OpenMetrics 1.0.0 when Accept asks for application/openmetrics-text",
      request: { headers: z.object({ accept: z.string().optional() }) },
      responses: {
        200: {
          description: "the metrics",
          content: { "text/plain; version=0.0.4": { schema: text }, "application/openmetrics-text; version=1.0.0": { schema: text } },
        },
        ...errors(401, 403),
      },
    },
  ];
}
