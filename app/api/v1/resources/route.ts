import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { ingestResources } from "@/lib/operations/resources";

// Validated whole in lib/operations/resources.ts, after the permission check (400 naming points[i].field, 413 past 10,000).
export const POST = route(async ({ actor, body }) => json(await ingestResources(actor, body(z.unknown())), 202));
