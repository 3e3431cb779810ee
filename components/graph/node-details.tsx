"use client";
import Link from "next/link";
import { useId, useState } from "react";
import { DataQualityLatest, FailingDatasets } from "@/components/lineage/data-quality";
import { StageBadge } from "@/components/ui/badges";
import { DefinitionList, inputClass, labelClass } from "@/components/ui/page";
import { TableScroll } from "@/components/ui/table-scroll";
import { formatTime } from "@/lib/format";
import type { Stage } from "@/lib/inventory/schemas";
import type { GraphNode, LastRun } from "@/lib/lineage/graph";
import { datasetId } from "@/lib/lineage/ids";
import { useNodeDetail } from "./api";
import { RunStateBadge, versionHref } from "./kinds";
import { SchemaChangeList } from "./schema-changes";

type SchemaFacet = { fields?: { name: string; type?: string | null; description?: string | null }[] };
type DataSourceFacet = { name?: string; uri?: string };
type ColumnLineageFacet = { fields?: Record<string, { inputFields?: { namespace: string; name: string; field: string }[] }> };
type SqlFacet = { query?: string };

const h3 = "mt-5 mb-2 text-sm font-semibold";

/** What the side panel says about one node: facets by kind, a job's runs, a dataset's (or a model's upstream) schema changes. */
export function NodeDetails({
  node,
  inGraph,
  onPick,
}: {
  node: GraphNode;
  inGraph: (id: string) => boolean;
  onPick: (id: string) => void;
}) {
  const detail = useNodeDetail(node.id);
  const n = detail.data?.node ?? node;
  const facets = (n.facets ?? node.facets ?? {}) as Record<string, unknown>;
  return (
    <div className="text-sm">
      {n.type === "dataset" && <DatasetFacets node={n} facets={facets} inGraph={inGraph} onPick={onPick} />}
      {n.type === "job" && <JobFacets node={n} facets={facets} runs={detail.data?.runs} />}
      {n.type === "model" && (
        <DefinitionList
          items={[
            ["Model", n.namespace],
            [
              "Version",
              <span key="v" className="font-mono">
                {n.name}
              </span>,
            ],
            ["Stage", n.stage ? <StageBadge key="s" stage={n.stage as Stage} /> : "not in the inventory"],
          ]}
        />
      )}
      {n.type === "deployment" && (
        <DefinitionList
          items={[
            ["Model", n.namespace],
            ["Environment", n.environment ?? n.name],
            [
              "Serves",
              n.version ? (
                <Link key="v" href={versionHref(n.namespace, n.version)} className="font-mono text-brand underline underline-offset-2">
                  {n.version}
                </Link>
              ) : (
                "no version"
              ),
            ],
            ["Stage", n.stage ? <StageBadge key="s" stage={n.stage as Stage} /> : null],
          ]}
        />
      )}
      {(n.type === "dataset" || n.type === "model" || n.type === "deployment") && (
        <>
          <h3 className={h3}>{n.type === "dataset" ? "Schema changes" : "Schema changes upstream"}</h3>
          {detail.isPending ? (
            <p className="text-muted">Loading…</p>
          ) : detail.isError ? (
            <p className="text-bad">Could not load them ({detail.error.message}). Choose the node again to retry.</p>
          ) : detail.data.schemaChanges.length === 0 ? (
            <p className="text-muted">
              {n.type === "dataset" ? "None seen: every schema reported for it is the same." : "None seen in the datasets it is made from."}
            </p>
          ) : (
            <SchemaChangeList changes={detail.data.schemaChanges} showDataset={n.type !== "dataset"} />
          )}
          <h3 className={h3}>{n.type === "dataset" ? "Data quality" : "Data quality upstream"}</h3>
          {detail.isPending ? (
            <p className="text-muted">Loading…</p>
          ) : detail.isError ? null : n.type === "dataset" ? (
            <DataQualityLatest result={detail.data.dataQuality.latest} />
          ) : detail.data.dataQuality.failingUpstream.length === 0 ? (
            <p className="text-muted">No dataset it is made from has a failing latest validation.</p>
          ) : (
            <FailingDatasets results={detail.data.dataQuality.failingUpstream} />
          )}
        </>
      )}
    </div>
  );
}

