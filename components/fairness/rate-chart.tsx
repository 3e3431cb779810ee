"use client";
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, LabelList, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { rate } from "./format";
import { GroupTick } from "./group-tick";
import { useWidth } from "./use-width";

export type RatePoint = {
  group: string;
  value: number | null;
  low: number | null;
  high: number | null;
  isReference: boolean;
  tooSmall: boolean;
};

const COLOURS = { reference: "var(--color-brand-dark)", normal: "#5b8fb8", small: "#c7ced8" };

type Row = RatePoint & { name: string; v: number; err: [number, number]; shown: string };

/** The value, written just past the upper end of its interval so the two never overlap. */
function ValueLabel(props: {
  x?: number | string;
  y?: number | string;
  width?: number | string;
  height?: number | string;
  index?: number;
  rows: Row[];
  fontSize: number;
}) {
  const row = props.rows[props.index ?? 0];
  const x = Number(props.x ?? 0);
  const w = Number(props.width ?? 0);
  const end = row.v > 0 && row.high !== null ? x + (w / row.v) * row.high : x + w;
  return (
    <text
      x={end + 6}
      y={Number(props.y ?? 0) + Number(props.height ?? 0) / 2}
      dominantBaseline="central"
      fontSize={props.fontSize}
      fill="#1c2430"
    >
      {row.shown}
    </text>
  );
}

/** One rate by group: bars with their 95% Wilson interval; the reference group dark and labelled, small groups grey. */
export function RateChart({ points, label }: { points: RatePoint[]; label: string }) {
  const { ref, narrow } = useWidth<HTMLDivElement>();
  const data: Row[] = points.map((p) => ({
    ...p,
    name: p.isReference ? `${p.group} (reference)` : p.group,
    v: p.value ?? 0,
    err: p.value === null || p.low === null || p.high === null ? [0, 0] : [p.value - p.low, p.high - p.value],
    shown: p.value === null ? "no data" : rate(p.value),
  }));
  const fontSize = narrow ? 11 : 12;
  const yWidth = narrow ? 96 : 132;
  const height = 48 + data.length * 40;
  const description = points
    .map(
      (p) =>
        `${p.group}${p.isReference ? " (reference)" : ""}: ${p.value === null ? "no data" : `${rate(p.value)}, 95% interval ${rate(p.low)} to ${rate(p.high)}`}${p.tooSmall ? ", too small to judge" : ""}`,
    )
    .join("; ");
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium">
        {label} by group <span className="font-normal text-muted">(with 95% intervals)</span>
      </figcaption>
      <div ref={ref} role="img" aria-label={`${label} by group. ${description}.`} style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 4, right: narrow ? 44 : 52, bottom: 4, left: 0 }}
            accessibilityLayer={false}
          >
            <CartesianGrid horizontal={false} stroke="#e5e7eb" />
            <XAxis
              type="number"
              domain={[0, 1]}
              ticks={narrow ? [0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1]}
              tick={{ fontSize, fill: "#4b5563" }}
            />
            <YAxis
              type="category"
              dataKey="name"
              width={yWidth}
              tick={(t: object) => <GroupTick {...t} width={yWidth} fontSize={fontSize} />}
              interval={0}
            />
            <Bar dataKey="v" isAnimationActive={false} barSize={18}>
              {data.map((d) => (
                <Cell key={d.group} fill={d.isReference ? COLOURS.reference : d.tooSmall ? COLOURS.small : COLOURS.normal} />
              ))}
              <ErrorBar dataKey="err" width={6} stroke="#1c2430" strokeWidth={1.2} direction="x" isAnimationActive={false} />
              <LabelList dataKey="shown" content={(p) => <ValueLabel {...(p as object)} rows={data} fontSize={fontSize} />} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
