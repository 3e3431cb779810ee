import { json, route } from "@/lib/api/handler";
import { versionCoverage } from "@/lib/coverage/read";

export const GET = route<{ name: string; version: string }>(async ({ actor, params }) =>
  json(await versionCoverage(actor, params.name, decodeURIComponent(params.version))),
);
