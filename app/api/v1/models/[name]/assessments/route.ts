import { json, route } from "@/lib/api/handler";
import { listAssessments, submitAssessment } from "@/lib/mrm/assessments";
import { SubmitAssessment } from "@/lib/mrm/schemas";

export const GET = route<{ name: string }>(async ({ actor, params }) => json(await listAssessments(actor, params.name)));

export const POST = route<{ name: string }>(async ({ actor, params, body }) =>
  json(await submitAssessment(actor, params.name, body(SubmitAssessment)), 201),
);
