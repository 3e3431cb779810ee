import { json, route } from "@/lib/api/handler";
import { submitAttestation } from "@/lib/mrm/attestations";
import { SubmitAttestation } from "@/lib/mrm/schemas";

export const POST = route<{ name: string }>(async ({ actor, params, body }) =>
  json(await submitAttestation(actor, params.name, body(SubmitAttestation)), 201),
);
