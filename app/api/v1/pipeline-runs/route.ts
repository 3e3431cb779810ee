import { json, route } from "@/lib/api/handler";
import { reportPipelineRun } from "@/lib/operations/pipelines";
import { ReportPipelineRun } from "@/lib/operations/schemas";

// A later report of the same (model, pipeline, startedAt) updates that run (lib/operations/pipelines.ts).
export const POST = route(async ({ actor, body }) => json(await reportPipelineRun(actor, body(ReportPipelineRun)), 201));
