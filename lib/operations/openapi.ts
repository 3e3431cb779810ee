import type { ResponseConfig, RouteConfig, ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import {
  CreateDeployment,
  Deployment,
  DeploymentList,
  MAX_RESOURCE_POINTS,
  PipelineRun,
  PipelineRunList,
  ReportPipelineRun,
  ResourceBatch,
  ResourcesAccepted,
  WindowQuery,
} from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors">;

/** Deployments, pipeline runs and resource points, for lib/openapi.ts. */
export function operationsRoutes({ ok, body, errors }: Helpers): RouteConfig[] {
  const NameParam = z.object({ name: z.string() });
  return [
    {
      method: "post",
      path: "/api/v1/deployments",
      tags: ["operations"],
      summary:
        "Report a step of a rollout (contributor, i.e. the serving platform's token, or admin): each report is stored as sent; ts defaults to now. 404 naming an unknown model or version",
      request: { body: body(CreateDeployment) },
      responses: { 201: ok(Deployment, "stored"), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
    {
      method: "post",
      path: "/api/v1/pipeline-runs",
      tags: ["operations"],
      summary:
        'Report a retraining pipeline run (contributor). (model, pipeline, startedAt) identify the run: a later report of the same three updates its status, finishedAt and message (a late "running" never undoes a finished state). 400 naming finishedAt when it precedes startedAt. The latest finished run of a pipeline that failed opens a ticket alert; a success resolves it',
      request: { body: body(ReportPipelineRun) },
      responses: { 201: ok(PipelineRun, "stored or updated"), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
    {
      method: "post",
      path: "/api/v1/resources",
      tags: ["operations"],
      summary: `Post CPU, memory and replica points (contributor): up to ${MAX_RESOURCE_POINTS.toLocaleString("en")} (413 beyond), checked whole (400 naming points[i].field, unknown model or version included), stored all or nothing; a point repeating a stored (version, environment, ts) is skipped. A change of replicas is an autoscaling event`,
      request: { body: body(ResourceBatch) },
      responses: { 202: ok(ResourcesAccepted, "stored"), ...errors(400, 401, 403, 409, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/models/{name}/pipeline-runs",
      tags: ["operations"],
      summary: "A model's pipeline runs started in [from, to), newest first, at most 500",
      request: { params: NameParam, query: WindowQuery },
      responses: { 200: ok(PipelineRunList), ...errors(400, 401, 403, 404) },
    },
    {
      method: "get",
      path: "/api/v1/models/{name}/deployments",
      tags: ["operations"],
      summary:
        "A model's deployment reports in [from, to), newest first, at most 500; the newest 100 carry `startup`, the new version's error rate and p99 in the 10 minutes after the step against its steady state (minutes 10–70) and the replaced version's hour before",
      request: { params: NameParam, query: WindowQuery },
      responses: { 200: ok(DeploymentList), ...errors(400, 401, 403, 404) },
    },
  ];
}
