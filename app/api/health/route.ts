import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { driverName, getDb } from "@/db/client";
import { log } from "@/lib/log";
import pkg from "@/package.json";

export const dynamic = "force-dynamic";

export async function GET() {
  const db = driverName();
  const headers = { "x-request-id": randomUUID() };
  try {
    const d = await getDb();
    await Promise.race([
      d.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("health check timed out after 3 s")), 3000)),
    ]);
    return Response.json({ status: "ok", db, version: pkg.version }, { headers });
  } catch (e) {
    log("error", "health check failed", { error: e instanceof Error ? e.message : String(e) });
    return Response.json({ status: "degraded", db, version: pkg.version }, { status: 503, headers });
  }
}
