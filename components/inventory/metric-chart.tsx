"use client";
import { useId, useMemo, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { inputClass, labelClass } from "@/components/ui/page";

/** One version of the model, oldest first: its evaluations and the metrics it was registered with. */
export type VersionMetrics = {
  version: string;
  evaluations: { dataset: string; slice: string | null; metrics: Record<string, number>; createdAt: string }[];
  registered: Record<string, number>;
};

const REGISTERED = "At registration";
const COLOURS = ["var(--color-brand)", "#b45309", "#7c3aed", "#0f766e", "#be123c", "#4d7c0f"];

/** Metric names, the most widely reported first (the default choice). */
export function metricNames(versions: VersionMetrics[]): string[] {
  const seen = new Map<string, number>();
  for (const v of versions) {
    const here = new Set([...v.evaluations.flatMap((e) => Object.keys(e.metrics)), ...Object.keys(v.registered)]);
    for (const m of here) seen.set(m, (seen.get(m) ?? 0) + 1);
  }
  return [...seen.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([m]) => m);
}

/**
 * One row per version and one series per evaluation dataset (its whole-dataset evaluations; the newest when a
 * version has several), plus the value the version was registered with.
 */
export function seriesFor(versions: VersionMetrics[], metric: string) {
  const series: string[] = [];
  const add = (s: string) => {
    if (!series.includes(s)) series.push(s);
  };
  const rows = versions.map((v) => {
    const row: Record<string, number | string> = { version: v.version };
    const newestFirst = [...v.evaluations]
      .filter((e) => e.slice === null && metric in e.metrics)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    for (const e of newestFirst)
      if (!(e.dataset in row)) {
        row[e.dataset] = e.metrics[metric];
        add(e.dataset);
      }
    if (metric in v.registered) row[REGISTERED] = v.registered[metric];
    return row;
  });
  if (rows.some((r) => REGISTERED in r)) add(REGISTERED);
  return { rows, series };
}

const fmt = (n: unknown) => (typeof n === "number" ? String(Number(n.toFixed(4))) : "—");

/** A chosen metric across the model's versions, with the same figures as a table for those who do not read charts. */
export function MetricChart({ versions }: { versions: VersionMetrics[] }) {
  const names = useMemo(() => metricNames(versions), [versions]);
  const [metric, setMetric] = useState(names[0] ?? "");
  const { rows, series } = useMemo(() => seriesFor(versions, metric), [versions, metric]);
  const id = useId();
  if (!names.length) return <p className="text-sm text-muted">No version has evaluations or metrics yet.</p>;
  const described = rows.map((r) => `${r.version}: ${series.map((s) => `${s} ${fmt(r[s])}`).join(", ")}`).join("; ");
  return (
    <div data-testid="metric-chart">
      <div className="mb-3 max-w-xs">
        <label htmlFor={`${id}-metric`} className={labelClass}>
          Metric
        </label>
        <select id={`${id}-metric`} value={metric} onChange={(e) => setMetric(e.target.value)} className={inputClass}>
          {names.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <div role="img" aria-label={`${metric} by version, oldest first. ${described}.`} className="h-64">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e5e7eb" vertical={false} />
            <XAxis dataKey="version" tick={{ fontSize: 12, fill: "#4b5563" }} interval="preserveStartEnd" />
            <YAxis domain={["auto", "auto"]} tick={{ fontSize: 12, fill: "#4b5563" }} width={52} tickFormatter={(n: number) => fmt(n)} />
            <Tooltip formatter={(v) => fmt(v)} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s, i) => (
              <Line
                key={s}
                dataKey={s}
                name={s}
                stroke={COLOURS[i % COLOURS.length]}
                strokeWidth={2}
                strokeDasharray={s === REGISTERED ? "5 4" : undefined}
                dot={{ r: 3 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand">Show as a table</summary>
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">{metric} by version</caption>
          <thead className="border-b border-line text-xs text-muted">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Version
              </th>
              {series.map((s) => (
                <th key={s} scope="col" className="py-1 pr-3 text-right font-medium wrap-anywhere">
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={String(r.version)} className="border-b border-line last:border-0">
                <th scope="row" className="py-1 pr-3 font-mono font-normal">
                  {r.version}
                </th>
                {series.map((s) => (
                  <td key={s} className="py-1 pr-3 text-right font-mono text-xs tabular-nums">
                    {fmt(r[s])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
