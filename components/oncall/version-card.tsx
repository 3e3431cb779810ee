import Link from "next/link";
import { StageBadge } from "@/components/ui/badges";
import type { OnCallVersionView, Range } from "@/lib/dashboards/schemas";
import type { Stage } from "@/lib/inventory/schemas";
import { debugLink } from "./alerts-panel";
import { SeverityBadge } from "./badges";
import { BudgetBar } from "./budget-bar";
import { LatencyChart, TrafficChart } from "./charts";
import { count, ms, objective, pct, when } from "./format";
import { HealthRow, QualityChart } from "./health";

function SloList({ v }: { v: OnCallVersionView }) {
  if (!v.slos.length)
    return (
      <p className="text-sm text-muted" data-testid="no-slo">
        No SLO on {v.model} yet. Its owner, a reviewer or an admin sets one with{" "}
        <code className="text-xs">POST /api/v1/models/{v.model}/slos</code>, e.g.{" "}
        <code className="text-xs">{'{"sli": "availability", "objective": 0.999}'}</code>.
      </p>
    );
  return (
    <ul className="space-y-1.5 text-sm" aria-label={`SLOs of ${v.model} ${v.version}`}>
      {v.slos.map((s) => (
        <li key={s.id} className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <span className="min-w-0">
            {s.sli === "latency" ? `Latency under ${ms(s.thresholdMs)}` : "Availability"}: {objective(s.objective)} over {s.windowDays} d
          </span>
          <BudgetBar remaining={s.budgetRemaining} label="error budget" />
          {s.firing ? <SeverityBadge severity={s.firing} /> : <span className="text-xs text-ok">ok</span>}
        </li>
      ))}
    </ul>
  );
}

/** One version's serving: headline figures, SLOs with their budgets, and the two charts. */
export function VersionCard({ v, range, from, to }: { v: OnCallVersionView; range: Range; from: number; to: number }) {
  const id = `oc-v-${v.model}-${v.version}`.replace(/[^A-Za-z0-9_-]/g, "-");
  return (
    <section aria-labelledby={id} className="rounded-lg border border-line bg-panel p-4 sm:p-5" data-testid="version-card">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h3 id={id} className="text-base font-semibold">
          <Link
            href={`/models/${v.model}/versions/${encodeURIComponent(v.version)}`}
            className="text-brand underline-offset-2 hover:underline"
          >
            {v.model} <span className="font-mono">{v.version}</span>
          </Link>
        </h3>
        <StageBadge stage={v.stage as Stage} />
        <Link href={debugLink(v.model, v.version)} className="text-sm text-brand underline underline-offset-2">
          Debug
          <span className="sr-only">
            {" "}
            {v.model} {v.version}
          </span>
        </Link>
        {v.deployments.length > 0 && (
          <span className="text-xs text-muted">
            {v.deployments.length === 1 ? "deployed" : `${v.deployments.length} deployments, last`}{" "}
            {when(v.deployments[v.deployments.length - 1].t)}
          </span>
        )}
      </div>
      <dl className="mb-3 grid grid-cols-3 gap-x-4 gap-y-2 text-sm sm:grid-cols-6">
        {(
          [
            ["Requests", count(v.totals.count)],
            ["Errors", `${pct(v.totals.errorRate)}`],
            ["p50", ms(v.totals.p50)],
            ["p95", ms(v.totals.p95)],
            ["p99", ms(v.totals.p99)],
            ["Failed", count(v.totals.errors)],
          ] as const
        ).map(([k, val]) => (
          <div key={k}>
            <dt className="text-xs text-muted">{k}</dt>
            <dd className="font-mono tabular-nums">{val}</dd>
          </div>
        ))}
      </dl>
      <HealthRow v={v} />
      <div className="mb-4">
        <SloList v={v} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <LatencyChart v={v} range={range} from={from} to={to} />
        <TrafficChart v={v} range={range} from={from} to={to} />
        <QualityChart v={v} range={range} to={to} />
      </div>
    </section>
  );
}
