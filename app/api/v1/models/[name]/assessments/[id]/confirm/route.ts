import { json, route } from "@/lib/api/handler";
import { confirmAssessment } from "@/lib/mrm/assessments";
import { ConfirmAssessment } from "@/lib/mrm/schemas";

export const POST = route<{ name: string; id: string }>(async ({ actor, params, body }) =>
  json(await confirmAssessment(actor, params.name, params.id, body(ConfirmAssessment))),
);
