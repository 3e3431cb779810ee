import { json, route } from "@/lib/api/handler";
import { portfolioCoverage } from "@/lib/coverage/read";

export const GET = route(async ({ actor }) => json(await portfolioCoverage(actor)));
