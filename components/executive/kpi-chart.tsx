"use client";
import Link from "next/link";
import { useRef } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useWidth } from "@/components/fairness/use-width";
import type { ExecutiveViewData } from "@/lib/dashboards/executive-schemas";
import { ChartActions } from "./chart-actions";
import { day, dayTime, kpiValue, STATUS_LABEL } from "./format";

type Kpi = ExecutiveViewData["kpis"][number];
type Marker = ExecutiveViewData["markers"][number];

const AXIS = { fontSize: 11, fill: "#4b5563" };
export const PALETTE = ["#1f5f8b", "#b45309", "#15803d", "#7c3aed", "#be185d", "#0e7490", "#4d7c0f", "#9f1239"];
const MARKER = { deploy: "#7c3aed", rollback: "#b42318" };
const HALF_DAY = 43_200_000;
const legendText = (value: string) => <span style={{ color: "#1c2430" }}>{value}</span>;

/**
 * One KPI over the period, a line per model (a day's value drawn at its midday), with every production deployment
 * of those models as a dashed vertical line at its time: a step in the line sits beside the release that made it.
 * Rollbacks are red; completed rollouts are labelled.
 */
export function KpiChart({ kpi, markers, from, to }: { kpi: Kpi; markers: Marker[]; from: number; to: number }) {
  const { ref, narrow } = useWidth<HTMLDivElement>();
  const figure = useRef<HTMLElement>(null);
  const models = kpi.series.map((s) => s.model);
  const mine = markers.filter((m) => models.includes(m.model));
  const byT = new Map<number, Record<string, number>>();
  for (const s of kpi.series) for (const p of s.points) byT.set(p.t, { ...(byT.get(p.t) ?? { t: p.t + HALF_DAY }), [s.model]: p.value });
  const data = [...byT.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
  const latest = kpi.series.map((s) => `${s.model} ${kpiValue(s.points[s.points.length - 1]?.value, kpi.unit)}`).join(", ");
  const csv = () =>
    kpi.series.flatMap((s) =>
      s.points.map((p) => ({
        kpi: kpi.name,
        unit: kpi.unit,
        model: s.model,
        day: new Date(p.t).toISOString().slice(0, 10),
        value: p.value,
      })),
    );
  return (
    <figure
      ref={figure}
      className="min-w-0 rounded-lg border border-line bg-panel p-4 print-keep"
      data-testid="kpi-chart"
      data-kpi={kpi.name}
    >
      <div className="mb-1 flex flex-wrap items-start justify-between gap-2">
        <figcaption>
          <span className="font-medium">{kpi.title}</span>{" "}
          <span className="text-sm text-muted">
            ({kpi.unit}, {kpi.aggregation === "sum" ? "daily total" : "daily mean"};{" "}
            {kpi.higherIsBetter ? "higher is better" : "lower is better"})
          </span>
          <span className="block text-xs text-muted">Owner {kpi.owner}</span>
        </figcaption>
        <ChartActions target={() => figure.current} name={`kpi-${kpi.name}`} label={`the ${kpi.title} chart`} rows={csv} />
      </div>
      <div
        ref={ref}
        role="img"
        aria-label={`${kpi.title} per day by model. Latest: ${latest}. ${mine.length} deployments marked.`}
        className="h-60 overflow-x-clip"
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 14, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e5e7eb" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              tickFormatter={day}
              tick={AXIS}
              minTickGap={narrow ? 30 : 50}
            />
            <YAxis tick={AXIS} width={56} domain={["auto", "auto"]} tickFormatter={(n: number) => kpiValue(n, kpi.unit)} />
            <Tooltip labelFormatter={(t) => day(Number(t) - HALF_DAY)} formatter={(n) => kpiValue(Number(n), kpi.unit)} />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
            {mine.map((m) => {
              const back = m.status === "rolled_back" || m.status === "failed";
              const labelled = back || m.status === "completed";
              return (
                <ReferenceLine
                  key={`${m.model}-${m.version}-${m.t}-${m.status}`}
                  x={m.t}
                  className={`exec-marker exec-marker-${m.status}`}
                  stroke={back ? MARKER.rollback : MARKER.deploy}
                  strokeDasharray="4 3"
                  strokeWidth={back ? 2 : 1}
                  ifOverflow="hidden"
                  label={
                    labelled && !narrow
                      ? {
                          value: `${m.version} ${STATUS_LABEL[m.status]}`,
                          // Near the right edge the label goes to the line's left, so it is not cut off.
                          position: m.t > from + 0.75 * (to - from) ? "insideTopRight" : "insideTopLeft",
                          fontSize: 10,
                          fill: back ? MARKER.rollback : MARKER.deploy,
                        }
                      : undefined
                  }
                />
              );
            })}
            {models.map((model, i) => (
              <Line
                key={model}
                dataKey={model}
                name={model}
                stroke={PALETTE[i % PALETTE.length]}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls
                type="linear"
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {mine.length > 0 && (
        <ul className="mt-2 space-y-0.5 text-sm" data-testid="kpi-markers" aria-label={`Deployments marked on ${kpi.title}`}>
          {mine.map((m) => (
            <li key={`${m.model}-${m.version}-${m.t}-${m.status}`}>
              <span className={m.status === "rolled_back" ? "font-medium text-bad" : "text-muted"}>{dayTime(m.t)}</span>:{" "}
              <Link
                href={`/models/${m.model}/versions/${encodeURIComponent(m.version)}`}
                className="text-brand underline underline-offset-2"
              >
                {m.model} {m.version}
              </Link>{" "}
              {m.strategy} {STATUS_LABEL[m.status] ?? m.status} at {m.trafficPercent}%
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
