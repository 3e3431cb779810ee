"use client";
import Link from "next/link";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useWidth } from "@/components/fairness/use-width";
import type { OnCallVersionView, Range } from "@/lib/dashboards/schemas";
import { debugLink } from "./alerts-panel";
import { pct, tick, when } from "./format";

const AXIS = { fontSize: 11, fill: "#4b5563" };
const legendText = (value: string) => <span style={{ color: "#1c2430" }}>{value}</span>;
const hours = (h: number) => (h >= 48 ? `${(h / 24).toFixed(1)} d` : `${h.toFixed(1)} h`);

/**
 * Model health beside the serving figures: drift over the range against the reference profile (with the drifted
 * features, the feature missing rate and the drift-to-retrain gap), quality from labels, and CPU from /resources.
 */
export function HealthRow({ v }: { v: OnCallVersionView }) {
  const d = v.drift;
  const q = v.quality;
  const r = v.resources;
  if (!d && !q && !r) return null;
  return (
    <dl className="mb-3 grid gap-x-4 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4" data-testid="health-row">
      {d && (
        <div>
          <dt className="text-xs text-muted">Data drift</dt>
          <dd data-testid="drift-indicator">
            {d.drifted.length ? (
              <Link href={debugLink(v.model, v.version)} className="font-medium text-bad underline underline-offset-2">
                {d.drifted.length} of {d.judged} features drifted: {d.drifted.slice(0, 3).join(", ")}
                {d.drifted.length > 3 ? "…" : ""}
              </Link>
            ) : d.judged ? (
              <span className="text-ok">none of {d.judged} features</span>
            ) : (
              <span className="text-muted">not enough values to judge</span>
            )}
          </dd>
        </div>
      )}
      {d && (
        <div>
          <dt className="text-xs text-muted">Feature missing rate · drift → retrain</dt>
          <dd className="tabular-nums">
            {pct(d.missingRate)} ·{" "}
            {d.retrain ? (
              d.retrain.retrainedAt ? (
                <span>retrained {hours(d.retrain.gapHours)} after drift</span>
              ) : (
                <span className="text-warn">
                  not retrained for {hours(d.retrain.gapHours)} since {when(d.retrain.driftSince)}
                </span>
              )
            ) : (
              <span className="text-muted">no drift alert in 30 d</span>
            )}
          </dd>
        </div>
      )}
      {q && (
        <div>
          <dt className="text-xs text-muted">Quality, last 24 h of labels</dt>
          <dd className="tabular-nums" data-testid="quality-latest">
            {q.latest.accuracy !== null
              ? `accuracy ${q.latest.accuracy.toFixed(3)}`
              : q.latest.mae !== null
                ? `MAE ${q.latest.mae.toFixed(3)}`
                : "—"}{" "}
            · {q.latest.labelled.toLocaleString("en")} labelled ({pct(q.latest.labelledShare, 0)})
          </dd>
        </div>
      )}
      {r && (
        <div>
          <dt className="text-xs text-muted">CPU (cores) · replicas</dt>
          <dd className="tabular-nums">
            {r.cpu.toFixed(2)} now, {r.avgCpu.toFixed(2)} mean · {r.replicas}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** Accuracy (or MAE) over a trailing 24-hour window of labelled predictions, and the share labelled so far. */
export function QualityChart({ v, range, to }: { v: OnCallVersionView; range: Range; to: number }) {
  const { ref, narrow } = useWidth<HTMLDivElement>();
  const q = v.quality;
  if (!q) return null;
  const classification = q.points.some((p) => p.accuracy !== null);
  const from = q.points.length ? q.points[0].t : to;
  const latest = q.latest;
  return (
    <figure className="min-w-0" data-testid="quality-chart">
      <figcaption className="mb-1 text-sm font-medium">
        Quality from labels (trailing 24 h){" "}
        <span className="font-normal text-muted">— labels arrive late, so recent hours are partial</span>
      </figcaption>
      <div
        ref={ref}
        role="img"
        aria-label={`Quality of ${v.model} ${v.version}: ${classification ? `accuracy ${latest.accuracy?.toFixed(3) ?? "unknown"}` : `MAE ${latest.mae?.toFixed(3) ?? "unknown"}`} over the last 24 hours' labelled predictions, ${pct(latest.labelledShare, 0)} labelled.`}
        className="h-44"
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={q.points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e5e7eb" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              tickFormatter={tick(to - from > 36 * 3600_000 ? "7d" : range === "7d" ? "24h" : range)}
              tick={AXIS}
              minTickGap={narrow ? 28 : 40}
            />
            <YAxis
              tick={AXIS}
              width={40}
              domain={classification ? [0, 1] : ["auto", "auto"]}
              tickFormatter={(n: number) => (classification ? n.toFixed(1) : String(n))}
            />
            <Tooltip labelFormatter={(t) => when(Number(t))} formatter={(n) => Number(n).toFixed(3)} />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
            {classification ? (
              <Line
                dataKey="accuracy"
                name="accuracy"
                stroke="#1d4ed8"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ) : (
              <Line dataKey="mae" name="MAE" stroke="#1d4ed8" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
            )}
            <Line
              dataKey="labelledShare"
              name="share labelled"
              stroke="#9ca3af"
              strokeDasharray="4 3"
              strokeWidth={1.5}
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
