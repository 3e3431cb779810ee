import type { ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { SecuritySummary } from "./schemas";

type Helpers = Pick<OpenApiHelpers, "ok" | "errors">;

/** The security log, for lib/openapi.ts. */
export function securityRoutes({ ok, errors }: Helpers): RouteConfig[] {
  return [
    {
      method: "get",
      path: "/api/v1/security/events",
      tags: ["identity"],
      summary:
        "Security audit events (compliance, admin): refused sign-ins, refused bearer tokens and permission denials, per kind over the last 24 hours and 7 days, per UTC day over the week, and the 20 most recent. Kept 90 days",
      responses: { 200: ok(SecuritySummary), ...errors(401, 403) },
    },
  ];
}
