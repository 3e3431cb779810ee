import { json, route } from "@/lib/api/handler";
import { PageQuery } from "@/lib/api/pagination";
import { listVersionsPage } from "@/lib/inventory/lists";
import { CreateVersion } from "@/lib/inventory/schemas";
import { createVersion } from "@/lib/inventory/versions";

export const GET = route<{ name: string }>(async ({ actor, params, query }) => {
  const q = query(PageQuery);
  return json(await listVersionsPage(actor, params.name, q.limit, q.cursor));
});

export const POST = route<{ name: string }>(async ({ actor, params, body }) =>
  json(await createVersion(actor, params.name, body(CreateVersion)), 201),
);
