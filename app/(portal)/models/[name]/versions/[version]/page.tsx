import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RiskBadge, StageBadge } from "@/components/ui/badges";
import { DefinitionList, EmptyState, PageHeader, Panel } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { formatTime } from "@/lib/format";
import { getModel } from "@/lib/inventory/models";
import { getVersion } from "@/lib/inventory/versions";

export const dynamic = "force-dynamic";

type Params = { name: string; version: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const p = await params;
  return { title: `${p.name} ${decodeURIComponent(p.version)}` };
}

export default async function VersionPage({ params }: { params: Promise<Params> }) {
  const actor = await requirePageActor();
  const p = await params;
  const version = decodeURIComponent(p.version);
  const [m, v] = await Promise.all([getModel(actor, p.name), getVersion(actor, p.name, version)]).catch((e) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  const metrics = Object.entries(v.metrics);
  return (
    <>
      <PageHeader
        crumbs={[{ href: "/models", label: "Models" }, { href: `/models/${m.name}`, label: m.name }]}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {m.name} <span className="font-mono">{v.version}</span> <StageBadge stage={v.stage} />
          </span>
        }
        subtitle={v.description}
      />
      <div className="grid grid-cols-1 gap-x-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Panel title="Evaluations" id="evaluations">
            {v.evaluations.length === 0 ? (
              <EmptyState title="No evaluations recorded.">Pipelines record them with POST …/evaluations; a release to production needs at least one.</EmptyState>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
                    <tr>
                      <th scope="col" className="py-2 pr-3">Dataset</th>
                      <th scope="col" className="py-2 pr-3">Slice</th>
                      <th scope="col" className="py-2 pr-3">Metrics</th>
                      <th scope="col" className="hidden py-2 pr-3 md:table-cell">Recorded</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.evaluations.map((e) => (
                      <tr key={e.id} className="border-b border-line last:border-0">
                        <td className="py-2 pr-3">{e.dataset}</td>
                        <td className="py-2 pr-3">{e.slice ?? "all"}</td>
                        <td className="py-2 pr-3 font-mono text-xs">{Object.entries(e.metrics).map(([k, n]) => `${k} ${n}`).join(" · ")}</td>
                        <td className="hidden py-2 pr-3 md:table-cell">{formatTime(e.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Panel>
          <Panel title="Training inputs" id="inputs">
            {v.inputs.length === 0 ? (
              <p className="text-sm text-muted">No input datasets were registered with this version.</p>
            ) : (
              <ul className="list-disc pl-5 text-sm">
                {v.inputs.map((i) => (
                  <li key={`${i.namespace}/${i.name}`} className="wrap-anywhere">
                    <span className="text-muted">{i.namespace}</span> {i.name}
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
        <div>
          <Panel title="Version" id="about">
            <DefinitionList
              items={[
                ["Stage", <StageBadge key="s" stage={v.stage} />],
                ["Since", formatTime(v.stageChangedAt)],
                ...(v.retiredReason ? ([["Retired because", v.retiredReason]] as [string, React.ReactNode][]) : []),
                ["Owner", m.owner],
                ["Model risk", <RiskBadge key="r" tier={m.riskTier} />],
                ["Framework", v.framework],
                ["Artifact", v.artifactUri ? <span className="wrap-anywhere font-mono text-xs">{v.artifactUri}</span> : null],
                ["Git commit", v.gitCommit ? <span className="font-mono">{v.gitCommit}</span> : null],
                ["Training run", v.trainingRunId ? <span className="wrap-anywhere font-mono text-xs">{v.trainingRunId}</span> : null],
                ["Registered", `${formatTime(v.createdAt)} by ${v.createdBy}`],
              ]}
            />
          </Panel>
          <Panel title="Metrics" id="metrics">
            {metrics.length === 0 ? (
              <p className="text-sm text-muted">None reported at registration.</p>
            ) : (
              <DefinitionList items={metrics.map(([k, n]) => [k, <span key={k} className="font-mono">{n}</span>])} />
            )}
          </Panel>
        </div>
      </div>
    </>
  );
}
