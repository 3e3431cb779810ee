import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { getReference, putReference } from "@/lib/drift/reference";

type P = { name: string; version: string };
// The profile is validated in lib/drift/reference.ts, after the caller is authorised.
export const GET = route<P>(async ({ actor, params }) => json(await getReference(actor, params.name, decodeURIComponent(params.version))));
export const PUT = route<P>(async ({ actor, params, body }) =>
  json(await putReference(actor, params.name, decodeURIComponent(params.version), body(z.unknown()))),
);
