import type { Metadata } from "next";
import Link from "next/link";
import { FiguresBar, FiguresLine } from "@/components/controls/status";
import { RiskTabs } from "@/components/shell/risk-tabs";
import { PageHeader, Panel } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { frameworkFigures } from "@/lib/controls/read";

export const metadata: Metadata = { title: "Frameworks" };
export const dynamic = "force-dynamic";

export default async function FrameworksPage() {
  const actor = await requirePageActor();
  const list = await frameworkFigures(actor);
  const models = list[0]?.models ?? 0;
  return (
    <>
      <RiskTabs current="/compliance/frameworks" />
      <PageHeader
        title="Frameworks"
        subtitle={`How the evidence of the ${models} production model${models === 1 ? "" : "s"} answers each framework's controls: covered when every mapped record is found and current.`}
      />
      <ul className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {list.map(({ framework, figures: f }) => (
          <li key={framework.id}>
            <Panel
              id={`fw-${framework.id}`}
              title={
                <Link href={`/compliance/frameworks/${framework.id}`} className="text-brand underline-offset-2 hover:underline">
                  {framework.title}
                </Link>
              }
            >
              <p className="mb-2 text-xs text-muted">
                {framework.version} · {framework.controls} controls{framework.origin === "custom" ? " · added by an administrator" : ""}
              </p>
              <FiguresBar
                f={f}
                label={`${f.covered} covered, ${f.partial} partial, ${f.stale} stale, ${f.missing} missing of ${f.controls}`}
              />
              <p className="mt-2 text-sm">
                <FiguresLine f={f} />
              </p>
              <p className="mt-2 text-sm">
                <a href={`/api/v1/frameworks/${framework.id}/coverage?format=csv`} className="text-brand underline underline-offset-2">
                  Download CSV
                </a>
              </p>
            </Panel>
          </li>
        ))}
      </ul>
      <p className="text-sm text-muted">
        Identifiers come from each framework; titles are Steward's own words. Evidence kinds and their freshness rules:{" "}
        <Link href="/docs" className="text-brand underline underline-offset-2">
          API
        </Link>{" "}
        (<code>GET /api/v1/frameworks</code>).
      </p>
    </>
  );
}
