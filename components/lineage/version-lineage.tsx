import Link from "next/link";
import { explorerHref, KindIcon, ProductionMark, RunStateBadge } from "@/components/graph/kinds";
import { SchemaChangeList } from "@/components/graph/schema-changes";
import { EmptyState, Panel } from "@/components/ui/page";
import type { GraphNode } from "@/lib/lineage/graph";
import type { VersionLineage } from "@/lib/lineage/views";
import { FailingDatasets } from "./data-quality";

const h3 = "mb-1.5 mt-4 flex items-center gap-1.5 text-sm font-semibold first:mt-0";

function NodeLink({ node, children }: { node: GraphNode; children: React.ReactNode }) {
  return (
    <Link href={explorerHref(node.id)} className="text-brand underline-offset-2 hover:underline">
      {children}
    </Link>
  );
}

/** The version page's Lineage panel: upstream schema changes, what the version was made from, where it is deployed. */
export function VersionLineagePanel({ lineage }: { lineage: VersionLineage | null }) {
  if (!lineage)
    return (
      <Panel title="Lineage" id="lineage">
        <EmptyState title="No lineage recorded for this version yet.">
          <p className="text-sm">
            Register the version with its <code className="font-mono text-xs">trainingRunId</code> (the OpenLineage run that trained it) or
            its <code className="font-mono text-xs">inputs</code>, or have the pipeline post OpenLineage run events to{" "}
            <code className="font-mono text-xs">POST /api/v1/lineage</code>. The datasets and jobs it was made from then appear here.
          </p>
        </EmptyState>
      </Panel>
    );
  const { datasets, jobs, deployments, schemaChanges, trainingRunId, failingDataQuality } = lineage;
  return (
    <Panel title="Lineage" id="lineage">
      <div data-testid="version-lineage" className="text-sm">
        {failingDataQuality.length > 0 && (
          <section aria-labelledby="lineage-data-quality" className="mb-4">
            <h3 id="lineage-data-quality" className={`${h3} text-bad`}>
              Data quality upstream: {failingDataQuality.length} failing dataset{failingDataQuality.length === 1 ? "" : "s"}
            </h3>
            <FailingDatasets results={failingDataQuality} />
          </section>
        )}
        {schemaChanges.length > 0 && (
          <section aria-labelledby="lineage-changes" className="mb-4">
            <h3 id="lineage-changes" className={`${h3} text-amber-900`}>
              Upstream schema changes ({schemaChanges.length})
            </h3>
            <SchemaChangeList changes={schemaChanges} />
          </section>
        )}
        <h3 className={h3}>
          <KindIcon type="job" /> Jobs upstream ({jobs.length})
        </h3>
        {jobs.length === 0 ? (
          <p className="text-muted">None recorded.</p>
        ) : (
          <ul className="space-y-1">
            {jobs.map((j, i) => (
              <li key={j.id} className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                <NodeLink node={j}>
                  <span className="font-mono break-all">{j.name}</span>
                </NodeLink>
                <RunStateBadge state={j.lastRun?.state} />
                {i === 0 && trainingRunId && j.depth === -1 && (
                  <span className="w-full text-xs text-muted">
                    trained this version in run <span className="font-mono">{trainingRunId.slice(0, 8)}</span>
                  </span>
                )}
                {j.lastRun?.state === "FAIL" && j.lastRun.errorMessage && (
                  <span className="w-full text-xs break-words text-bad">Last run failed: {j.lastRun.errorMessage}</span>
                )}
              </li>
            ))}
          </ul>
        )}
        <h3 className={h3}>
          <KindIcon type="dataset" /> Datasets upstream ({datasets.length})
        </h3>
        {datasets.length === 0 ? (
          <p className="text-muted">None recorded.</p>
        ) : (
          <div className="space-y-2">
            {[...new Set(datasets.map((d) => d.namespace))].map((ns) => (
              <div key={ns}>
                <p className="text-xs break-all text-muted">{ns}</p>
                <ul className="space-y-0.5">
                  {datasets
                    .filter((d) => d.namespace === ns)
                    .map((d) => (
                      <li key={d.id} className="break-all">
                        <NodeLink node={d}>
                          <span className="font-mono">{d.name}</span>
                        </NodeLink>
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </div>
        )}
        <h3 className={h3}>
          <KindIcon type="deployment" /> Deployments ({deployments.length})
        </h3>
        {deployments.length === 0 ? (
          <p className="text-muted">Not deployed: a version is deployed while it is in staging or production.</p>
        ) : (
          <ul className="space-y-1">
            {deployments.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-2">
                <NodeLink node={d}>{d.environment ?? d.name}</NodeLink>
                <span className="text-xs text-muted">environment</span>
                {d.stage === "production" ? <ProductionMark /> : null}
              </li>
            ))}
          </ul>
        )}
        <p className="mt-4">
          <Link href={explorerHref(lineage.node)} className="font-medium text-brand underline underline-offset-2">
            Open in lineage explorer
          </Link>
        </p>
      </div>
    </Panel>
  );
}
