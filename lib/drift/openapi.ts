import type { ResponseConfig, RouteConfig, ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { LabelBatch, LabelsAccepted, QualitySeries, WindowQuery } from "../quality/schemas";
import { DriftRequest, DriftResultSchema, DriftSeries, ReferenceProfile, ReferenceView } from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors">;

/** Reference profiles, drift, labels and quality, for lib/openapi.ts. */
export function driftRoutes({ ok, body, errors }: Helpers): RouteConfig[] {
  const Version = z.object({ name: z.string(), version: z.string() });
  const Name = z.object({ name: z.string() });
  const tags = ["drift and quality"];
  return [
    {
      method: "put",
      path: "/api/v1/models/{name}/versions/{version}/reference",
      tags,
      summary:
        "Register (or replace) the version's training-time profile (contributor). Telemetry `features` are then counted per hour on its bins; replacing it drops the windows counted on the old bins",
      request: { params: Version, body: body(ReferenceProfile) },
      responses: { 200: ok(ReferenceView.extend({ windowsDropped: z.number().int() }), "stored"), ...errors(400, 401, 403, 404, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/models/{name}/versions/{version}/reference",
      tags,
      summary: "The version's reference profile: per feature its type, rows, distinct values and the default drift test",
      request: { params: Version },
      responses: { 200: ok(ReferenceView), ...errors(401, 403, 404) },
    },
    {
      method: "post",
      path: "/api/v1/models/{name}/versions/{version}/drift",
      tags,
      summary: "Drift between two samples sent whole, by the default test of METRICS.md (PSI always beside it); stores nothing",
      request: { params: Version, body: body(DriftRequest) },
      responses: { 200: ok(DriftResultSchema), ...errors(400, 401, 403, 404, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/models/{name}/drift",
      tags,
      summary:
        "Per version with a reference, feature and window (1h or 1d): the default test against the reference, PSI, and the feature missing rate. Windows of fewer than 30 values are not judged (result null)",
      request: { params: Name, query: WindowQuery },
      responses: { 200: ok(DriftSeries.extend({ from: z.string(), to: z.string(), step: z.string() })), ...errors(400, 401, 403, 404) },
    },
    {
      method: "post",
      path: "/api/v1/labels",
      tags,
      summary:
        "Ground truth arriving after the prediction (contributor): joined by trace id to the predictions of the last 30 days; a later label for the same trace replaces the earlier one. 202 once committed",
      request: { body: body(LabelBatch) },
      responses: { 202: ok(LabelsAccepted, "stored"), ...errors(400, 401, 403, 409, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/models/{name}/quality",
      tags,
      summary:
        "Accuracy, precision, recall, F1 (classification) and MAE, RMSE (numeric) per version and window, over the predictions labelled so far, with the share labelled",
      request: { params: Name, query: WindowQuery },
      responses: { 200: ok(QualitySeries), ...errors(400, 401, 403, 404) },
    },
  ];
}
