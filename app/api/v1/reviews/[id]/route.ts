import { json, route } from "@/lib/api/handler";
import { getReview } from "@/lib/mrm/reviews";

export const GET = route<{ id: string }>(async ({ actor, params }) => json(await getReview(actor, params.id)));
