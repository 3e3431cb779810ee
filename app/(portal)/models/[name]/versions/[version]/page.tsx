import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CardPanel } from "@/components/cards/card-panel";
import { CoveragePanel } from "@/components/coverage/coverage-panel";
import { EvaluationsTables } from "@/components/inventory/evaluations-table";
import { VersionAudits } from "@/components/inventory/version-audits";
import { VersionLineagePanel } from "@/components/lineage/version-lineage";
import { ReleaseBriefs } from "@/components/releases/release-briefs";
import { RiskBadge, StageBadge } from "@/components/ui/badges";
import { buttonClass, DefinitionList, EmptyState, PageHeader, Panel } from "@/components/ui/page";
import type { Actor } from "@/lib/auth/actor";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { canEditCard, getCard, listRevisions } from "@/lib/cards/cards";
import { versionCoverage } from "@/lib/coverage/read";
import { AppError } from "@/lib/errors";
import { formatTime } from "@/lib/format";
import { getModel, type ModelDetail } from "@/lib/inventory/models";
import { getVersion } from "@/lib/inventory/versions";
import { versionLineage } from "@/lib/lineage/views";

export const dynamic = "force-dynamic";

type Params = { name: string; version: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const p = await params;
  return { title: `${p.name} ${decodeURIComponent(p.version)}` };
}

/** The nearest earlier version with a card (the one copy-previous would copy), or null. */
async function previousWithCard(actor: Actor, m: ModelDetail, version: string): Promise<string | null> {
  const at = m.versions.findIndex((x) => x.version === version);
  for (const earlier of m.versions.slice(at + 1)) {
    const r = await listRevisions(actor, m.name, earlier.version, { limit: 1 });
    if (r.items.length) return earlier.version;
  }
  return null;
}

export default async function VersionPage({ params }: { params: Promise<Params> }) {
  const actor = await requirePageActor();
  const p = await params;
  const version = decodeURIComponent(p.version);
  const [m, v] = await Promise.all([getModel(actor, p.name), getVersion(actor, p.name, version)]).catch((e) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  const editable = canEditCard(actor, m);
  const [card, previous, lineage, coverage] = await Promise.all([
    v.card ? getCard(actor, m.name, version) : null,
    !v.card && editable ? previousWithCard(actor, m, version) : null,
    versionLineage(actor, m.name, v.version),
    versionCoverage(actor, m.name, v.version),
  ]);
  const metrics = Object.entries(v.metrics);
  return (
    <>
      <PageHeader
        crumbs={[
          { href: "/models", label: "Models" },
          { href: `/models/${m.name}`, label: m.name },
        ]}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {m.name} <span className="font-mono">{v.version}</span> <StageBadge stage={v.stage} />
          </span>
        }
        subtitle={v.description}
        actions={
          can(actor, "release.request") && !["production", "retired"].includes(v.stage) ? (
            <Link href={`/models/${m.name}/versions/${encodeURIComponent(v.version)}/release`} className={buttonClass}>
              Request release
            </Link>
          ) : null
        }
      />
      <div className="grid grid-cols-1 gap-x-6 lg:grid-cols-3">
        {/* First in the page, so a phone shows what the version is before its long card; beside the card from lg. */}
        <div className="lg:col-start-3 lg:row-start-1">
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
          <VersionLineagePanel lineage={lineage} />
          <CoveragePanel coverage={coverage} />
          <Panel title="Releases" id="releases">
            <ReleaseBriefs items={v.releases} empty="Never requested. Only an approved release moves a version to staging or production." />
          </Panel>
          <Panel title="Bias audits" id="audits">
            <VersionAudits audits={v.audits} />
          </Panel>
          <Panel title="Metrics at registration" id="metrics">
            {metrics.length === 0 ? (
              <p className="text-sm text-muted">None reported at registration.</p>
            ) : (
              <DefinitionList
                items={metrics.map(([k, n]) => [
                  k,
                  <span key={k} className="font-mono">
                    {n}
                  </span>,
                ])}
              />
            )}
          </Panel>
        </div>
        <div className="lg:col-span-2 lg:col-start-1 lg:row-start-1">
          <CardPanel
            model={m.name}
            version={v.version}
            card={card}
            editable={editable}
            owner={m.owner}
            previousWithCard={previous}
            evaluations={v.evaluations}
            audits={v.audits}
          />
          <Panel title="Evaluations" id="evaluations">
            {v.evaluations.length === 0 ? (
              <EmptyState title="No evaluations recorded.">
                Pipelines record them with POST …/evaluations; a release to production needs at least one.
              </EmptyState>
            ) : (
              <EvaluationsTables evaluations={v.evaluations} />
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
      </div>
    </>
  );
}
