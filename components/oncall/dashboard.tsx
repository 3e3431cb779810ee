"use client";
import Link from "next/link";
import { EmptyState } from "@/components/ui/page";
import { RefreshError, RefreshStatus } from "@/components/ui/refresh-status";
import type { OnCallViewData, Range } from "@/lib/dashboards/schemas";
import { AlertsPanel } from "./alerts-panel";
import { REFRESH_MS, useOnCall } from "./api";
import { Controls, onCallHref } from "./controls";
import { RANGE_LABEL } from "./format";
import { PipelinesPanel } from "./pipelines-panel";
import { SilencesPanel } from "./silences-panel";
import { VersionCard } from "./version-card";

/** The on-call dashboard: first paint from the server, then polled every 30 s by react-query, no reload. */
export function OnCallDashboard({ range, model, initial }: { range: Range; model: string | null; initial: OnCallViewData }) {
  const q = useOnCall(range, model, initial);
  const data = q.data ?? initial;
  const now = Date.parse(data.generatedAt);
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  const loadingOther = q.isPlaceholderData || (q.isFetching && data.range !== range);
  return (
    <div aria-busy={loadingOther || undefined}>
      <div className="mb-5 flex flex-wrap items-end justify-between gap-3">
        <Controls range={range} model={model} models={data.models.filter((m) => m.versions.length > 0).map((m) => m.name)} />
        <RefreshStatus q={q} generatedAt={now} refreshMs={REFRESH_MS} />
      </div>
      <RefreshError q={q} generatedAt={now} refreshMs={REFRESH_MS} />

      <AlertsPanel
        firing={data.firing}
        resolved={data.resolved}
        sloCount={data.sloCount}
        now={now}
        recordIncident={data.canRecordIncident}
      />

      <section aria-labelledby="oc-serving" className="mb-6" data-testid="serving">
        <h2 id="oc-serving" className="mb-1 text-lg font-semibold">
          Serving, {RANGE_LABEL[data.range]}
        </h2>
        <p className="mb-3 text-sm text-muted" data-testid="range-summary">
          Versions in production or serving traffic{data.model ? ` of ${data.model}` : ""}, {RANGE_LABEL[data.range]} in buckets of{" "}
          {data.step}. Dashed violet lines mark deployments.
          {data.model && (
            <>
              {" "}
              <Link href={onCallHref(range, null)} className="text-brand underline" scroll={false}>
                Show every model
              </Link>
              .
            </>
          )}
        </p>
        {data.versions.length === 0 ? (
          <EmptyState title={`No telemetry ${RANGE_LABEL[data.range].replace("last", "in the last")}.`}>
            Serving gateways send each prediction's latency and status with <code className="text-xs">POST /api/v1/telemetry</code> (a
            contributor's token), e.g.{" "}
            <code className="text-xs break-all">{'{"events": [{"model", "version", "ts", "latencyMs", "status": "ok"}]}'}</code>. A longer
            range may show older traffic.
          </EmptyState>
        ) : (
          <div className="space-y-4">
            {data.versions.map((v) => (
              <VersionCard key={`${v.model}/${v.version}`} v={v} range={data.range} from={from} to={to} />
            ))}
          </div>
        )}
        {data.quiet.length > 0 && (
          <p className="mt-3 text-sm text-muted" data-testid="quiet-versions">
            In production with no telemetry {RANGE_LABEL[data.range].replace("last", "in the last")}:{" "}
            {data.quiet.map((v, i) => (
              <span key={`${v.model}/${v.version}`}>
                {i > 0 && ", "}
                <Link
                  href={`/models/${v.model}/versions/${encodeURIComponent(v.version)}`}
                  className="text-brand underline underline-offset-2"
                >
                  {v.model} <span className="font-mono">{v.version}</span>
                </Link>
              </span>
            ))}
            . Batch models often send none; a real-time one that stopped may be down.
          </p>
        )}
      </section>

      <PipelinesPanel pipelines={data.pipelines} now={now} />
      <SilencesPanel data={data} />
    </div>
  );
}
