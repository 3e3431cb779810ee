import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { OpenApiHelpers } from "../api/openapi-helpers";
import { WORKERS } from "./workers";

type Helpers = Pick<OpenApiHelpers, "ok">;

const State = z.enum(["alive", "failing", "stale", "idle", "not_started", "on_demand"]);
const ReadyBody = z.object({
  status: z.enum(["ready", "not_ready"]),
  checks: z.object({
    database: z.object({ ok: z.boolean() }).meta({ description: "the store answered select 1 within 3 s" }),
    migrations: z
      .object({ ok: z.boolean(), latest: z.string().meta({ description: "the newest migration this build ships" }) })
      .meta({ description: "the store holds the newest migration (drizzle.__drizzle_migrations)" }),
    workers: z
      .object({
        ok: z.boolean(),
        states: z.object(Object.fromEntries(WORKERS.map((w) => [w, State])) as Record<(typeof WORKERS)[number], typeof State>),
      })
      .meta({
        description:
          "every interval worker started here is alive: its last pass started within 3 of its intervals (idle with a reason, e.g. no signing key, counts as alive; pruning runs on demand and never fails readiness)",
      }),
  }),
  failing: z.array(z.enum(["database", "migrations", "workers"])),
});

/** /api/ready: public, like /api/health (lib/openapi.ts lists both as public). */
export function healthRoutes({ ok }: Helpers): RouteConfig[] {
  return [
    {
      method: "get",
      path: "/api/ready",
      tags: ["health"],
      summary: "Readiness: the store answers, its migrations are current, the background workers are alive",
      responses: { 200: ok(ReadyBody, "ready"), 503: ok(ReadyBody, "not ready; failing names the checks") },
    },
  ];
}
