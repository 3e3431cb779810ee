import { json, route } from "@/lib/api/handler";
import { getFramework } from "@/lib/controls/frameworks";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async ({ actor, params }) => json(await getFramework(actor, params.id)));
