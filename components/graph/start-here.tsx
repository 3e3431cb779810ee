"use client";
import { EmptyState } from "@/components/ui/page";
import { formatTime } from "@/lib/format";
import type { GraphNode } from "@/lib/lineage/graph";
import type { Suggestions } from "@/lib/lineage/views";
import { explorerHref, KindBadge, nodeTitle } from "./kinds";

function Choice({ node, note, onChoose }: { node: GraphNode; note?: React.ReactNode; onChoose: (id: string) => void }) {
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1 py-1.5">
      <KindBadge type={node.type} />
      <a
        href={explorerHref(node.id)}
        className="font-medium text-brand underline underline-offset-2 break-all"
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          onChoose(node.id);
        }}
      >
        {nodeTitle(node)}
      </a>
      {note && <span className="text-xs text-muted">{note}</span>}
    </li>
  );
}

/** No node chosen yet: what the explorer does, and a few places to start. */
export function StartHere({ suggestions, onChoose }: { suggestions: Suggestions; onChoose: (id: string) => void }) {
  const { production, failedJobs, changedDatasets } = suggestions;
  const none = !production.length && !failedJobs.length && !changedDatasets.length;
  return (
    <div className="space-y-4">
      <EmptyState title="Choose a dataset, job or model to see its lineage.">
        <p>
          Search by name above. The graph shows where the node&apos;s data comes from (left) and what it feeds (right), two hops each way;
          the Impact tab lists every model version and deployment downstream, production first.
        </p>
        {none && (
          <p className="mt-2">
            No lineage is recorded yet. Pipelines post OpenLineage run events to{" "}
            <code className="font-mono text-xs">POST /api/v1/lineage</code>; a version registered with its{" "}
            <code className="font-mono text-xs">trainingRunId</code> or <code className="font-mono text-xs">inputs</code> appears here too.
          </p>
        )}
      </EmptyState>
      {!none && (
        <div className="grid gap-4 md:grid-cols-3" data-testid="lineage-suggestions">
          {production.length > 0 && (
            <section aria-labelledby="sugg-prod" className="rounded-lg border border-line bg-panel p-4">
              <h2 id="sugg-prod" className="font-semibold">
                Production models
              </h2>
              <p className="text-xs text-muted">What are they made from?</p>
              <ul className="mt-2">
                {production.map((n) => (
                  <Choice key={n.id} node={n} onChoose={onChoose} />
                ))}
              </ul>
            </section>
          )}
          {failedJobs.length > 0 && (
            <section aria-labelledby="sugg-failed" className="rounded-lg border border-line bg-panel p-4">
              <h2 id="sugg-failed" className="font-semibold">
                Jobs whose last run failed
              </h2>
              <p className="text-xs text-muted">What did they stop feeding?</p>
              <ul className="mt-2">
                {failedJobs.map((n) => (
                  <Choice key={n.id} node={n} note={n.lastRun ? formatTime(n.lastRun.at) : undefined} onChoose={onChoose} />
                ))}
              </ul>
            </section>
          )}
          {changedDatasets.length > 0 && (
            <section aria-labelledby="sugg-changed" className="rounded-lg border border-line bg-panel p-4">
              <h2 id="sugg-changed" className="font-semibold">
                Recent schema changes
              </h2>
              <p className="text-xs text-muted">Which models could they break?</p>
              <ul className="mt-2">
                {changedDatasets.map((c) => (
                  <Choice
                    key={c.node.id}
                    node={c.node}
                    note={`${formatTime(c.at)}${c.production.length ? ` · feeds ${new Set(c.production.map((p) => `${p.model}@${p.version}`)).size} in production` : ""}`}
                    onChoose={onChoose}
                  />
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </div>
  );
}
