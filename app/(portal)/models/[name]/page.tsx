import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FrameworkCoverageSection } from "@/components/controls/model-coverage-section";
import { CoveragePanel } from "@/components/coverage/coverage-panel";
import { AuditLink } from "@/components/inventory/audit-link";
import { MaintainersForm } from "@/components/inventory/maintainers-form";
import { MetricChart, type VersionMetrics } from "@/components/inventory/metric-chart";
import { SchemaChangeNotice } from "@/components/lineage/schema-change-notice";
import { FindingsSection } from "@/components/mrm/findings-section";
import { RiskReviewsPanel } from "@/components/mrm/risk-reviews-panel";
import { ReleaseBriefs } from "@/components/releases/release-briefs";
import { RollbackForm } from "@/components/releases/rollback-form";
import { RiskBadge, StageBadge } from "@/components/ui/badges";
import { buttonClass, DefinitionList, EmptyState, PageHeader, Panel, secondaryButtonClass } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { can, modelSubject } from "@/lib/auth/policy";
import { shownVersionCoverage } from "@/lib/coverage/read";
import { AppError } from "@/lib/errors";
import { formatTime } from "@/lib/format";
import { getModel } from "@/lib/inventory/models";
import { getVersion } from "@/lib/inventory/versions";
import { recentUpstreamSchemaChanges } from "@/lib/lineage/views";
import { rollbackTarget } from "@/lib/releases/requests";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: (await params).name };
}

// The chart compares this many of the newest versions; older ones stay in the table above it.
const CHART_VERSIONS = 30;
// Upstream schema changes this recent are called out above the versions.
const SCHEMA_NOTICE_DAYS = 30;

