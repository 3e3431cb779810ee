import { json, route } from "@/lib/api/handler";
import { listReviews } from "@/lib/mrm/reviews";
import { ListReviewsQuery } from "@/lib/mrm/schemas";

export const GET = route(async ({ actor, query }) => json(await listReviews(actor, query(ListReviewsQuery))));
