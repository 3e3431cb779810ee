import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { ingestLabels } from "@/lib/quality/ingest";

// Validated in lib/quality/ingest.ts (400 naming labels[i].field), after the caller is authorised.
export const POST = route(async ({ actor, body }) => json(await ingestLabels(actor, body(z.unknown())), 202));
