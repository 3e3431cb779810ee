import { json, route } from "@/lib/api/handler";
import { previewChecks } from "@/lib/releases/requests";
import { ReleaseChecksQuery } from "@/lib/releases/schemas";

export const GET = route<{ name: string; version: string }>(async ({ actor, params, query }) =>
  json(await previewChecks(actor, params.name, decodeURIComponent(params.version), query(ReleaseChecksQuery).targetStage)),
);
