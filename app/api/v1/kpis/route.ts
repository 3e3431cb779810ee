import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { ingestKpis } from "@/lib/kpis/ingest";
import { readKpis } from "@/lib/kpis/read";
import { KpiQuery } from "@/lib/kpis/schemas";

// Validated whole in lib/kpis/ingest.ts, after the permission check (400 naming points[i].field, 413 past 10,000).
export const POST = route(async ({ actor, body }) => json(await ingestKpis(actor, body(z.unknown())), 202));

export const GET = route(async ({ actor, query }) => json(await readKpis(actor, query(KpiQuery))));
