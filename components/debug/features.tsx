"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useWidth } from "@/components/fairness/use-width";
import type { DebugFeatureView, DebugViewData } from "@/lib/dashboards/debug-schemas";
import { METHOD, num, pct, STAT } from "./format";

const AXIS = { fontSize: 11, fill: "#4b5563" };
/** Calm, distinguishable in greyscale too: the reference pale grey, the window blue, the earlier window sand. */
export const DIST_COLOURS = { reference: "#b8c2cc", current: "#3b6e9c", earlier: "#d9a95b" };
const legendText = (value: string) => <span style={{ color: "#1c2430" }}>{value}</span>;
const base = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

export function VerdictBadge({ verdict }: { verdict: DebugFeatureView["verdict"] }) {
  if (verdict === "drifted") return <span className={`${base} bg-red-50 text-red-800 ring-red-300`}>drifted</span>;
  if (verdict === "stable") return <span className={`${base} bg-emerald-50 text-emerald-900 ring-emerald-300`}>stable</span>;
  return (
    <span className={`${base} bg-slate-100 text-slate-700 ring-slate-300`} title="Fewer than 30 values in the window: not judged">
      not enough data
    </span>
  );
}

function summary(f: DebugFeatureView, label: string): string {
  const top = [...f.distribution].sort((a, b) => Math.abs((b.current ?? 0) - b.reference) - Math.abs((a.current ?? 0) - a.reference))[0];
  const gap =
    top && top.current !== null
      ? ` The largest change is in bin ${top.bin}: ${pct(top.reference, 0)} of the reference, ${pct(top.current, 0)} in the ${label}.`
      : "";
  return `Distribution of ${f.name}: the reference, the ${label} and the earlier window, as shares per bin.${gap}`;
}

function DistributionChart({ f, label }: { f: DebugFeatureView; label: string }) {
  const { ref, narrow } = useWidth<HTMLDivElement>();
  // Long bin labels ("30,364–35,442") are tilted, and the axis made tall enough that they clear the legend.
  const tilt = f.distribution.length > 6;
  const longest = Math.max(0, ...f.distribution.map((d) => d.bin.length));
  const data = f.distribution.map((d) => ({
    bin: d.bin,
    reference: d.reference * 100,
    current: d.current === null ? null : d.current * 100,
    earlier: d.earlier === null ? null : d.earlier * 100,
  }));
  return (
    <div ref={ref} role="img" aria-label={summary(f, label)} className="h-48" data-testid="distribution-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }} barCategoryGap="18%" barGap={1} accessibilityLayer={false}>
          <CartesianGrid stroke="#e5e7eb" vertical={false} />
          <XAxis
            dataKey="bin"
            tick={AXIS}
            interval={narrow ? "preserveStartEnd" : 0}
            angle={tilt ? -30 : 0}
            textAnchor={tilt ? "end" : "middle"}
            height={tilt ? Math.min(72, 16 + longest * 3.2) : 24}
          />
          <YAxis tick={AXIS} width={36} tickFormatter={(n: number) => `${Math.round(n)}%`} />
          <Tooltip formatter={(n) => `${Number(Number(n).toFixed(1))}%`} />
          <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
          <Bar dataKey="reference" name="reference" fill={DIST_COLOURS.reference} isAnimationActive={false} />
          <Bar dataKey="current" name={`${label} (${f.n.toLocaleString("en")})`} fill={DIST_COLOURS.current} isAnimationActive={false} />
          <Bar
            dataKey="earlier"
            name={`earlier window (${f.earlier.n.toLocaleString("en")})`}
            fill={DIST_COLOURS.earlier}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function Figure({ k, v, title }: { k: string; v: string; title?: string }) {
  return (
    <div title={title}>
      <dt className="text-xs text-muted">{k}</dt>
      <dd className="font-mono tabular-nums">{v}</dd>
    </div>
  );
}

function FeatureItem({ f, label }: { f: DebugFeatureView; label: string }) {
  const id = `dbg-f-${f.name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  const stat = STAT[f.method];
  return (
    <li className="rounded-md border border-line bg-white p-3" data-testid="drift-feature">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h3 id={id} className="font-mono text-sm font-semibold break-all">
          {f.name}
        </h3>
        <VerdictBadge verdict={f.verdict} />
        <span className="text-xs text-muted">
          {f.type}, {METHOD[f.method]}
        </span>
      </div>
      <dl className="mb-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-5">
        <Figure k={stat} v={num(f.statistic)} title={`${METHOD[f.method]} statistic`} />
        <Figure k="p-value" v={f.pValue === null ? "n/a" : num(f.pValue)} />
        <Figure k="PSI" v={num(f.psi)} title="Population stability index on the reference's bins" />
        <Figure k="Missing" v={pct(f.missingRate, 1)} />
        <Figure k="Earlier" v={f.earlier.verdict === "not_enough_data" ? "no data" : `${f.earlier.verdict}, PSI ${num(f.earlier.psi)}`} />
      </dl>
      <DistributionChart f={f} label={label} />
    </li>
  );
}

/** Every feature of the reference judged on the whole window, most drifted first, each with its distributions. */
export function FeaturesPanel({ data, label }: { data: DebugViewData; label: string }) {
  const drifted = data.drift.features.filter((f) => f.verdict === "drifted").length;
  return (
    <section aria-labelledby="dbg-features" className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5" data-testid="features-panel">
      <h2 id="dbg-features" className="mb-1 text-lg font-semibold">
        Features by drift
      </h2>
      {!data.drift.reference ? (
        <p className="rounded-md border border-dashed border-line p-4 text-sm" data-testid="no-reference">
          {data.model} <span className="font-mono">{data.version}</span> has no reference profile, so its inputs cannot be compared with
          training. The version's contributors register one with{" "}
          <code className="text-xs break-all">
            PUT /api/v1/models/{data.model}/versions/{data.version}/reference
          </code>{" "}
          (e.g. <code className="text-xs break-all">{'{"features": {"age": {"type": "numeric", "values": [...]}}}'}</code>); windows are
          counted from the telemetry that arrives after it.
        </p>
      ) : data.drift.features.length === 0 ? (
        <p className="text-sm">The reference profile holds no features.</p>
      ) : (
        <>
          <p className="mb-3 text-sm text-muted" data-testid="features-summary">
            {drifted === 0 ? "No feature has drifted" : `${drifted} of ${data.drift.features.length} features drifted`} in the {label}{" "}
            against the reference profile (each by its default test at p ≤ 0.05, or the distance threshold 0.1). Bars are shares per bin:
            the reference, the {label}, and the earlier window (values counted in brackets; under 30 are not judged).
          </p>
          <ol className="grid gap-3 lg:grid-cols-2" aria-label="Features, most drifted first">
            {data.drift.features.map((f) => (
              <FeatureItem key={f.name} f={f} label={label} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
