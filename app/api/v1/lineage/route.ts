import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { ingestLineage } from "@/lib/lineage/ingest";

// The body is checked against the OpenLineage JSON schema in lib/lineage/validate.ts (400 naming the field).
export const POST = route(async ({ actor, body }) => json(await ingestLineage(actor, body(z.unknown())), 201));
