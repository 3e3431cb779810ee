import { json, route } from "@/lib/api/handler";
import { resubmitRelease } from "@/lib/releases/requests";
import { ResubmitRelease } from "@/lib/releases/schemas";

// The body is optional: an empty POST resubmits the release as it stands.
export const POST = route<{ id: string }>(
  async ({ actor, params, body, text }) => json(await resubmitRelease(actor, params.id, text().trim() ? body(ResubmitRelease) : {})),
  { accept: ["application/json", ""] },
);
