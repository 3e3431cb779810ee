import { route } from "@/lib/api/handler";
import { scrape, wantsOpenMetrics } from "@/lib/metrics/exposition";

export const dynamic = "force-dynamic";

// Prometheus text exposition (OpenMetrics when Accept asks for it); lib/metrics/ reads the rollups and the process's own counters.
export const GET = route(async ({ actor, req }) => {
  const { contentType, text } = await scrape(actor, wantsOpenMetrics(req.headers.get("accept")));
  return new Response(text, { headers: { "content-type": contentType } });
});
