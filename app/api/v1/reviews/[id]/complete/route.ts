import { json, route } from "@/lib/api/handler";
import { completeReview } from "@/lib/mrm/reviews";
import { CompleteReview } from "@/lib/mrm/schemas";

export const POST = route<{ id: string }>(async ({ actor, params, body }) =>
  json(await completeReview(actor, params.id, body(CompleteReview))),
);
