import { z } from "zod";
import { json, route } from "@/lib/api/handler";
import { compareOnDemand } from "@/lib/drift/read";

type P = { name: string; version: string };
export const POST = route<P>(async ({ actor, params, body }) =>
  json(await compareOnDemand(actor, params.name, decodeURIComponent(params.version), body(z.unknown()))),
);
