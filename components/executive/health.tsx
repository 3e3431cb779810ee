"use client";
import Link from "next/link";
import { useRef, useState } from "react";
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { RiskBadge } from "@/components/ui/badges";
import { EmptyState } from "@/components/ui/page";
import { TableScroll } from "@/components/ui/table-scroll";
import type { ExecutiveViewData } from "@/lib/dashboards/executive-schemas";
import { ChartActions } from "./chart-actions";
import { day, kpiValue, share } from "./format";

type Row = ExecutiveViewData["portfolio"][number];
type Key = "model" | "riskTier" | "requests" | "availability" | "p99";
const TIER_RANK = { low: 0, medium: 1, high: 2, critical: 3 };
const COLUMNS: [Key, string][] = [
  ["model", "Model"],
  ["riskTier", "Risk tier"],
  ["requests", "Requests"],
  ["availability", "Availability"],
  ["p99", "p99 latency"],
];

function compare(key: Key) {
  return (a: Row, b: Row) => {
    if (key === "model") return a.model.localeCompare(b.model);
    if (key === "riskTier") return TIER_RANK[a.riskTier] - TIER_RANK[b.riskTier];
    // Models without traffic sort last either way.
    const x = a[key];
    const y = b[key];
    if (x === null) return y === null ? 0 : 1;
    if (y === null) return -1;
    return x - y;
  };
}

/** Availability and p99 of each model's production version over the period: a sortable table, then small multiples. */
export function PortfolioHealth({ rows }: { rows: Row[] }) {
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: "availability", desc: false });
  const figure = useRef<HTMLElement>(null);
  if (!rows.length)
    return (
      <EmptyState title="No model in production for this filter.">
        A version reaches production through an approved release (Releases); widen the team or risk tier to see the rest of the portfolio.
      </EmptyState>
    );
  const sorted = [...rows].sort(compare(sort.key));
  if (sort.desc) sorted.reverse();
  const csv = () =>
    rows.map((r) => ({
      model: r.model,
      version: r.version,
      team: r.team,
      riskTier: r.riskTier,
      requests: r.requests,
      availability: r.availability,
      p99Ms: r.p99,
    }));
  const served = rows.filter((r) => r.points.length > 0);
  return (
    <>
      <div className="mb-2 flex justify-end">
        <ChartActions target={() => figure.current} name="portfolio-health" label="portfolio health" rows={csv} />
      </div>
      <TableScroll label="Portfolio health table">
        <table className="relative w-full min-w-[36rem] text-sm" data-testid="health-table">
          <caption className="sr-only">Availability and p99 latency per model in production; select a column heading to sort.</caption>
          <thead>
            <tr className="border-b border-line text-left">
              {COLUMNS.map(([key, label]) => (
                <th
                  key={key}
                  scope="col"
                  className={`py-2 pr-3 font-medium ${key === "model" || key === "riskTier" ? "" : "text-right"}`}
                  aria-sort={sort.key === key ? (sort.desc ? "descending" : "ascending") : undefined}
                >
                  <button
                    type="button"
                    className="underline-offset-2 hover:underline"
                    onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }))}
                  >
                    {label}
                    <span aria-hidden className="ml-1 text-muted">
                      {sort.key === key ? (sort.desc ? "▼" : "▲") : ""}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.model} className="border-b border-line last:border-0" data-testid="health-row">
                <td className="py-2 pr-3">
                  <Link href={`/models/${r.model}`} className="font-medium text-brand underline underline-offset-2">
                    {r.model}
                  </Link>{" "}
                  <Link
                    href={`/models/${r.model}/versions/${encodeURIComponent(r.version)}`}
                    className="font-mono text-xs text-muted underline underline-offset-2"
                  >
                    {r.version}
                  </Link>
                </td>
                <td className="py-2 pr-3">
                  <RiskBadge tier={r.riskTier} />
                </td>
                <td className="py-2 pr-3 text-right tabular-nums">{r.requests.toLocaleString("en")}</td>
                <td
                  className={`py-2 pr-3 text-right tabular-nums ${r.availability !== null && r.availability < 0.999 ? "font-medium text-bad" : ""}`}
                >
                  {share(r.availability, 2)}
                </td>
                <td className="py-2 pr-3 text-right tabular-nums">{kpiValue(r.p99, "ms")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <figure ref={figure} className="mt-4" data-testid="health-multiples">
        <figcaption className="mb-2 text-sm text-muted">
          p99 latency per day of each production version, over the days it had traffic in the period; availability beside the name.
        </figcaption>
        {served.length === 0 ? (
          <p className="text-sm text-muted">No telemetry in the period: serving gateways post it with POST /api/v1/telemetry.</p>
        ) : (
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
            {served.map((r) => (
              <div key={r.model} className="min-w-0 rounded border border-line p-2 print-keep" data-testid="health-multiple">
                <p className="truncate text-xs font-medium">
                  {r.model} <span className="text-muted">{share(r.availability, 2)}</span>
                </p>
                <div
                  role="img"
                  aria-label={`${r.model} ${r.version}: p99 ${kpiValue(r.p99, "ms")} over the period, availability ${share(r.availability, 2)}.`}
                  className="h-20 overflow-x-clip"
                >
                  <ResponsiveContainer width="100%" height="100%">
                    <LineChart data={r.points} margin={{ top: 4, right: 4, bottom: 0, left: 0 }} accessibilityLayer={false}>
                      <XAxis dataKey="t" type="number" domain={["dataMin", "dataMax"]} hide />
                      <YAxis hide domain={["auto", "auto"]} />
                      <Tooltip labelFormatter={(t) => day(Number(t))} formatter={(n) => kpiValue(Number(n), "ms")} />
                      <Line
                        dataKey="p99"
                        name={`${r.model} p99`}
                        stroke="#b42318"
                        strokeWidth={1.5}
                        dot={false}
                        isAnimationActive={false}
                        connectNulls
                      />
                    </LineChart>
                  </ResponsiveContainer>
                </div>
              </div>
            ))}
          </div>
        )}
      </figure>
    </>
  );
}
