import { json, route } from "@/lib/api/handler";
import { getQuestionnaire, updateQuestionnaire } from "@/lib/mrm/questionnaires";
import { UpdateQuestionnaire } from "@/lib/mrm/schemas";

export const GET = route(async ({ actor }) => json(await getQuestionnaire(actor)));

export const PUT = route(async ({ actor, body }) => json(await updateQuestionnaire(actor, body(UpdateQuestionnaire).questions)));
