"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SecurityEventKind } from "@/lib/security/schemas";
import { KIND_COLOUR, KIND_LABEL } from "./kinds";

export type SecurityDay = { label: string } & Record<SecurityEventKind, number>;

const KINDS: SecurityEventKind[] = ["sign_in_refused", "token_refused", "permission_denied"];

/** The week's events per UTC day, stacked by kind; the same figures are read out to screen readers. */
export function SecurityChart({ days }: { days: SecurityDay[] }) {
  const described = days.map((d) => `${d.label}: ${KINDS.map((k) => `${d[k]} ${KIND_LABEL[k].toLowerCase()}`).join(", ")}`).join("; ");
  return (
    <div
      role="img"
      aria-label={`Security events per UTC day over the last 7 days. ${described}.`}
      className="h-48"
      data-testid="security-chart"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e5e7eb" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#4b5563" }} interval="preserveStartEnd" minTickGap={8} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#4b5563" }} width={40} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => KINDS.indexOf(item.dataKey as SecurityEventKind)} />
          {KINDS.map((k) => (
            <Bar
              key={k}
              dataKey={k}
              name={KIND_LABEL[k]}
              stackId="events"
              fill={KIND_COLOUR[k]}
              isAnimationActive={false}
              maxBarSize={36}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
