import type { ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { ModelName, VersionName } from "../inventory/schemas";
import { PortfolioCoverageSchema, VersionCoverageSchema } from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "errors">;

/** Failure-mode coverage, for lib/openapi.ts. */
export function coverageRoutes({ ok, errors }: Helpers): RouteConfig[] {
  return [
    {
      method: "get",
      path: "/api/v1/models/{name}/versions/{version}/coverage",
      tags: ["dashboards"],
      summary:
        "What is watched for one version: the eight failure modes F1–F8, each with its signal, live or blind (with the reason), its state (ok, warning, firing with the alert's title, unknown when blind) and the runbook link",
      request: { params: z.object({ name: ModelName, version: VersionName }) },
      responses: { 200: ok(VersionCoverageSchema), ...errors(401, 403, 404) },
    },
    {
      method: "get",
      path: "/api/v1/coverage",
      tags: ["dashboards"],
      summary:
        "Failure-mode coverage of every production version: per failure mode how many are blind to it (and firing), and each version's coverage",
      responses: { 200: ok(PortfolioCoverageSchema), ...errors(401, 403) },
    },
  ];
}
