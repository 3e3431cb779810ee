import { json, route } from "@/lib/api/handler";
import { listAttestations } from "@/lib/mrm/attestations";
import { ListAttestationsQuery } from "@/lib/mrm/schemas";

export const GET = route(async ({ actor, query }) => json(await listAttestations(actor, query(ListAttestationsQuery))));
