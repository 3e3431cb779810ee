import { json, route } from "@/lib/api/handler";
import { getModel } from "@/lib/inventory/models";
import { CreateVersion } from "@/lib/inventory/schemas";
import { createVersion } from "@/lib/inventory/versions";

export const GET = route<{ name: string }>(async ({ actor, params }) =>
  json({ items: (await getModel(actor, params.name)).versions, nextCursor: null }),
);

export const POST = route<{ name: string }>(async ({ actor, params, body }) =>
  json(await createVersion(actor, params.name, body(CreateVersion)), 201),
);
