import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { ingestDataQuality } from "@/lib/dataquality/ingest";
import { DataQualityQuery } from "@/lib/dataquality/openapi";

// The body is a Great Expectations validation result (or { dataset, result }), read in lib/dataquality/parse.ts (400 naming the field).
export const POST = route(async ({ actor, body, query }) =>
  json(await ingestDataQuality(actor, body(z.unknown()), query(DataQualityQuery)), 201),
);
