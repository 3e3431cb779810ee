import { json, route } from "@/lib/api/handler";
import { recordReview } from "@/lib/mrm/reviews";
import { RecordReview } from "@/lib/mrm/schemas";

export const POST = route<{ name: string }>(async ({ actor, params, body }) =>
  json(await recordReview(actor, params.name, body(RecordReview)), 201),
);
