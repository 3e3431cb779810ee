"use client";
import { EmptyState, secondaryButtonClass } from "@/components/ui/page";
import type { ExecutiveViewData } from "@/lib/dashboards/executive-schemas";
import { type Filters, REFRESH_MS, useExecutive } from "./api";
import { Compliance } from "./compliance";
import { Controls } from "./controls";
import { dayTime, PERIOD_LABEL } from "./format";
import { Headline } from "./headline";
import { PortfolioHealth } from "./health";
import { KpiChart } from "./kpi-chart";
import { ExecutiveReviewsPanel } from "./reviews";
import { Rollouts } from "./rollouts";

function Section({
  id,
  title,
  intro,
  testid,
  children,
}: {
  id: string;
  title: string;
  intro?: React.ReactNode;
  testid: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="mb-8 print-section" data-testid={testid}>
      <h2 id={id} className="mb-1 text-lg font-semibold">
        {title}
      </h2>
      {intro && <p className="mb-3 text-sm text-muted">{intro}</p>}
      {children}
    </section>
  );
}

/** The executive dashboard: first paint from the server, then read again every minute by react-query. */
export function ExecutiveDashboard({ filters, initial }: { filters: Filters; initial: ExecutiveViewData }) {
  const q = useExecutive(filters, initial);
  const data = q.data ?? initial;
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  const loadingOther = q.isPlaceholderData;
  const period = PERIOD_LABEL[data.period];
  const scope = [data.team && `team ${data.team}`, data.riskTier && `${data.riskTier} risk`].filter(Boolean).join(", ");
  return (
    <div aria-busy={loadingOther || undefined} className="print-dashboard">
      <div className="no-print mb-5 flex flex-wrap items-end justify-between gap-3">
        <Controls filters={filters} teams={data.teams} />
        <div className="flex items-center gap-3 text-sm">
          <p className="text-muted" data-testid="updated-at">
            {loadingOther ? "Loading…" : q.isFetching ? "Refreshing…" : `Updated ${dayTime(q.dataUpdatedAt || data.generatedAt)}`}
            <span className="sr-only">; refreshes every {REFRESH_MS / 1000} seconds</span>
          </p>
          <button type="button" className={`${secondaryButtonClass} py-1`} onClick={() => q.refetch()} disabled={q.isFetching}>
            Refresh
          </button>
          <button type="button" className={`${secondaryButtonClass} py-1`} onClick={() => window.print()}>
            Print
          </button>
        </div>
      </div>
      <p className="mb-4 text-sm" data-testid="scope">
        {period[0].toUpperCase() + period.slice(1)} ({dayTime(data.from).replace(", 00:00 UTC", "")} to{" "}
        {dayTime(to - 1).replace(/, \d\d:\d\d UTC/, "")}){scope ? `, ${scope}` : ", every team and tier"}.
      </p>
      {q.isError && (
        <div role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          Could not refresh: {q.error.message} Showing the figures from {dayTime(data.generatedAt)}; it tries again every minute, or press
          Refresh.
        </div>
      )}

      <Headline data={data} />

      <Section
        id="ex-kpis"
        title="Business KPIs"
        testid="kpis"
        intro={
          <>
            Per model and day, {period}. Dashed lines are production deployments (red: rolled back), so a step lines up with the release
            that made it.
          </>
        }
      >
        {data.kpis.length === 0 ? (
          <EmptyState title={`No KPI points for these models, ${period}.`}>
            An admin defines each KPI (name, unit, direction, owner) under Admin, KPIs; a reporting job then posts values with{" "}
            <code className="text-xs">POST /api/v1/kpis</code>.
          </EmptyState>
        ) : (
          <div className="grid gap-4 lg:grid-cols-2">
            {data.kpis.map((k) => (
              <KpiChart key={k.name} kpi={k} markers={data.markers} from={from} to={to} />
            ))}
          </div>
        )}
      </Section>

      <Section
        id="ex-rollouts"
        title="Canary and rollouts"
        testid="rollouts"
        intro={
          <>
            Production rollouts in progress or finished {period.replace("last", "in the last")}, each against the version it replaces over
            the same window: (canary − baseline) ÷ baseline. A KPI moving against its direction by more than 0.5% is a regression (p99: 2%,
            the sketches' accuracy).
          </>
        }
      >
        <Rollouts rollouts={data.rollouts} />
      </Section>

      <Section
        id="ex-health"
        title="Portfolio health"
        testid="health"
        intro={<>Each model's production version, {period}: availability (requests answered without error) and p99 latency.</>}
      >
        <PortfolioHealth rows={data.portfolio} />
      </Section>

      <Section id="ex-compliance" title="Compliance activity" testid="compliance">
        <Compliance c={data.compliance} periodLabel={period} />
      </Section>

      {data.reviews && (
        <Section
          id="ex-reviews"
          title="Periodic reviews"
          testid="reviews"
          intro={<>Production models' reviews overdue and due within 30 days, as of now.</>}
        >
          <ExecutiveReviewsPanel r={data.reviews} />
        </Section>
      )}
    </div>
  );
}
