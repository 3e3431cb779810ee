import { json, route } from "@/lib/api/handler";
import { securitySummary } from "@/lib/security/events";

export const dynamic = "force-dynamic";

export const GET = route(async ({ actor }) => json(await securitySummary(actor)));
