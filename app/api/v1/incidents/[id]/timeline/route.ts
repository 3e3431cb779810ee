import { json, route } from "@/lib/api/handler";
import { addTimelineEntry } from "@/lib/incidents/incidents";
import { TimelineEntryInput } from "@/lib/incidents/schemas";

export const POST = route<{ id: string }>(async ({ actor, params, body }) =>
  json(await addTimelineEntry(actor, params.id, body(TimelineEntryInput)), 201),
);
