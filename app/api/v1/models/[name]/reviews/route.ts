import { json, route } from "@/lib/api/handler";
import { listModelReviews, startReview } from "@/lib/mrm/reviews";
import { StartReview } from "@/lib/mrm/schemas";

export const GET = route<{ name: string }>(async ({ actor, params }) => json(await listModelReviews(actor, params.name)));

export const POST = route<{ name: string }>(async ({ actor, params, body }) =>
  json(await startReview(actor, params.name, body(StartReview)), 201),
);
