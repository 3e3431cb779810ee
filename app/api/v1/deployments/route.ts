import { json, route } from "@/lib/api/handler";
import { reportDeployment } from "@/lib/operations/deployments";
import { CreateDeployment } from "@/lib/operations/schemas";

export const POST = route(async ({ actor, body }) => json(await reportDeployment(actor, body(CreateDeployment)), 201));
