import { randomUUID } from "node:crypto";
import { readiness } from "@/lib/health/ready";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/**
 * Readiness (issue 17, item 7): 200 when the store answers, holds the newest migration and every background worker
 * started here is alive; 503 naming the failing checks otherwise. Public, like /api/health; liveness stays there.
 */
export async function GET() {
  const headers = { "x-request-id": randomUUID() };
  const body = await readiness();
  if (body.failing.length) log("warn", "not ready", { failing: body.failing });
  return Response.json(body, { status: body.failing.length ? 503 : 200, headers });
}