export default async function ModelPage({ params }: { params: Promise<{ name: string }> }) {
  const actor = await requirePageActor();
  const { name } = await params;
  const m = await getModel(actor, name).catch((e) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  const charted = m.versions.slice(0, CHART_VERSIONS);
  const rollbackTo = m.productionVersion ? await rollbackTarget(m.name) : null;
  const subject = modelSubject(m);
  const mayRollBack = can(actor, "release.rollback", subject);
  const [details, schemaChanges, coverage] = await Promise.all([
    Promise.all(charted.map((v) => getVersion(actor, m.name, v.version))),
    m.productionVersion ? recentUpstreamSchemaChanges(actor, m.name, m.productionVersion, SCHEMA_NOTICE_DAYS) : [],
    shownVersionCoverage(actor, m.name),
  ]);
  const chart: VersionMetrics[] = details
    .map((v) => ({
      version: v.version,
      registered: v.metrics,
      evaluations: v.evaluations.map((e) => ({ dataset: e.dataset, slice: e.slice, metrics: e.metrics, createdAt: e.createdAt })),
    }))
    .reverse();
  return (
    <>
      <PageHeader
        crumbs={[{ href: "/models", label: "Models" }]}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {m.name} <RiskBadge tier={m.riskTier} />
          </span>
        }
        subtitle={m.title}
        actions={
          <>
            {can(actor, "audit.read") && (
              <Link href={`/models/${m.name}/history`} className={secondaryButtonClass}>
                History
              </Link>
            )}
            {can(actor, "version.create", subject) && (
              <Link href={`/models/${m.name}/versions/new`} className={buttonClass}>
                Register version
              </Link>
            )}
          </>
        }
      />
      {m.productionVersion && (
        <SchemaChangeNotice model={m.name} version={m.productionVersion} changes={schemaChanges} days={SCHEMA_NOTICE_DAYS} />
      )}
      <div className="grid grid-cols-1 gap-x-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Panel title="Versions" id="versions">
            {m.versions.length === 0 ? (
              <EmptyState title="No versions yet.">
                {can(actor, "version.create", subject)
                  ? "Register the first version, or let the training pipeline register it by the API."
                  : "A contributor or the training pipeline registers versions."}
              </EmptyState>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
                    <tr>
                      <th scope="col" className="py-2 pr-3">
                        Version
                      </th>
                      <th scope="col" className="py-2 pr-3">
                        Stage
                      </th>
                      <th scope="col" className="hidden py-2 pr-3 sm:table-cell">
                        Metrics
                      </th>
                      <th scope="col" className="hidden py-2 pr-3 md:table-cell">
                        Registered
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.versions.map((v) => (
                      <tr key={v.version} className="border-b border-line last:border-0">
                        <td className="py-2 pr-3">
                          <Link
                            href={`/models/${m.name}/versions/${encodeURIComponent(v.version)}`}
                            className="font-mono text-brand underline-offset-2 hover:underline"
                          >
                            {v.version}
                          </Link>
                        </td>
                        <td className="py-2 pr-3">
                          <StageBadge stage={v.stage} />
                        </td>
                        <td className="hidden py-2 pr-3 font-mono text-xs sm:table-cell">
                          {Object.entries(v.metrics)
                            .map(([k, n]) => `${k} ${n}`)
                            .join(" · ") || "—"}
                        </td>
                        <td className="hidden py-2 pr-3 md:table-cell">
                          {formatTime(v.createdAt)} <span className="text-muted">by {v.createdBy}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Panel>
          {m.versions.length > 0 && (
            <Panel title="Metric history" id="metric-chart">
              <MetricChart versions={chart} />
              {m.versions.length > CHART_VERSIONS && (
                <p className="mt-2 text-xs text-muted">The newest {CHART_VERSIONS} versions are shown.</p>
              )}
            </Panel>
          )}
          {coverage && <CoveragePanel coverage={coverage} />}
          <FrameworkCoverageSection actor={actor} model={m.name} />
          <FindingsSection actor={actor} model={m.name} owner={m.owner} versions={m.versions.map((v) => v.version)} />
          {m.description && (
            <Panel title="Description" id="description">
              <p className="whitespace-pre-wrap text-sm">{m.description}</p>
            </Panel>
          )}
        </div>
        {/* In a div, so the panel is as tall as its content rather than the row beside it. */}
        <div>
          <Panel title="About" id="about">
            <DefinitionList
              items={[
                ["Owner", m.owner],
                ["Maintainers", m.maintainers.length ? m.maintainers.join(", ") : "none"],
                ["Team", m.team],
                ["Risk tier", <RiskBadge key="r" tier={m.riskTier} />],
                ["In production", m.productionVersion ? <span className="font-mono">{m.productionVersion}</span> : "none"],
                ["Bias audit", <AuditLink key="a" audit={m.latestBiasAudit} />],
                ["Use case", m.useCase],
                [
                  "Tags",
                  m.tags.length
                    ? m.tags.map((t) => (
                        <Link
                          key={t}
                          href={`/models?tag=${encodeURIComponent(t)}`}
                          className="mr-1.5 inline-block rounded bg-slate-100 px-1.5 py-0.5 text-xs hover:underline"
                        >
                          {t}
                        </Link>
                      ))
                    : null,
                ],
                ["Registered", `${formatTime(m.createdAt)} by ${m.createdBy}`],
                ["Updated", formatTime(m.updatedAt)],
              ]}
            />
          </Panel>
          <RiskReviewsPanel actor={actor} model={m} />
          {can(actor, "model.update", subject) && (
            <Panel title="Who writes evidence" id="maintainers">
              <p className="text-sm text-muted">
                Versions, cards, evaluations, bias audits and reference profiles of {m.name} are written by its owner, its maintainers or an
                admin.
              </p>
              <MaintainersForm model={m.name} maintainers={m.maintainers} />
            </Panel>
          )}
          <Panel title="Releases" id="releases">
            <ReleaseBriefs items={m.openReleases} showVersion empty="No release is open." />
            <Link href={`/releases?view=all&model=${m.name}`} className="mt-2 inline-block text-sm text-brand underline underline-offset-2">
              Every release of {m.name}
            </Link>
          </Panel>
          {rollbackTo && m.productionVersion && mayRollBack && (
            <Panel title="Roll back" id="rollback">
              <RollbackForm model={m.name} from={m.productionVersion} to={rollbackTo} />
            </Panel>
          )}
        </div>
      </div>
    </>
  );
}
