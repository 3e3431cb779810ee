import { json, route } from "@/lib/api/handler";
import { verifyAudit } from "@/lib/audit/read";

export const dynamic = "force-dynamic";

export const GET = route(async ({ actor }) => json(await verifyAudit(actor)));
