import type { Metadata } from "next";
import { OnCallCoverage } from "@/components/coverage/on-call";
import { OnCallDashboard } from "@/components/oncall/dashboard";
import { DataQualityOnCall } from "@/components/oncall/data-quality";
import { PageHeader } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { onCallView } from "@/lib/dashboards/on-call";
import { OnCallQuery } from "@/lib/dashboards/schemas";
import { failingUpstreamOfProduction } from "@/lib/dataquality/read";

export const metadata: Metadata = { title: "On-call" };
export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function OnCallPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const sp = await searchParams;
  // A range or model the URL gets wrong falls back to the defaults rather than failing the page.
  const parsed = OnCallQuery.safeParse({ range: one(sp.range), model: one(sp.model) });
  const q = parsed.success ? parsed.data : OnCallQuery.parse({});
  const [view, dataQuality] = await Promise.all([onCallView(actor, q), failingUpstreamOfProduction(actor)]);
  return (
    <>
      <PageHeader
        title="On-call"
        subtitle="What is firing now, how each production version is serving, and the retraining pipelines: refreshed every 30 seconds."
      />
      <OnCallDashboard key={`${q.range}|${q.model ?? ""}`} range={q.range} model={q.model ?? null} initial={view} />
      <DataQualityOnCall items={dataQuality} />
      <OnCallCoverage actor={actor} model={q.model ?? null} />
    </>
  );
}
