import { json, route } from "@/lib/api/handler";
import { getReviewPolicy, updateReviewPolicy } from "@/lib/mrm/review-policy";
import { UpdateReviewPolicy } from "@/lib/mrm/schemas";

export const GET = route(async ({ actor }) => json(await getReviewPolicy(actor)));

export const PUT = route(async ({ actor, body }) => json(await updateReviewPolicy(actor, body(UpdateReviewPolicy).rules)));
