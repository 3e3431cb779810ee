import { json, route } from "@/lib/api/handler";
import { listFrameworks } from "@/lib/controls/frameworks";

export const dynamic = "force-dynamic";

export const GET = route(async ({ actor }) => json(await listFrameworks(actor)));
