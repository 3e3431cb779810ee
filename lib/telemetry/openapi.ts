import type { ResponseConfig, RouteConfig, ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { MAX_EVENTS } from "./limits";
import { TelemetryAccepted, TelemetryBatch, TelemetryQuery, TelemetrySeries } from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors">;

/** The telemetry endpoints, for lib/openapi.ts. */
export function telemetryRoutes({ ok, errors }: Helpers): RouteConfig[] {
  const ndjson = z.string().meta({ description: "one TelemetryEvent (JSON) a line; line i+1 is events[i] in error details" });
  return [
    {
      method: "post",
      path: "/api/v1/telemetry",
      tags: ["telemetry"],
      summary: `Post prediction telemetry (contributor): up to ${MAX_EVENTS.toLocaleString("en")} events or 10 MB (413 beyond). The batch is checked whole (400 naming events[i].field, unknown model or version included) and stores nothing unless all of it is valid; 202 once committed`,
      request: {
        body: { content: { "application/json": { schema: TelemetryBatch }, "application/x-ndjson": { schema: ndjson } }, required: true },
      },
      responses: { 202: ok(TelemetryAccepted, "stored"), ...errors(400, 401, 403, 409, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/models/{name}/telemetry",
      tags: ["telemetry"],
      summary:
        "Count, errors and latency percentiles per version and step, from the rollups (p50/p95/p99 within 1%: DDSketch); at most 10,000 points (400 naming step)",
      request: { params: z.object({ name: z.string() }), query: TelemetryQuery },
      responses: { 200: ok(TelemetrySeries), ...errors(400, 401, 403, 404) },
    },
  ];
}