function DatasetFacets({
  node,
  facets,
  inGraph,
  onPick,
}: {
  node: GraphNode;
  facets: Record<string, unknown>;
  inGraph: (id: string) => boolean;
  onPick: (id: string) => void;
}) {
  const schema = facets.schema as SchemaFacet | undefined;
  const source = facets.dataSource as DataSourceFacet | undefined;
  const lineage = (facets.columnLineage as ColumnLineageFacet | undefined)?.fields ?? {};
  const fields = schema?.fields ?? [];
  const hasDescriptions = fields.some((f) => f.description);
  return (
    <>
      <DefinitionList
        items={[
          [
            "Namespace",
            <span key="ns" className="font-mono text-xs break-all">
              {node.namespace}
            </span>,
          ],
          [
            "Source",
            source ? (
              <span key="src" className="break-all">
                {source.name}
                {source.uri && source.uri !== source.name ? ` (${source.uri})` : ""}
              </span>
            ) : null,
          ],
        ]}
      />
      <h3 className={h3}>Schema</h3>
      {fields.length === 0 ? (
        <p className="text-muted">No schema reported. Producers send it as the OpenLineage schema facet.</p>
      ) : (
        <TableScroll label={`Schema of ${node.name}`}>
          <table className="w-full text-left text-sm" data-testid="schema-table">
            <caption className="sr-only">Columns of {node.name}</caption>
            <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="py-1.5 pr-3">
                  Column
                </th>
                <th scope="col" className="py-1.5 pr-3">
                  Type
                </th>
                {hasDescriptions && (
                  <th scope="col" className="py-1.5 pr-3">
                    Description
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f.name} className="border-b border-line last:border-0">
                  <td className="py-1.5 pr-3 font-mono text-xs">{f.name}</td>
                  <td className="py-1.5 pr-3 font-mono text-xs text-slate-700">{f.type ?? "—"}</td>
                  {hasDescriptions && <td className="py-1.5 pr-3 text-xs">{f.description ?? ""}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {Object.keys(lineage).length > 0 && <ColumnLineage fields={lineage} inGraph={inGraph} onPick={onPick} />}
    </>
  );
}

function ColumnLineage({
  fields,
  inGraph,
  onPick,
}: {
  fields: NonNullable<ColumnLineageFacet["fields"]>;
  inGraph: (id: string) => boolean;
  onPick: (id: string) => void;
}) {
  const id = useId();
  const columns = Object.keys(fields).sort();
  const [col, setCol] = useState(columns[0]);
  const current = fields[col] ? col : columns[0];
  const inputs = fields[current]?.inputFields ?? [];
  return (
    <>
      <h3 className={h3}>Column lineage</h3>
      <label htmlFor={id} className={labelClass}>
        Column
      </label>
      <select id={id} className={`${inputClass} font-mono`} value={current} onChange={(e) => setCol(e.target.value)}>
        {columns.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
      <p className="mt-2 text-muted">
        <span className="font-mono">{current}</span> is computed from:
      </p>
      <ul className="mt-1 space-y-1" aria-live="polite" data-testid="column-inputs">
        {inputs.length === 0 && <li className="text-muted">no input field is recorded</li>}
        {inputs.map((f) => {
          const ds = datasetId(f);
          return (
            <li key={`${ds}/${f.field}`} className="break-all">
              {inGraph(ds) ? (
                <button type="button" className="font-mono text-brand underline underline-offset-2" onClick={() => onPick(ds)}>
                  {f.name}.{f.field}
                </button>
              ) : (
                <Link href={`/lineage?node=${encodeURIComponent(ds)}`} className="font-mono text-brand underline underline-offset-2">
                  {f.name}.{f.field}
                </Link>
              )}{" "}
              <span className="text-xs text-muted">{f.namespace}</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function duration(r: LastRun): string {
  if (!r.startedAt || !r.endedAt) return "";
  const min = Math.round((new Date(r.endedAt).getTime() - new Date(r.startedAt).getTime()) / 60_000);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

function JobFacets({ node, facets, runs }: { node: GraphNode; facets: Record<string, unknown>; runs?: LastRun[] }) {
  const sql = (facets.sql as SqlFacet | undefined)?.query;
  const last = node.lastRun;
  return (
    <>
      <DefinitionList
        items={[
          [
            "Namespace",
            <span key="ns" className="font-mono text-xs break-all">
              {node.namespace}
            </span>,
          ],
          [
            "Last run",
            last ? (
              <span key="lr" className="flex flex-wrap items-center gap-2">
                <RunStateBadge state={last.state} /> {formatTime(last.at)}
              </span>
            ) : (
              "no runs yet"
            ),
          ],
        ]}
      />
      {last?.state === "FAIL" && (
        <div className="mt-3 rounded-md border-2 border-red-400 bg-red-50 p-3 text-red-900" data-testid="run-error">
          <p className="font-semibold">✗ The last run failed</p>
          <p className="mt-1 font-mono text-xs break-words whitespace-pre-wrap">{last.errorMessage ?? "No error message was reported."}</p>
          <p className="mt-1 text-xs">Datasets it writes keep their previous contents until a run completes.</p>
        </div>
      )}
      <h3 className={h3}>SQL</h3>
      {sql ? (
        <div
          role="region"
          aria-label={`SQL of ${node.name}`}
          tabIndex={0}
          className="max-h-64 overflow-auto rounded-md bg-slate-900 p-3"
          data-testid="job-sql"
        >
          <pre className="font-mono text-xs leading-relaxed text-slate-100">
            <code>{sql}</code>
          </pre>
        </div>
      ) : (
        <p className="text-muted">No SQL reported (the OpenLineage sql job facet).</p>
      )}
      <h3 className={h3}>Recent runs</h3>
      {!runs ? (
        <p className="text-muted">Loading…</p>
      ) : runs.length === 0 ? (
        <p className="text-muted">No runs recorded.</p>
      ) : (
        <TableScroll label={`Recent runs of ${node.name}`}>
          <table className="w-full text-left text-sm" data-testid="runs-table">
            <caption className="sr-only">Recent runs of {node.name}, newest first</caption>
            <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="py-1.5 pr-3">
                  State
                </th>
                <th scope="col" className="py-1.5 pr-3">
                  At
                </th>
                <th scope="col" className="py-1.5 pr-3">
                  Took
                </th>
                <th scope="col" className="py-1.5 pr-3">
                  Run
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.runId} className="border-b border-line align-top last:border-0">
                  <td className="py-1.5 pr-3">
                    <RunStateBadge state={r.state} />
                  </td>
                  <td className="py-1.5 pr-3 text-xs whitespace-nowrap">{formatTime(r.at)}</td>
                  <td className="py-1.5 pr-3 text-xs whitespace-nowrap">{duration(r)}</td>
                  <td className="py-1.5 pr-3 font-mono text-xs" title={r.runId}>
                    {r.runId.slice(0, 8)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
