"use client";
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceArea, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { ratio } from "./format";
import { GroupTick } from "./group-tick";
import { useWidth } from "./use-width";

export type DisparityPoint = { group: string; disparity: number | null; isReference: boolean; tooSmall: boolean; fails: boolean };

const TICKS = [0.25, 0.5, 0.8, 1, 1.25, 2, 4, 8, 16];

/**
 * Each group's disparity against the reference, as a bar from 1 on a log scale (so 0.5 and 2 are equally far), over
 * the pass band: a failing group's bar is red and crosses out of the band.
 */
export function DisparityChart({
  points,
  label,
  thresholds,
  reference,
}: {
  points: DisparityPoint[];
  label: string;
  thresholds: { min: number; max: number };
  reference: string | null;
}) {
  const { ref, narrow } = useWidth<HTMLDivElement>();
  const fontSize = narrow ? 11 : 12;
  const yWidth = narrow ? 96 : 132;
  const shown = points.filter((p) => !p.isReference);
  const values = shown.map((p) => p.disparity).filter((d): d is number => d !== null && d > 0);
  const lo = Math.min(0.5, thresholds.min * 0.8, ...values.map((v) => v * 0.8));
  const hi = Math.max(2, thresholds.max * 1.25, ...values.map((v) => v * 1.25));
  const data = shown.map((p) => {
    const d = p.disparity !== null && p.disparity > 0 ? p.disparity : null;
    return {
      ...p,
      range: d === null ? [1, 1] : [Math.min(1, d), Math.max(1, d)],
      text:
        p.disparity === null
          ? "no ratio"
          : `${ratio(p.disparity)}×${p.fails ? " fails" : p.tooSmall ? (narrow ? " small" : " (too small)") : ""}`,
    };
  });
  if (data.length === 0) return <p className="text-sm text-muted">Only the reference group has data: there is nothing to compare.</p>;
  const height = 56 + data.length * 40;
  const description = data.map((d) => `${d.group}: ${d.text}`).join("; ");
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium">
        {label}: disparity against {reference ?? "the reference"} (pass band {thresholds.min}–{thresholds.max})
      </figcaption>
      <div
        ref={ref}
        role="img"
        aria-label={`${label} disparity against ${reference}. Pass band ${thresholds.min} to ${thresholds.max}. ${description}.`}
        style={{ height }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 18, right: narrow ? 72 : 96, bottom: 4, left: 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid horizontal={false} stroke="#e5e7eb" />
            <ReferenceArea
              x1={thresholds.min}
              x2={thresholds.max}
              fill="#1e7a46"
              fillOpacity={0.12}
              ifOverflow="hidden"
              label={{ value: "pass band", position: "top", fontSize: 11, fill: "#1e5f3a" }}
            />
            <ReferenceLine x={1} stroke="#1c2430" strokeDasharray="3 3" />
            <XAxis
              type="number"
              scale="log"
              domain={[lo, hi]}
              ticks={TICKS.filter((t) => t >= lo && t <= hi && (!narrow || [0.25, 0.5, 1, 2, 4, 8, 16].includes(t)))}
              tickFormatter={(t: number) => String(t)}
              tick={{ fontSize, fill: "#4b5563" }}
              allowDataOverflow
            />
            <YAxis
              type="category"
              dataKey="group"
              width={yWidth}
              tick={(t: object) => <GroupTick {...t} width={yWidth} fontSize={fontSize} />}
              interval={0}
            />
            <Bar dataKey="range" isAnimationActive={false} barSize={18}>
              {data.map((d) => (
                <Cell key={d.group} fill={d.fails ? "var(--color-bad)" : d.tooSmall ? "#c7ced8" : "#5b8fb8"} />
              ))}
              <LabelList dataKey="text" position="right" offset={8} style={{ fontSize, fill: "#1c2430" }} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
