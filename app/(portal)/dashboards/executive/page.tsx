import type { Metadata } from "next";
import { ExecutiveFrameworksPanel } from "@/components/controls/executive-frameworks";
import { ExecutiveDashboard } from "@/components/executive/dashboard";
import { ExecutiveFindingsPanel } from "@/components/executive/findings-panel";
import { PageHeader } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { executiveFrameworks, executiveView } from "@/lib/dashboards/executive";
import { ExecutiveQuery } from "@/lib/dashboards/executive-schemas";

export const metadata: Metadata = { title: "Executive" };
export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function ExecutivePage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const sp = await searchParams;
  // A period or filter the URL gets wrong falls back to the defaults rather than failing the page.
  const parsed = ExecutiveQuery.safeParse({ period: one(sp.period), team: one(sp.team), riskTier: one(sp.riskTier) });
  const q = parsed.success ? parsed.data : ExecutiveQuery.parse({});
  const view = await executiveView(actor, q);
  const frameworks = await executiveFrameworks(actor, q);
  return (
    <>
      <PageHeader
        title="Executive"
        subtitle="What the models earn and risk, by version: business KPIs with the releases that moved them, canaries, serving health and compliance."
      />
      <ExecutiveDashboard
        key={`${q.period}|${q.team ?? ""}|${q.riskTier ?? ""}`}
        filters={{ period: q.period, team: q.team ?? null, riskTier: q.riskTier ?? null }}
        initial={view}
      />
      <ExecutiveFrameworksPanel data={frameworks} />
      {view.findings && <ExecutiveFindingsPanel data={view.findings} />}
    </>
  );
}
