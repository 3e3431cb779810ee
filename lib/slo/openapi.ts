import type { ResponseConfig, RouteConfig, ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { ModelName } from "../inventory/schemas";
import { Alert, AlertsQuery, CreateSilence, CreateSlo, Silence, Slo } from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "body" | "errors" | "page">;

/** SLOs, alerts and silences, for lib/openapi.ts. */
export function sloRoutes({ ok, body, errors, page }: Helpers): RouteConfig[] {
  const NameParam = z.object({ name: z.string() });
  return [
    {
      method: "post",
      path: "/api/v1/models/{name}/slos",
      tags: ["slos and alerts"],
      summary:
        "Set an SLO on a model (its owner, a reviewer or an admin): availability (bad = status error), latency (bad = slower than thresholdMs) or quality; judged per version by the multi-window burn-rate rules of METRICS.md",
      request: { params: NameParam, body: body(CreateSlo) },
      responses: { 201: ok(Slo, "created"), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/models/{name}/slos",
      tags: ["slos and alerts"],
      summary: "A model's SLOs",
      request: { params: NameParam },
      responses: { 200: ok(z.object({ items: z.array(Slo) })), ...errors(401, 403, 404) },
    },
    {
      method: "get",
      path: "/api/v1/alerts",
      tags: ["slos and alerts"],
      summary:
        "Burn-rate alerts (and, as they exist, pipeline, drift and schema-change alerts): firing first, pages before tickets, newest first. Each carries its burn rate, error budget left, whether it is silenced, and the model's runbook",
      request: { query: AlertsQuery },
      responses: { 200: ok(page(Alert)), ...errors(400, 401, 403) },
    },
    {
      method: "post",
      path: "/api/v1/silences",
      tags: ["slos and alerts"],
      summary:
        "Hold a model's (or one version's) alert notifications until endsAt, with a reason (reviewer, admin); alerts still show, marked silenced",
      request: { body: body(CreateSilence) },
      responses: { 201: ok(Silence, "created"), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
    {
      method: "get",
      path: "/api/v1/silences",
      tags: ["slos and alerts"],
      summary: "Silences, latest ending first; ?active=true for those in force",
      request: { query: z.object({ model: ModelName.optional(), active: z.enum(["true", "false"]).optional() }) },
      responses: { 200: ok(z.object({ items: z.array(Silence) })), ...errors(400, 401, 403) },
    },
  ];
}
