"use client";
import Link from "next/link";
import { useId } from "react";
import { inputClass, secondaryButtonClass } from "@/components/ui/page";
import { TableScroll } from "@/components/ui/table-scroll";
import type { DebugSampleView, DebugViewData } from "@/lib/dashboards/debug-schemas";
import { debugHref } from "./api";
import { ms, value, when } from "./format";

function Features({ f }: { f: DebugSampleView["features"] }) {
  if (!f || Object.keys(f).length === 0) return <span className="text-muted">—</span>;
  // One text node per row: a page of 70 rows stays light for the browser (and for axe).
  return (
    <span className="block min-w-64 max-w-md font-mono text-xs break-words">
      {Object.entries(f)
        .map(([k, v]) => `${k}=${value(v)}`)
        .join(", ")}
    </span>
  );
}

/** Sampled requests as a table that scrolls sideways on a phone. */
export function SamplesTable({
  rows,
  label,
  testId,
  showVersion,
}: {
  rows: DebugSampleView[];
  label: string;
  testId: string;
  showVersion?: boolean;
}) {
  return (
    <TableScroll label={label}>
      <table
        className="min-w-full divide-y divide-line rounded-md border border-line text-sm"
        style={{ minWidth: "56rem" }}
        data-testid={testId}
      >
        <thead className="bg-slate-50 text-left text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Time (UTC)
            </th>
            {showVersion && (
              <th scope="col" className="px-3 py-2 font-medium">
                Version
              </th>
            )}
            <th scope="col" className="px-3 py-2 font-medium">
              Trace id
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Latency
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Prediction
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Label
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Loss
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Features
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line bg-white">
          {rows.map((r, i) => (
            <tr key={`${r.ts}|${r.traceId ?? i}|${r.latencyMs}`} data-testid="sample-row">
              <td className="px-3 py-1.5 align-top whitespace-nowrap">
                <time dateTime={r.ts}>{when(r.ts)}</time>
              </td>
              {showVersion && <td className="px-3 py-1.5 align-top font-mono whitespace-nowrap">{r.version}</td>}
              <td className="px-3 py-1.5 align-top font-mono text-xs whitespace-nowrap">
                {r.traceId ?? <span className="text-muted">—</span>}
              </td>
              <td className={`px-3 py-1.5 align-top whitespace-nowrap ${r.status === "error" ? "font-medium text-bad" : ""}`}>
                {r.status}
              </td>
              <td className="px-3 py-1.5 text-right align-top whitespace-nowrap tabular-nums">{ms(r.latencyMs)}</td>
              <td className="px-3 py-1.5 align-top font-mono text-xs">{value(r.prediction)}</td>
              <td className="px-3 py-1.5 align-top font-mono text-xs">
                {r.label === null ? <span className="text-muted">not yet</span> : value(r.label)}
              </td>
              <td className="px-3 py-1.5 text-right align-top font-mono text-xs tabular-nums">{value(r.loss)}</td>
              <td className="px-3 py-1.5 align-top">
                <Features f={r.features} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The newest sampled requests of the window, or those of one trace id (a plain GET form: ?trace=). */
export function SamplesPanel({ data }: { data: DebugViewData }) {
  const id = useId();
  const params = { model: data.model, version: data.version, range: data.range, compare: data.compare };
  return (
    <section aria-labelledby="dbg-samples" className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5" data-testid="samples-panel">
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <h2 id="dbg-samples" className="text-lg font-semibold">
          {data.trace ? "Requests with this trace id" : "Recent sampled requests"}
        </h2>
        <form
          action="/dashboards/debug"
          method="get"
          className="flex items-end gap-2"
          role="search"
          aria-label="Find a request by trace id"
        >
          <input type="hidden" name="model" value={data.model} />
          {data.version && <input type="hidden" name="version" value={data.version} />}
          <input type="hidden" name="range" value={data.range} />
          <input type="hidden" name="compare" value={data.compare} />
          <div>
            <label htmlFor={`${id}-trace`} className="mb-1 block text-xs font-medium text-muted">
              Trace id
            </label>
            <input
              id={`${id}-trace`}
              name="trace"
              type="search"
              defaultValue={data.trace ?? ""}
              required
              maxLength={200}
              className={`${inputClass} w-56 py-1.5 font-mono`}
              placeholder="e.g. 4bf92f35…"
            />
          </div>
          <button type="submit" className={`${secondaryButtonClass} py-1.5`}>
            Find
          </button>
        </form>
      </div>
      <p className="mb-3 text-sm text-muted" data-testid="samples-summary">
        {data.trace ? (
          <>
            {data.samples.length === 0
              ? "No sampled request"
              : `${data.samples.length} sampled request${data.samples.length === 1 ? "" : "s"}`}{" "}
            of {data.model} carrying <code className="text-xs break-all">{data.trace}</code> in the last 30 days.{" "}
            {data.samples.length === 0 &&
              "Only a sample is kept (per version and hour: errors, the highest losses and a uniform sample), so an ordinary request may not be there. "}
            <Link href={debugHref({ ...params, trace: null })} className="text-brand underline">
              Back to the newest requests
            </Link>
            .
          </>
        ) : (
          "The 50 newest of the requests kept as samples in the window (per version and hour: errors, the highest losses and a uniform sample). Labels appear as they arrive."
        )}
      </p>
      {data.samples.length > 0 ? (
        <SamplesTable
          rows={data.samples}
          label={data.trace ? "Requests with the trace id" : "Recent sampled requests"}
          testId="samples-table"
          showVersion={!!data.trace}
        />
      ) : (
        !data.trace && (
          <p className="rounded-md border border-dashed border-line p-4 text-sm" data-testid="no-samples">
            No request was sampled in the window. Gateways send predictions with <code className="text-xs">POST /api/v1/telemetry</code>,
            with <code className="text-xs">traceId</code>, <code className="text-xs">features</code> and{" "}
            <code className="text-xs">prediction</code> for them to show here; a longer window may hold older ones.
          </p>
        )
      )}
    </section>
  );
}

/** The 20 sampled inputs of highest loss in the window. */
export function HighestLossPanel({ data }: { data: DebugViewData }) {
  return (
    <section aria-labelledby="dbg-loss" className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5" data-testid="loss-panel">
      <h2 id="dbg-loss" className="mb-1 text-lg font-semibold">
        Highest-loss inputs
      </h2>
      {data.highestLoss.length === 0 ? (
        <p className="text-sm text-muted" data-testid="no-loss">
          No sampled request in the window reports a loss. Send <code className="text-xs">loss</code> with each event (or labels later, with{" "}
          <code className="text-xs">POST /api/v1/labels</code>) to see where the model does worst.
        </p>
      ) : (
        <>
          <p className="mb-3 text-sm text-muted">
            The {data.highestLoss.length} sampled requests of highest loss in the window, worst first: look for what their features share.
          </p>
          <SamplesTable rows={data.highestLoss} label="Highest-loss inputs" testId="loss-table" />
        </>
      )}
    </section>
  );
}
