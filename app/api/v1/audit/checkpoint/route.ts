import { json, route } from "@/lib/api/handler";
import { headCheckpoint } from "@/lib/audit/head";

export const dynamic = "force-dynamic";

/** The head of the audit chain, signed with AUDIT_CHECKPOINT_KEY (503 naming the variable when it is not set). */
export const GET = route(async ({ actor }) => json(await headCheckpoint(actor)));
