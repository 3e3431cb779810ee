"use client";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useWidth } from "@/components/fairness/use-width";
import type { OnCallVersionView, Range } from "@/lib/dashboards/schemas";
import { count, hhmm, ms, pct, tick, when } from "./format";
import { StartupLegend, startupAreas } from "./startup-windows";

const AXIS = { fontSize: 11, fill: "#4b5563" };
const COLOURS = { p50: "#5b8fb8", p95: "#b45309", p99: "#b42318", errors: "#b42318", traffic: "#a9c3da", deploy: "#7c3aed" };

type Props = { v: OnCallVersionView; range: Range; from: number; to: number };

function Deployments({ v }: { v: OnCallVersionView }) {
  return v.deployments.map((d) => (
    <ReferenceLine
      key={`${d.t}-${d.status}`}
      x={d.t}
      stroke={COLOURS.deploy}
      strokeDasharray="4 3"
      ifOverflow="hidden"
      label={{ value: `deploy ${d.strategy}`, position: "insideTopLeft", fontSize: 10, fill: COLOURS.deploy }}
    />
  ));
}

const tooltipTime = (t: unknown) => when(Number(t));
// Legend labels in the text colour: a pale series colour (the traffic bars) would be hard to read.
const legendText = (value: string) => <span style={{ color: "#1c2430" }}>{value}</span>;

/** p50, p95 and p99 latency over the range, with deployments as dashed vertical lines. */
export function LatencyChart({ v, range, from, to }: Props) {
  const { ref, narrow } = useWidth<HTMLDivElement>();
  const last = v.points[v.points.length - 1];
  const deploys = v.deployments.length
    ? ` Deployments: ${v.deployments.map((d) => `${d.strategy} ${d.status} at ${when(d.t)}`).join("; ")}; the 10 minutes after each are shaded as its start-up window.`
    : "";
  return (
    <figure className="min-w-0" data-testid="latency-chart">
      <figcaption className="mb-1 text-sm font-medium">Latency (ms)</figcaption>
      <div
        ref={ref}
        role="img"
        aria-label={`Latency of ${v.model} ${v.version} over the range: p50 ${ms(v.totals.p50)}, p95 ${ms(v.totals.p95)}, p99 ${ms(v.totals.p99)}${last ? `; latest bucket (${hhmm(last.t)} UTC) p99 ${ms(last.p99)}` : ""}.${deploys}`}
        className="h-52"
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={v.points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e5e7eb" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              tickFormatter={tick(range)}
              tick={AXIS}
              minTickGap={narrow ? 28 : 40}
            />
            <YAxis tick={AXIS} width={44} tickFormatter={(n: number) => String(Math.round(n))} />
            <Tooltip labelFormatter={tooltipTime} formatter={(n) => ms(Number(n))} />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
            {startupAreas(v)}
            {Deployments({ v })}
            <Line dataKey="p50" name="p50" stroke={COLOURS.p50} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />
            <Line dataKey="p95" name="p95" stroke={COLOURS.p95} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />
            <Line dataKey="p99" name="p99" stroke={COLOURS.p99} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Requests per bucket as bars, the error rate as a line on its own axis, deployments marked and their start-up windows shaded. */
export function TrafficChart({ v, range, from, to }: Props) {
  const { ref, narrow } = useWidth<HTMLDivElement>();
  const data = v.points.map((p) => ({ ...p, errorPct: p.errorRate * 100 }));
  return (
    <figure className="min-w-0" data-testid="traffic-chart">
      <figcaption className="mb-1 text-sm font-medium">Requests and error rate</figcaption>
      <div
        ref={ref}
        role="img"
        aria-label={`Traffic of ${v.model} ${v.version} over the range: ${count(v.totals.count)} requests, ${count(v.totals.errors)} errors (${pct(v.totals.errorRate)}).`}
        className="h-52"
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 0, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e5e7eb" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              tickFormatter={tick(range)}
              tick={AXIS}
              minTickGap={narrow ? 28 : 40}
            />
            <YAxis yAxisId="n" tick={AXIS} width={40} allowDecimals={false} />
            <YAxis
              yAxisId="e"
              orientation="right"
              tick={AXIS}
              width={44}
              tickFormatter={(n: number) => `${Number(n.toFixed(2))}%`}
              domain={[0, (max: number) => Math.max(1, Math.ceil(max))]}
            />
            <Tooltip
              labelFormatter={tooltipTime}
              formatter={(n, name) => (name === "error rate" ? `${Number(Number(n).toFixed(3))}%` : count(Number(n)))}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
            {startupAreas(v, "n")}
            {v.deployments.map((d) => (
              <ReferenceLine
                key={`${d.t}-${d.status}`}
                yAxisId="n"
                x={d.t}
                stroke={COLOURS.deploy}
                strokeDasharray="4 3"
                ifOverflow="hidden"
              />
            ))}
            <Bar yAxisId="n" dataKey="count" name="requests" fill={COLOURS.traffic} isAnimationActive={false} />
            <Line
              yAxisId="e"
              dataKey="errorPct"
              name="error rate"
              stroke={COLOURS.errors}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <StartupLegend v={v} />
    </figure>
  );
}
