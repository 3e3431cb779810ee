import { json, route } from "@/lib/api/handler";
import { readTelemetry } from "@/lib/telemetry/read";
import { TelemetryQuery } from "@/lib/telemetry/schemas";

export const GET = route<{ name: string }>(async ({ actor, params, query }) =>
  json(await readTelemetry(actor, params.name, query(TelemetryQuery))),
);
