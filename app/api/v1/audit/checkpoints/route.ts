import { json, route } from "@/lib/api/handler";
import { publishedState, publishNow } from "@/lib/audit/publish";

export const dynamic = "force-dynamic";

/** The latest published checkpoint (with its witnesses' cosignatures) and each configured witness's state. */
export const GET = route(async ({ actor }) => json(await publishedState(actor)));

/** Publish the tree head now, to the audit.checkpoint webhooks and every witness (compliance, admin). */
export const POST = route(async ({ actor }) => json(await publishNow(actor)));
