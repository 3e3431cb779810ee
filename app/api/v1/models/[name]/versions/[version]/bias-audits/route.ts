import { route } from "@/lib/api/handler";
import { uploadBiasAudit } from "@/lib/fairness/upload";

export const dynamic = "force-dynamic";

export const POST = route<{ name: string; version: string }>((ctx) => uploadBiasAudit(ctx), { stream: true });
