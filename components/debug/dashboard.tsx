"use client";
import Link from "next/link";
import { StageBadge } from "@/components/ui/badges";
import { RefreshError, RefreshStatus } from "@/components/ui/refresh-status";
import type { DebugViewData } from "@/lib/dashboards/debug-schemas";
import type { Stage } from "@/lib/inventory/schemas";
import { type DebugParams, REFRESH_MS, useDebug } from "./api";
import { LatencyChart, QualityChart, ResourcesChart } from "./charts";
import { COMPARE_LABEL, DebugControls, RANGE_LABEL } from "./controls";
import { FeaturesPanel } from "./features";
import { count, ms, pct, when } from "./format";
import { OutliersPanel } from "./outliers";
import { HighestLossPanel, SamplesPanel } from "./samples";

function Headline({ data }: { data: DebugViewData }) {
  const t = data.latency.totals;
  const e = data.latency.earlier;
  const items: [string, string, string][] = [
    ["Requests", count(t.count), count(e.count)],
    ["Errors", pct(t.errorRate), pct(e.errorRate)],
    ["p50", ms(t.p50), ms(e.p50)],
    ["p95", ms(t.p95), ms(e.p95)],
    ["p99", ms(t.p99), ms(e.p99)],
  ];
  return (
    <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="headline">
      {items.map(([k, now, before]) => (
        <div key={k} className="rounded-md border border-line bg-panel px-3 py-2">
          <dt className="text-xs text-muted">{k}</dt>
          <dd className="font-mono text-base tabular-nums">{now}</dd>
          <dd className="text-xs text-muted">earlier {before}</dd>
        </div>
      ))}
    </dl>
  );
}

function ResourcesPanel({ data }: { data: DebugViewData }) {
  const envs = [...new Set(data.resources.points.map((p) => p.environment))];
  const env = envs.includes("production") ? "production" : envs[0];
  return (
    <section
      aria-labelledby="dbg-resources"
      className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5"
      data-testid="resources-panel"
    >
      <h2 id="dbg-resources" className="mb-1 text-lg font-semibold">
        Resources
      </h2>
      {env ? (
        <>
          <p className="mb-3 text-sm text-muted">
            Dashed amber lines mark autoscaling (replicas from → to).
            {envs.length > 1 && ` Also reported: ${envs.filter((x) => x !== env).join(", ")}.`}
            {data.resources.truncated && " Only the newest 10,000 points are drawn."}
          </p>
          <ResourcesChart data={data} environment={env} />
        </>
      ) : (
        <p className="text-sm text-muted" data-testid="no-resources">
          No resource points in the window. The serving platform reports CPU, memory and replicas with{" "}
          <code className="text-xs">POST /api/v1/resources</code>.
        </p>
      )}
    </section>
  );
}

/** The debug dashboard: first paint from the server, then polled every minute by react-query. */
export function DebugDashboard({ params, initial }: { params: DebugParams; initial: DebugViewData }) {
  const q = useDebug(params, initial);
  const data = q.data ?? initial;
  const label = RANGE_LABEL[data.range];
  return (
    <div aria-busy={q.isPlaceholderData || undefined}>
      <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
        <DebugControls
          model={data.model}
          version={data.version}
          range={data.range}
          compare={data.compare}
          models={data.models}
          versions={data.versions}
        />
        <RefreshStatus q={q} generatedAt={Date.parse(data.generatedAt)} refreshMs={REFRESH_MS} />
      </div>
      <RefreshError q={q} generatedAt={Date.parse(data.generatedAt)} refreshMs={REFRESH_MS} />
      {data.version === null ? (
        <p className="rounded-md border border-dashed border-line p-4 text-sm" data-testid="no-version">
          {data.model} has no version yet. Register one with <code className="text-xs">POST /api/v1/models/{data.model}/versions</code>,
          then send its telemetry.
        </p>
      ) : (
        <>
          <div className="mb-3 flex flex-wrap items-center gap-2">
            <h2 className="text-lg font-semibold">
              <Link
                href={`/models/${data.model}/versions/${encodeURIComponent(data.version)}`}
                className="text-brand underline-offset-2 hover:underline"
              >
                {data.model} <span className="font-mono">{data.version}</span>
              </Link>
            </h2>
            <StageBadge stage={data.stage as Stage} />
          </div>
          <p className="mb-4 text-sm text-muted" data-testid="window-summary">
            The {label}: <time dateTime={data.from}>{when(data.from)}</time> to <time dateTime={data.to}>{when(data.to)}</time>, compared
            with {COMPARE_LABEL[data.compare]} (<time dateTime={data.compareFrom}>{when(data.compareFrom)}</time> to{" "}
            <time dateTime={data.compareTo}>{when(data.compareTo)}</time>).
          </p>
          <Headline data={data} />
          <FeaturesPanel data={data} label={label} />
          <OutliersPanel data={data} label={label} />
          <section
            aria-labelledby="dbg-quality"
            className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5"
            data-testid="quality-panel"
          >
            <h2 id="dbg-quality" className="mb-1 text-lg font-semibold">
              Quality and serving
            </h2>
            <p className="mb-3 text-sm text-muted">
              Labels arrive late (joined to predictions by trace id), so the latest points cover few predictions and move as labels come in:
              read accuracy beside the labelled share.
            </p>
            <div className="grid gap-4 lg:grid-cols-2">
              {data.quality.points.length ? (
                <QualityChart data={data} />
              ) : (
                <p className="rounded-md border border-dashed border-line p-4 text-sm" data-testid="no-quality">
                  No predictions with quality data in the last 7 days. Send <code className="text-xs">prediction</code> (and{" "}
                  <code className="text-xs">label</code> when known) with each event, or labels later with{" "}
                  <code className="text-xs">POST /api/v1/labels</code>.
                </p>
              )}
              {data.latency.points.length ? (
                <LatencyChart data={data} />
              ) : (
                <p className="rounded-md border border-dashed border-line p-4 text-sm">No telemetry in the window: no latency to draw.</p>
              )}
            </div>
          </section>
          <SamplesPanel data={data} />
          <HighestLossPanel data={data} />
          <ResourcesPanel data={data} />
        </>
      )}
    </div>
  );
}
