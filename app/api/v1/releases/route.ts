import { json, route } from "@/lib/api/handler";
import { listReleases } from "@/lib/releases/read";
import { requestRelease } from "@/lib/releases/requests";
import { CreateRelease, ListReleasesQuery } from "@/lib/releases/schemas";

export const GET = route(async ({ actor, query }) => json(await listReleases(actor, query(ListReleasesQuery))));

export const POST = route(async ({ actor, body }) => json(await requestRelease(actor, body(CreateRelease)), 201));
