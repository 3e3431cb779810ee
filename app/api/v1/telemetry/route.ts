import { json, route } from "@/lib/api/handler";
import { ingestTelemetry, NDJSON } from "@/lib/telemetry/ingest";

// JSON {events: [...]} or NDJSON; validated whole in lib/telemetry/ingest.ts (400 naming events[i].field, 413 past 10,000).
export const POST = route(async ({ actor, contentType, text }) => json(await ingestTelemetry(actor, { contentType, text: text() }), 202), {
  accept: ["application/json", NDJSON],
});
