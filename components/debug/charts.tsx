"use client";
import { CartesianGrid, ComposedChart, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useWidth } from "@/components/fairness/use-width";
import type { DebugViewData } from "@/lib/dashboards/debug-schemas";
import { hhmm, ms, pct, when } from "./format";

const AXIS = { fontSize: 11, fill: "#4b5563" };
const COLOURS = {
  accuracy: "#3b6e9c",
  f1: "#6b8e5a",
  labelled: "#b8860b",
  cpu: "#3b6e9c",
  memory: "#8a6bb0",
  replicas: "#4b5563",
  scale: "#b45309",
  p50: "#5b8fb8",
  p95: "#b45309",
  p99: "#b42318",
};
const legendText = (value: string) => <span style={{ color: "#1c2430" }}>{value}</span>;
const dayFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const tickOf = (span: number) => (t: number) => (span > 2 * 86_400_000 ? dayFmt.format(new Date(t)) : hhmm(t));
const tooltipTime = (t: unknown) => when(Number(t));
/** Ticks across the whole window (not only where there is data): whole hours or days, about `n` of them. */
function ticksOf(from: number, to: number, n: number): number[] {
  const unit = [3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 86_400_000].find((u) => (to - from) / u <= n) ?? 86_400_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / unit) * unit; t <= to; t += unit) out.push(t);
  return out;
}

/** Accuracy (and F1) and the labelled share over the last 7 days; labels arrive late, so recent points move. */
export function QualityChart({ data }: { data: DebugViewData }) {
  const { ref, narrow } = useWidth<HTMLDivElement>();
  const from = Date.parse(data.quality.from);
  const to = Date.parse(data.to);
  const points = data.quality.points.map((p) => ({
    t: p.t,
    accuracy: p.accuracy === null ? null : p.accuracy * 100,
    f1: p.f1 === null ? null : p.f1 * 100,
    labelled: p.labelledShare === null ? null : p.labelledShare * 100,
  }));
  const last = [...data.quality.points].reverse().find((p) => p.accuracy !== null);
  return (
    <figure className="min-w-0" data-testid="quality-chart">
      <figcaption className="mb-1 text-sm font-medium">
        Accuracy, F1 and labelled share, last 7 days ({data.quality.step === "1h" ? "hourly" : "daily"})
      </figcaption>
      <div
        ref={ref}
        role="img"
        aria-label={`Quality of ${data.model} ${data.version} over the last 7 days.${last ? ` Latest labelled point (${when(last.t)}): accuracy ${pct(last.accuracy, 1)}, F1 ${pct(last.f1, 1)}, labelled ${pct(last.labelledShare, 0)}.` : " No labelled predictions yet."}`}
        className="h-52"
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e5e7eb" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              ticks={ticksOf(from, to, narrow ? 4 : 8)}
              tickFormatter={tickOf(to - from)}
              tick={AXIS}
              minTickGap={narrow ? 28 : 40}
            />
            <YAxis tick={AXIS} width={40} domain={[0, 100]} tickFormatter={(n: number) => `${n}%`} />
            <Tooltip labelFormatter={tooltipTime} formatter={(n) => `${Number(Number(n).toFixed(1))}%`} />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
            <Line
              dataKey="accuracy"
              name="accuracy"
              stroke={COLOURS.accuracy}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
            <Line dataKey="f1" name="F1" stroke={COLOURS.f1} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />
            <Line
              dataKey="labelled"
              name="labelled share"
              stroke={COLOURS.labelled}
              strokeWidth={1.5}
              strokeDasharray="5 3"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** p50/p95/p99 latency and the error rate over the window. */
export function LatencyChart({ data }: { data: DebugViewData }) {
  const { ref, narrow } = useWidth<HTMLDivElement>();
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  const t = data.latency.totals;
  const points = data.latency.points.map((p) => ({ ...p, errorPct: p.errorRate === null ? null : p.errorRate * 100 }));
  return (
    <figure className="min-w-0" data-testid="latency-chart">
      <figcaption className="mb-1 text-sm font-medium">Latency (ms) and error rate, buckets of {data.latency.step}</figcaption>
      <div
        ref={ref}
        role="img"
        aria-label={`Latency of ${data.model} ${data.version} over the window: p50 ${ms(t.p50)}, p95 ${ms(t.p95)}, p99 ${ms(t.p99)}; error rate ${pct(t.errorRate)}. Earlier window: p95 ${ms(data.latency.earlier.p95)}, error rate ${pct(data.latency.earlier.errorRate)}.`}
        className="h-52"
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 0, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e5e7eb" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              ticks={ticksOf(from, to, narrow ? 4 : 8)}
              tickFormatter={tickOf(to - from)}
              tick={AXIS}
              minTickGap={narrow ? 28 : 40}
            />
            <YAxis yAxisId="ms" tick={AXIS} width={44} tickFormatter={(n: number) => String(Math.round(n))} />
            <YAxis
              yAxisId="e"
              orientation="right"
              tick={AXIS}
              width={40}
              tickFormatter={(n: number) => `${Number(n.toFixed(1))}%`}
              domain={[0, (max: number) => Math.max(1, Math.ceil(max))]}
            />
            <Tooltip
              labelFormatter={tooltipTime}
              formatter={(n, name) => (name === "error rate" ? `${Number(Number(n).toFixed(2))}%` : ms(Number(n)))}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
            <Line
              yAxisId="ms"
              dataKey="p50"
              name="p50"
              stroke={COLOURS.p50}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              yAxisId="ms"
              dataKey="p95"
              name="p95"
              stroke={COLOURS.p95}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              yAxisId="ms"
              dataKey="p99"
              name="p99"
              stroke={COLOURS.p99}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
            <Line
              yAxisId="e"
              dataKey="errorPct"
              name="error rate"
              stroke="#4b5563"
              strokeWidth={1}
              strokeDasharray="2 2"
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** CPU and memory over the window with replicas as a step line; dashed lines where the autoscaler changed replicas. */
export function ResourcesChart({ data, environment }: { data: DebugViewData; environment: string }) {
  const { ref, narrow } = useWidth<HTMLDivElement>();
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  const points = data.resources.points
    .filter((p) => p.environment === environment)
    .map((p) => ({ t: Date.parse(p.ts), cpu: p.cpu, memory: p.memoryMb, replicas: p.replicas }));
  const events = data.resources.events.filter((e) => e.environment === environment);
  const cpuMax = Math.max(...points.map((p) => p.cpu));
  const memMax = Math.max(...points.map((p) => p.memory));
  const scaling = events.length
    ? ` Autoscaling: ${events.map((e) => `${e.fromReplicas} to ${e.toReplicas} replicas at ${when(e.ts)}`).join("; ")}.`
    : " No autoscaling in the window.";
  return (
    <figure className="min-w-0" data-testid="resources-chart">
      <figcaption className="mb-1 text-sm font-medium">CPU (cores), memory and replicas ({environment})</figcaption>
      <div
        ref={ref}
        role="img"
        aria-label={`Resources of ${data.model} ${data.version} in ${environment}: CPU up to ${Number(cpuMax.toFixed(2))} cores, memory up to ${Math.round(memMax)} MB.${scaling}`}
        className="h-56"
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 0, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e5e7eb" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              ticks={ticksOf(from, to, narrow ? 4 : 8)}
              tickFormatter={tickOf(to - from)}
              tick={AXIS}
              minTickGap={narrow ? 28 : 40}
            />
            <YAxis yAxisId="pct" tick={AXIS} width={40} tickFormatter={(n: number) => String(Number(n.toFixed(1)))} />
            <YAxis yAxisId="mb" orientation="right" tick={AXIS} width={44} tickFormatter={(n: number) => String(Math.round(n))} />
            <YAxis yAxisId="r" hide allowDecimals={false} domain={[0, (max: number) => max + 1]} />
            <Tooltip
              labelFormatter={tooltipTime}
              formatter={(n, name) =>
                name === "CPU (cores)"
                  ? `${Number(Number(n).toFixed(2))} cores`
                  : name === "memory (MB)"
                    ? `${Math.round(Number(n))} MB`
                    : String(n)
              }
            />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
            {events.map((e) => (
              <ReferenceLine
                key={`${e.ts}-${e.toReplicas}`}
                yAxisId="pct"
                x={Date.parse(e.ts)}
                stroke={COLOURS.scale}
                strokeDasharray="4 3"
                ifOverflow="hidden"
                label={{ value: `${e.fromReplicas}→${e.toReplicas}`, position: "insideTopLeft", fontSize: 10, fill: COLOURS.scale }}
              />
            ))}
            <Line
              yAxisId="pct"
              dataKey="cpu"
              name="CPU (cores)"
              stroke={COLOURS.cpu}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="mb"
              dataKey="memory"
              name="memory (MB)"
              stroke={COLOURS.memory}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="r"
              dataKey="replicas"
              name="replicas (step)"
              type="stepAfter"
              stroke={COLOURS.replicas}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
